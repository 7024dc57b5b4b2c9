/**
 * Feeds named only by `--feeds` for one run are stored (their items need a feed id) but are not
 * listed: the scheduled collect, `collect` without `--feeds` and `feeds list` leave them out.
 */
export const sql = `
ALTER TABLE feeds ADD COLUMN listed INTEGER NOT NULL DEFAULT 1;
`;

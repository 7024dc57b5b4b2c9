/**
 * feeds.moved_from: the URL a feed had before a permanent redirect (301, 308) replaced it, so
 * the config file or a script that still names the old URL finds the same feed row.
 */
export const sql = `
ALTER TABLE feeds ADD COLUMN moved_from TEXT;
CREATE INDEX feeds_moved_from ON feeds (moved_from);
`;

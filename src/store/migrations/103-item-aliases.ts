/**
 * item_aliases: dedup keys of items that were matched to a stored story by their title, so the
 * next fetch finds them by key even after the title window has passed.
 */
export const sql = `
CREATE TABLE item_aliases (
  dedup_key TEXT PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE
);
CREATE INDEX item_aliases_item ON item_aliases (item_id);
`;

/**
 * items.title_key: the title folded for comparison (case, accents, punctuation and spacing
 * removed), so one story published by two feeds under near-identical titles is stored once.
 */
export const sql = `
ALTER TABLE items ADD COLUMN title_key TEXT;
CREATE INDEX items_title_key ON items (title_key, first_seen_at);
`;

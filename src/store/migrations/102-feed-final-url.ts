/**
 * feeds.final_url: the URL the last fetch ended at after every redirect. feeds.url follows only
 * permanent redirects (301, 308), so after a temporary one the two differ.
 */
export const sql = `
ALTER TABLE feeds ADD COLUMN final_url TEXT;
`;

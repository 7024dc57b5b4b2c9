/**
 * One row per confirmation email sent to an address, so the public form can limit how many
 * confirmation emails an address gets per day, across restarts.
 */
export const sql = `
CREATE TABLE confirmation_requests (
  id INTEGER PRIMARY KEY,
  subscriber_id INTEGER NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
  requested_at TEXT NOT NULL
);
CREATE INDEX confirmation_requests_subscriber ON confirmation_requests (subscriber_id, requested_at);
`;

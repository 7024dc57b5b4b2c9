/** Operator edits of a draft's themes: the theme before and after, kept as an audit trail. */
export const sql = `
CREATE TABLE issue_edits (
  id INTEGER PRIMARY KEY,
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  theme_index INTEGER NOT NULL,
  before_json TEXT NOT NULL,
  after_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX issue_edits_issue ON issue_edits (issue_id, id);
`;

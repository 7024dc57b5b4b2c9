import type { IssueRow } from '../domain';
import type { Database } from '../store/db';

/** List sent issues, newest first. The public archive shows only these. */
export function listSentIssues(db: Database, limit = 1000): IssueRow[] {
  return db
    .prepare("SELECT * FROM issues WHERE status = 'sent' ORDER BY issue_date DESC, id DESC LIMIT ?")
    .all(limit) as IssueRow[];
}

/** Find the sent issue of a date (YYYY-MM-DD), if any. */
export function getSentIssueByDate(db: Database, issueDate: string): IssueRow | undefined {
  return db
    .prepare("SELECT * FROM issues WHERE status = 'sent' AND issue_date = ? ORDER BY id DESC LIMIT 1")
    .get(issueDate) as IssueRow | undefined;
}

/** Build the URL of an issue's web version, the "view in browser" target of its email. */
export function archiveUrl(publicUrl: string, issueDate: string): string {
  return `${publicUrl}/archive/${issueDate}`;
}

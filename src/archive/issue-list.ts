import type { IssueRow } from '../domain';
import type { Database } from '../store/db';
import { parseDigest } from '../store/issues';

/** One line of the operator's issue list. */
export interface IssueListEntry {
  issue: IssueRow;
  themeCount: number;
  itemCount: number;
}

/** List issues newest first with their theme and item counts. Cancelled issues are included only with `includeCancelled`. */
export function listIssues(db: Database, options: { includeCancelled?: boolean; limit?: number } = {}): IssueListEntry[] {
  const filter = options.includeCancelled === true ? '' : "WHERE status <> 'cancelled'";
  const issues = db.prepare(`SELECT * FROM issues ${filter} ORDER BY id DESC LIMIT ?`).all(options.limit ?? 200) as IssueRow[];

  return issues.map((issue) => {
    const digest = parseDigest(issue);
    return { issue, themeCount: digest.themes.length, itemCount: digest.itemIds.length };
  });
}

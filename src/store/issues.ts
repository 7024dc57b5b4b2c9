import { AppError } from '../errors';
import type { Digest, IssueRow, IssueStatus } from '../domain';
import { nowIso, type Database } from './db';

/** Timestamp column set when an issue enters each status. */
const STATUS_TIMESTAMP: Partial<Record<IssueStatus, keyof IssueRow>> = {
  approved: 'approved_at',
  sending: 'sending_at',
  sent: 'sent_at',
  failed: 'failed_at',
  cancelled: 'cancelled_at',
};

export function getIssue(db: Database, id: number): IssueRow | undefined {
  return db.prepare('SELECT * FROM issues WHERE id = ?').get(id) as IssueRow | undefined;
}

/** Find the live (not cancelled) issue of a date, if any. */
export function getIssueByDate(db: Database, issueDate: string): IssueRow | undefined {
  return db
    .prepare("SELECT * FROM issues WHERE issue_date = ? AND status <> 'cancelled'")
    .get(issueDate) as IssueRow | undefined;
}

/** Resolve a command-line reference, an issue id or `latest` (the newest issue not cancelled). */
export function resolveIssue(db: Database, reference: string): IssueRow {
  if (reference === 'latest') {
    const latest = db
      .prepare("SELECT * FROM issues WHERE status <> 'cancelled' ORDER BY id DESC LIMIT 1")
      .get() as IssueRow | undefined;
    if (!latest) throw new AppError('ISSUE_NOT_FOUND', 'no issue exists yet; run `ai-daily-summary compose` first');
    return latest;
  }

  const id = Number(reference);
  if (!Number.isInteger(id) || id <= 0) {
    throw new AppError('USAGE', `"${reference}" is not an issue id; pass a number or "latest"`);
  }
  const issue = getIssue(db, id);
  if (!issue) throw new AppError('ISSUE_NOT_FOUND', `issue ${id} not found; list issues with \`ai-daily-summary drafts list\``);
  return issue;
}

export function parseDigest(issue: IssueRow): Digest {
  return JSON.parse(issue.digest_json) as Digest;
}

/** Move an issue to a status and stamp the matching timestamp column. */
export function setIssueStatus(db: Database, id: number, status: IssueStatus, reason: string | null = null): void {
  const column = STATUS_TIMESTAMP[status];
  const stamp = column ? `, ${column} = @now` : '';
  db.prepare(`UPDATE issues SET status = @status, status_reason = @reason${stamp} WHERE id = @id`).run({
    id,
    status,
    reason,
    now: nowIso(),
  });
}

import type { Composer, Digest, IssueRow } from '../domain';
import { AppError } from '../errors';
import { writeTransaction, type Database } from '../store/db';
import { getIssueByDate, setIssueStatus } from '../store/issues';

export interface DraftIssue {
  issueDate: string;
  subject: string;
  digest: Digest;
  composer: Composer;
  fallbackReason: string | null;
  warnings: string[];
  usage: unknown;
  /** Items beyond the maximum of an issue: recorded as considered but left out. */
  leftOutItemIds: number[];
  createdAt: string;
}

/**
 * Store a draft issue and its issue_items rows (the digest's items ranked from 1, left-out
 * items with included = 0) in one write transaction. A live draft of the same date is
 * cancelled first, and an issue of that date already approved, sending, sent or failed
 * stops the write with ISSUE_STATE.
 */
export function storeDraftIssue(db: Database, draft: DraftIssue): { issueId: number; replacedIssueId: number | null } {
  return writeTransaction(db, () => {
    const existing = getIssueByDate(db, draft.issueDate);
    if (existing) assertReplaceable(existing);
    if (existing) setIssueStatus(db, existing.id, 'cancelled', 'replaced by a new compose');

    const result = db
      .prepare(
        `INSERT INTO issues (issue_date, status, subject, digest_json, composer, fallback_reason, warnings_json, usage_json, created_at)
         VALUES (@issueDate, 'draft', @subject, @digestJson, @composer, @fallbackReason, @warningsJson, @usageJson, @createdAt)`,
      )
      .run({
        issueDate: draft.issueDate,
        subject: draft.subject,
        digestJson: JSON.stringify(draft.digest),
        composer: draft.composer,
        fallbackReason: draft.fallbackReason,
        warningsJson: JSON.stringify(draft.warnings),
        usageJson: draft.usage === null || draft.usage === undefined ? null : JSON.stringify(draft.usage),
        createdAt: draft.createdAt,
      });
    const issueId = Number(result.lastInsertRowid);

    const insertItem = db.prepare('INSERT INTO issue_items (issue_id, item_id, included, rank) VALUES (?, ?, ?, ?)');
    draft.digest.itemIds.forEach((itemId, index) => insertItem.run(issueId, itemId, 1, index + 1));
    for (const itemId of draft.leftOutItemIds) insertItem.run(issueId, itemId, 0, null);

    return { issueId, replacedIssueId: existing?.id ?? null };
  });
}

/** Throw ISSUE_STATE unless the live issue of a date is a draft that a new compose may replace. */
export function assertReplaceable(existing: IssueRow): void {
  if (existing.status === 'draft') return;

  const next = existing.status === 'failed'
    ? `retry its delivery with \`ai-daily-summary send ${existing.id}\``
    : 'the next issue can be composed on the next local date';
  throw new AppError(
    'ISSUE_STATE',
    `the issue of ${existing.issue_date} (id ${existing.id}) is already ${existing.status}, and a date has one issue; ${next}`,
    { issueId: existing.id, status: existing.status },
  );
}

import type { IssueRow } from '../domain';
import { AppError } from '../errors';
import { writeTransaction, type Database } from '../store/db';
import { getIssue, setIssueStatus } from '../store/issues';

/**
 * Approve a draft so that the scheduled send delivers it. Only a draft can be approved.
 * Approving an approved issue again is a no-op, so a double click does no harm.
 */
export function approveIssue(db: Database, issueId: number): IssueRow {
  return writeTransaction(db, () => {
    const issue = requireIssue(db, issueId);
    if (issue.status === 'approved') return issue;
    if (issue.status !== 'draft') {
      throw new AppError('ISSUE_STATE', `issue ${issueId} is ${issue.status}; only a draft can be approved`, { issueId });
    }

    setIssueStatus(db, issueId, 'approved');
    return requireIssue(db, issueId);
  });
}

/**
 * Discard an issue that has not started sending (draft or approved) by cancelling it,
 * which frees its date for a new compose. Discarding a cancelled issue again is a no-op.
 */
export function discardIssue(db: Database, issueId: number, reason = 'discarded by the operator'): IssueRow {
  return writeTransaction(db, () => {
    const issue = requireIssue(db, issueId);
    if (issue.status === 'cancelled') return issue;
    if (issue.status !== 'draft' && issue.status !== 'approved') {
      throw new AppError('ISSUE_STATE', `issue ${issueId} is ${issue.status}; only a draft or an approved issue can be discarded`, { issueId });
    }

    setIssueStatus(db, issueId, 'cancelled', reason);
    return requireIssue(db, issueId);
  });
}

function requireIssue(db: Database, issueId: number): IssueRow {
  const issue = getIssue(db, issueId);
  if (!issue) throw new AppError('ISSUE_NOT_FOUND', `issue ${issueId} not found; list issues with \`ai-daily-summary drafts list\``, { issueId });
  return issue;
}

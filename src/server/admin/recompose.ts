import { composeIssue, type ComposeResult } from '../../compose/compose';
import type { AppContext } from '../../context';
import { AppError } from '../../errors';
import { localIssueDate } from '../../issue-date';
import { getIssue } from '../../store/issues';

/**
 * Compose a draft's date again. The compose stage cancels the old draft only when it stores
 * the new one, so a failed compose leaves the old draft as it was. The time passed to compose
 * picks the date and the window of items, so today's draft is recomposed at the current time
 * and an older one at its creation time.
 */
export async function recomposeIssue(context: AppContext, issueId: number): Promise<ComposeResult> {
  const issue = getIssue(context.db, issueId);
  if (!issue) throw new AppError('ISSUE_NOT_FOUND', `issue ${issueId} not found; the drafts list at /admin shows every issue`, { issueId });
  if (issue.status !== 'draft') {
    throw new AppError('ISSUE_STATE', `issue ${issueId} is ${issue.status}; only a draft can be recomposed`, { issueId });
  }

  const timeZone = context.config.schedule.timezone;
  const candidates = [new Date(), new Date(issue.created_at)];
  const now = candidates.find((instant) => localIssueDate(instant, timeZone) === issue.issue_date);
  if (!now) {
    throw new AppError('ISSUE_STATE', `issue ${issueId} belongs to ${issue.issue_date}, and neither today nor its creation time falls on that date in ${timeZone}; discard it and compose a new issue instead`, { issueId });
  }

  return composeIssue(context, { now });
}

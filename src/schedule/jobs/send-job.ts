import type { AppContext } from '../../context';
import type { IssueRow } from '../../domain';
import { errorMessage } from '../../errors';
import { getIssue, getIssueByDate } from '../../store/issues';
import type { JobBodies } from '../job-bodies';
import type { JobDefinition, JobResult } from '../scheduler';
import { checkDailyDue } from './daily-due';

/**
 * Send today's issue at `schedule.sendAt` local time. With `approval: manual` only an approved
 * issue goes out: one approved later that day is sent at the next tick, and a draft still
 * unapproved at sendAt is held or sent as `unapprovedAtDeadline` sets. An issue left in
 * `sending` by an interrupted run is resumed even when catch-up is off, one marked `failed`
 * (transport unreachable) is retried like a failed run, and a sent one is never sent again.
 */
export function sendJob(context: AppContext, bodies: JobBodies): JobDefinition {
  const { db, logger } = context;
  const schedule = context.config.schedule;
  const announcedHolds = new Set<string>();

  const doneReason = (issueDate: string): string | null => {
    const issue = getIssueByDate(db, issueDate);
    if (!issue) return `no issue for ${issueDate} yet`;
    if (issue.status === 'sent') return `issue ${issue.id} is already sent`;

    if (isHeld(issue)) {
      if (!announcedHolds.has(issueDate)) {
        announcedHolds.add(issueDate);
        logger.info({ job: 'send', issueId: issue.id, issueDate }, 'draft held until approved (approval is manual)');
      }
      return `issue ${issue.id} awaits approval`;
    }
    return null;
  };

  return {
    name: 'send',

    checkDue(now, daemonStartedAt) {
      return checkDailyDue({
        db,
        job: 'send',
        time: schedule.sendAt,
        timeZone: schedule.timezone,
        catchUp: schedule.catchUp,
        now,
        daemonStartedAt,
        doneReason,
        mustResume: (issueDate) => getIssueByDate(db, issueDate)?.status === 'sending',
      });
    },

    async run({ issueDate, signal, logger: runLogger }) {
      const issue = issueDate ? getIssueByDate(db, issueDate) : undefined;
      if (!issue) {
        runLogger.info('no issue for this date; nothing to send');
        return { status: 'skipped', summary: { reason: 'no-issue' } };
      }
      if (issue.status === 'sent') {
        runLogger.info({ issueId: issue.id, sentAt: issue.sent_at }, 'issue already sent; nothing to send');
        return { status: 'skipped', summary: { reason: 'already-sent', issueId: issue.id } };
      }
      if (isHeld(issue)) {
        runLogger.info({ issueId: issue.id, status: issue.status }, 'issue not sendable; nothing sent');
        return { status: 'skipped', summary: { reason: `issue-${issue.status}`, issueId: issue.id } };
      }
      if (issue.status === 'draft' && schedule.approval === 'manual') {
        runLogger.warn({ issueId: issue.id }, 'sending an unapproved draft at the deadline (unapprovedAtDeadline: send)');
      }

      return deliver(issue, signal, runLogger);
    },
  };

  function isHeld(issue: IssueRow): boolean {
    return issue.status === 'draft' && schedule.approval === 'manual' && schedule.unapprovedAtDeadline === 'hold';
  }

  async function deliver(issue: IssueRow, signal: AbortSignal, runLogger: AppContext['logger']): Promise<JobResult> {
    const report = await bodies.send(context, issue.id, { signal });
    const summary = {
      issueId: issue.id,
      sent: report.sent,
      failed: report.failed,
      bounced: report.bounced,
      skipped: report.skipped,
      alreadySent: report.alreadySent,
    };

    if (report.alreadySent) {
      runLogger.info({ issueId: issue.id }, 'issue already sent; nothing to send');
      return { status: 'skipped', summary: { ...summary, reason: 'already-sent' } };
    }
    if (signal.aborted && getIssue(db, issue.id)?.status === 'sending') {
      return { status: 'failed', summary, error: `${errorMessage(signal.reason)}; delivery resumes at the next start` };
    }
    return { status: 'ok', summary };
  }
}

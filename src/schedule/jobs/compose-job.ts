import type { AppContext } from '../../context';
import { isAppError } from '../../errors';
import { getIssueByDate } from '../../store/issues';
import type { JobBodies } from '../job-bodies';
import type { JobDefinition } from '../scheduler';
import { checkDailyDue } from './daily-due';

/**
 * Compose today's draft at `schedule.composeAt` local time, once per local date. A date that
 * already has an issue (composed by another process or by hand) is left alone.
 */
export function composeJob(context: AppContext, bodies: JobBodies): JobDefinition {
  const { db } = context;
  const schedule = context.config.schedule;

  const issueReason = (issueDate: string): string | null => {
    const issue = getIssueByDate(db, issueDate);
    return issue ? `issue ${issue.id} for ${issueDate} is already ${issue.status}` : null;
  };

  return {
    name: 'compose',

    checkDue(now, daemonStartedAt) {
      return checkDailyDue({
        db,
        job: 'compose',
        time: schedule.composeAt,
        timeZone: schedule.timezone,
        catchUp: schedule.catchUp,
        now,
        daemonStartedAt,
        doneReason: issueReason,
      });
    },

    async run({ now, issueDate, logger, signal }) {
      const existing = issueDate ? issueReason(issueDate) : null;
      if (existing !== null) {
        logger.info({ reason: existing }, 'issue already composed; nothing to compose');
        return { status: 'skipped', summary: { reason: existing } };
      }

      try {
        const result = await bodies.compose(context, { now, signal });
        return {
          status: 'ok',
          summary: {
            issueId: result.issueId,
            composer: result.composer,
            themeCount: result.themeCount,
            itemCount: result.itemCount,
            fallbackReason: result.fallbackReason,
          },
        };
      } catch (error) {
        // No new items is an outcome of the day, not a fault: record it and do not retry the date.
        if (isAppError(error) && error.code === 'NO_ITEMS') {
          logger.info({ reason: error.message }, 'no new items; no issue composed');
          return { status: 'skipped', summary: { reason: 'no-items' }, error: error.message };
        }
        throw error;
      }
    },
  };
}

import type { AppContext } from '../../context';
import { lastJobRun } from '../../store/job-runs';
import type { JobBodies } from '../job-bodies';
import { collectSlotStart } from '../next-run';
import { redactUrl, redactUrlsInText } from '../redact-url';
import type { JobDefinition } from '../scheduler';

/** A feed that failed in a collect run, as /status shows it. */
export interface FailedFeedSummary {
  feedId: number | null;
  title: string | null;
  url: string;
  error: string | null;
}

/**
 * Collect every `schedule.collectEveryMinutes`: the job is due once per slot, so a daemon that
 * starts mid-slot collects at once unless any process already collected in that slot.
 */
export function collectJob(context: AppContext, bodies: JobBodies): JobDefinition {
  const everyMinutes = context.config.schedule.collectEveryMinutes;

  return {
    name: 'collect',

    checkDue(now) {
      const slotStart = collectSlotStart(now, everyMinutes);
      const last = lastJobRun(context.db, 'collect');
      if (last && Date.parse(last.started_at) >= slotStart.getTime()) {
        return { due: false, reason: `already collected at ${last.started_at}`, issueDate: null, trigger: 'schedule' };
      }
      return { due: true, reason: `collect slot ${slotStart.toISOString()}`, issueDate: null, trigger: 'schedule' };
    },

    async run({ now }) {
      const report = await bodies.collect(context, { now });

      const failedFeeds: FailedFeedSummary[] = report.feeds
        .filter((feed) => feed.status === 'failed')
        .map((feed) => ({ feedId: feed.feedId, title: feed.title, url: redactUrl(feed.url), error: feed.error === null ? null : redactUrlsInText(feed.error) }));
      const summary = { feedsOk: report.feedsOk, feedsFailed: report.feedsFailed, itemsNew: report.itemsNew, failedFeeds };

      if (report.feeds.length > 0 && report.feedsOk === 0) {
        return { status: 'failed', summary, error: `all ${report.feeds.length} feeds failed; check the network or the feed URLs` };
      }
      return { status: 'ok', summary };
    },
  };
}

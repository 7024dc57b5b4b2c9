import type { AppContext } from '../context';
import type { SendReport } from '../send/send';

/** The parts of a collect report the daemon records; `collectFeeds` returns a superset. */
export interface CollectOutcome {
  feeds: Array<{ feedId: number | null; url: string; title: string | null; status: string; error: string | null }>;
  feedsOk: number;
  feedsFailed: number;
  itemsNew: number;
  durationMs: number;
}

/** The parts of a compose result the daemon records; `composeIssue` returns a superset. */
export interface ComposeOutcome {
  issueId: number;
  issueDate: string;
  composer: string;
  themeCount: number;
  itemCount: number;
  fallbackReason: string | null;
}

/** The parts of a send report the daemon records; `sendIssue` returns a superset. */
export type SendOutcome = Pick<SendReport, 'issueId' | 'sent' | 'failed' | 'bounced' | 'skipped' | 'alreadySent' | 'durationMs'>;

/**
 * The stage functions the scheduled jobs call. Production passes collectFeeds, composeIssue and
 * sendIssue (see production-bodies.ts); tests pass fakes with controlled timing.
 */
export interface JobBodies {
  collect(context: AppContext, options: { now: Date }): Promise<CollectOutcome>;
  compose(context: AppContext, options: { now: Date; signal: AbortSignal }): Promise<ComposeOutcome>;
  send(context: AppContext, issueId: number, options: { signal: AbortSignal }): Promise<SendOutcome>;
}

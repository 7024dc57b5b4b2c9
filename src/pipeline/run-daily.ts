import fs from 'node:fs';
import path from 'node:path';
import { collectFeeds, type CollectReport } from '../collect/collect';
import { composeIssue, type ComposeResult } from '../compose/compose';
import { localIssueDate } from '../issue-date';
import type { AppContext } from '../context';
import type { IssueRow } from '../domain';
import { AppError, isAppError } from '../errors';
import { elapsedMs } from '../log';
import { takeLease, type Lease } from '../schedule/lease';
import { redactUrl, redactUrlsInText } from '../schedule/redact-url';
import { renderPreview } from '../render/render';
import { sendIssue, type SendReport } from '../send/send';
import { getIssue, getIssueByDate } from '../store/issues';
import { recordJobRun } from './record-job';

export interface RunOptions {
  /** Feed URLs, files or folders to collect instead of the configured feeds. */
  sources?: string[];
  /** Compose from items since this time (a backfill) instead of "new since the last issue". */
  since?: Date;
  /** Stop before delivery, leaving a draft. */
  draft?: boolean;
  now?: Date;
}

/** The outcome of one run of the main job, stage by stage. A stage that did not run is null. */
export interface RunReport {
  issueDate: string;
  collect: CollectReport | null;
  compose: ComposeResult | null;
  /** Set when no issue was composed this run, saying why. */
  composeSkipped: string | null;
  issueId: number | null;
  previewFile: string | null;
  send: SendReport | null;
  /** Set when delivery did not run, saying why (draft, manual approval, already sent). */
  sendSkipped: string | null;
  durationMs: number;
}

/**
 * The main job, once: collect the feeds, compose today's issue, render its preview, deliver it
 * to every confirmed subscriber. Running it again on a date whose issue was sent sends nothing
 * and reports that. An issue left in `sending` by a crash is resumed, not recomposed.
 */
export async function runDaily(context: AppContext, options: RunOptions = {}): Promise<RunReport> {
  const { config, db } = context;
  const logger = context.logger.child({ job: 'run' });
  const started = performance.now();
  const now = options.now ?? new Date();
  const issueDate = localIssueDate(now, config.schedule.timezone);
  const report: RunReport = {
    issueDate,
    collect: null,
    compose: null,
    composeSkipped: null,
    issueId: null,
    previewFile: null,
    send: null,
    sendSkipped: null,
    durationMs: 0,
  };
  logger.info({ issueDate, draft: options.draft === true }, 'run started');

  const existing = getIssueByDate(db, issueDate);
  if (existing?.status === 'sent') {
    report.issueId = existing.id;
    report.composeSkipped = `the issue for ${issueDate} (#${existing.id}) was already sent`;
    report.sendSkipped = report.composeSkipped;
    logger.info({ issueId: existing.id, issueDate }, 'issue already sent for this date; nothing to do');
    return finish(report, started, logger);
  }

  report.collect = await recordJobRun(context, 'collect', null, () => collectFeeds(context, { sources: options.sources, now }), summarizeCollect);
  if (report.collect.feeds.length === 0) {
    throw new AppError('NO_FEEDS', 'no feeds to collect; add feeds to config/config.yaml, run `ai-daily-summary feeds add URL`, or pass --feeds');
  }
  if (report.collect.feedsOk === 0) {
    const reasons = report.collect.feeds.map((feed) => `${feed.url}: ${feed.error ?? feed.status}`).slice(0, 3).join('; ');
    throw new AppError('NO_FEEDS', `none of ${report.collect.feeds.length} feeds could be collected, so nothing was composed or sent (${reasons}); check the network or the feed URLs`);
  }

  const issue = await composeOrReuse(context, options, now, report);
  if (issue === null) return finish(report, started, logger);
  if (issue.status === 'sent') {
    report.issueId = issue.id;
    report.sendSkipped = report.composeSkipped;
    return finish(report, started, logger);
  }
  report.issueId = issue.id;
  report.previewFile = await writePreview(context, issue.id);

  const holdReason = reasonToHold(context, issue, options);
  if (holdReason !== null) {
    report.sendSkipped = holdReason;
    logger.info({ issueId: issue.id, reason: holdReason }, 'delivery skipped');
    return finish(report, started, logger);
  }

  const send = await recordJobRun(context, 'send', issue.issue_date, () => sendUnlessLocked(context, issue.id), summarizeSend);
  if (send === null) {
    report.sendSkipped = `another process is sending issue #${issue.id} right now; it delivers to every subscriber`;
    logger.info({ issueId: issue.id }, 'issue is being sent by another process; nothing to do');
  }
  report.send = send;
  return finish(report, started, logger);
}

/**
 * Compose a fresh issue unless today's issue is already approved, being sent or sent, in which
 * case that one is used as it is. A draft left from an earlier run is recomposed with what is
 * new. The check runs under the compose lease, which the daemon's compose job takes too, so two
 * processes never compose at once and the second one finds the issue the first stored.
 */
async function composeOrReuse(context: AppContext, options: RunOptions, now: Date, report: RunReport): Promise<IssueRow | null> {
  const lease = await waitForComposeLease(context);

  try {
    const existing = getIssueByDate(context.db, report.issueDate);
    if (existing && existing.status !== 'draft') {
      report.composeSkipped = `the issue for ${existing.issue_date} (#${existing.id}) is already ${existing.status}`;
      return existing;
    }

    report.compose = await recordJobRun(context, 'compose', report.issueDate, () => composeIssue(context, { since: options.since, now }), (result) => ({
      status: 'ok',
      summary: { issueId: result.issueId, themeCount: result.themeCount, itemCount: result.itemCount, composer: result.composer },
    }));
    return getIssue(context.db, report.compose.issueId) ?? null;
  } catch (error) {
    if (!isAppError(error) || error.code !== 'NO_ITEMS') throw error;
    report.composeSkipped = error.message;
    context.logger.info({ reason: error.message }, 'no issue composed');
    return null;
  } finally {
    lease.release();
  }
}

/** Take the compose lease, waiting while another process composes (at most its deadline plus a minute). */
async function waitForComposeLease(context: AppContext): Promise<Lease> {
  const waitUntil = Date.now() + (context.config.compose.deadlineSeconds + 60) * 1000;
  let announced = false;

  for (;;) {
    const lease = takeLease({
      db: context.db,
      name: 'compose',
      owner: `run:${process.pid}`,
      ttlMs: 60_000,
      logger: context.logger,
      controller: new AbortController(),
    });
    if (lease !== null) return lease;

    if (Date.now() > waitUntil) {
      throw new AppError('LOCKED', 'another process (the serve daemon or a second run) has been composing an issue on this database for too long; check `ai-daily-summary status` and run again');
    }
    if (!announced) {
      context.logger.info('another process is composing an issue; waiting for it');
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Summarize a collect report as the daemon's collect job does, so /status reads both alike. */
function summarizeCollect(report: CollectReport) {
  const failedFeeds = report.feeds
    .filter((feed) => feed.status === 'failed')
    .map((feed) => ({ feedId: feed.feedId, title: feed.title, url: redactUrl(feed.url), error: feed.error === null ? null : redactUrlsInText(feed.error) }));
  const summary = { feedsOk: report.feedsOk, feedsFailed: report.feedsFailed, itemsNew: report.itemsNew, failedFeeds };
  const allFailed = report.feeds.length > 0 && report.feedsOk === 0;
  return { status: allFailed ? ('failed' as const) : ('ok' as const), summary, error: allFailed ? `all ${report.feeds.length} feeds failed` : null };
}

/** Send the issue, or return null when another process holds its send lock. */
async function sendUnlessLocked(context: AppContext, issueId: number): Promise<SendReport | null> {
  try {
    return await sendIssue(context, issueId);
  } catch (error) {
    if (isAppError(error) && error.code === 'LOCKED') return null;
    throw error;
  }
}

function summarizeSend(send: SendReport | null) {
  if (send === null) return { status: 'skipped' as const, summary: { reason: 'another process holds the send lock' } };
  const summary = { issueId: send.issueId, sent: send.sent, failed: send.failed, bounced: send.bounced, skipped: send.skipped, alreadySent: send.alreadySent };
  return { status: send.alreadySent ? ('skipped' as const) : ('ok' as const), summary };
}

function reasonToHold(context: AppContext, issue: IssueRow, options: RunOptions): string | null {
  if (options.draft === true) return 'run with --draft';
  if (issue.status === 'draft' && context.config.schedule.approval === 'manual') {
    return `approval is manual: review the draft, then run \`ai-daily-summary approve ${issue.id}\` and \`ai-daily-summary send ${issue.id}\``;
  }
  return null;
}

async function writePreview(context: AppContext, issueId: number): Promise<string> {
  const file = path.join(context.config.dataDir, 'previews', `issue-${issueId}.html`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, await renderPreview(context, issueId, 'html'));
  return file;
}

function finish(report: RunReport, started: number, logger: AppContext['logger']): RunReport {
  report.durationMs = elapsedMs(started);
  logger.info(
    {
      issueId: report.issueId,
      feedsOk: report.collect?.feedsOk ?? 0,
      feedsFailed: report.collect?.feedsFailed ?? 0,
      itemsNew: report.collect?.itemsNew ?? 0,
      themes: report.compose?.themeCount ?? 0,
      sent: report.send?.sent ?? 0,
      durationMs: report.durationMs,
    },
    'run finished',
  );
  return report;
}

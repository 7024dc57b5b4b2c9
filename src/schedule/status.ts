import type { AppContext } from '../context';
import type { DeliveryStatus, IssueRow } from '../domain';
import { nowIso, writeTransaction, type Database } from '../store/db';
import { lastJobRun, runningJobRuns, type JobRunRow } from '../store/job-runs';
import { getIssueByDate } from '../store/issues';
import { localDateOf } from './clock';
import { dailyRunAt, nextCollectRun, nextDailyRun } from './next-run';
import { redactUrl, redactUrlsInText } from './redact-url';

/** One job run as /status shows it. */
export interface JobRunStatus {
  runId: number;
  status: string;
  trigger: string | null;
  issueDate: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
  summary: Record<string, unknown>;
}

/** The JSON document `GET /status` returns. */
export interface ServiceStatus {
  now: string;
  timezone: string;
  nextRuns: { collect: string; compose: string; send: string };
  approval: string;
  lastCollect: JobRunStatus | null;
  /** Enabled feeds whose latest fetches failed, from the feeds table, whichever process collected them. */
  failingFeeds: Array<{ feedId: number; title: string | null; url: string; failureCount: number; lastError: string | null; lastSuccessAt: string | null }>;
  lastIssue: {
    issueId: number;
    issueDate: string;
    status: string;
    subject: string;
    composer: string;
    createdAt: string;
    sentAt: string | null;
    deliveries: Record<DeliveryStatus, number>;
  } | null;
  lastCompose: JobRunStatus | null;
  lastSend: JobRunStatus | null;
  runningJobs: Array<{ job: string; runId: number; issueDate: string | null; startedAt: string }>;
}

/**
 * Read what /status shows: the last collect and its failed feeds, the last issue and its
 * delivery counts, and the next scheduled runs. Feed URLs lose their query string and
 * credentials, which may carry tokens; subscriber addresses never appear.
 */
/**
 * Return when the send job runs next. Today's issue, once approved (or left sending) after
 * today's sendAt, goes out at the next one-minute tick, not at tomorrow's sendAt.
 */
function nextSendRun(context: AppContext, now: Date): Date {
  const { timezone, sendAt } = context.config.schedule;
  const today = localDateOf(now, timezone);
  const issue = getIssueByDate(context.db, today);
  const pastSendTime = now.getTime() >= dailyRunAt(today, sendAt, timezone).getTime();

  if (issue && (issue.status === 'approved' || issue.status === 'sending') && pastSendTime) {
    return new Date((Math.floor(now.getTime() / 60_000) + 1) * 60_000);
  }
  return nextDailyRun(sendAt, timezone, now);
}

export function readServiceStatus(context: AppContext, now: Date = new Date()): ServiceStatus {
  const { db } = context;
  const schedule = context.config.schedule;

  return {
    now: nowIso(now),
    timezone: schedule.timezone,
    nextRuns: {
      collect: nowIso(nextCollectRun(now, schedule.collectEveryMinutes)),
      compose: nowIso(nextDailyRun(schedule.composeAt, schedule.timezone, now)),
      send: nowIso(nextSendRun(context, now)),
    },
    approval: schedule.approval === 'manual' ? `manual; an unapproved draft is ${schedule.unapprovedAtDeadline === 'hold' ? 'held' : 'sent'} at sendAt` : 'auto',
    lastCollect: toRunStatus(lastJobRun(db, 'collect', ['ok', 'failed', 'skipped'])),
    failingFeeds: readFailingFeeds(db),
    lastIssue: readLastIssue(db),
    lastCompose: toRunStatus(lastJobRun(db, 'compose', ['ok', 'failed', 'skipped'])),
    lastSend: toRunStatus(lastJobRun(db, 'send', ['ok', 'failed', 'skipped'])),
    runningJobs: runningJobRuns(db).map((run) => ({ job: run.job, runId: run.id, issueDate: run.issue_date, startedAt: run.started_at })),
  };
}

/**
 * Prove the database takes writes: update the one-row health_checks table in an IMMEDIATE
 * transaction. Throws when the file is read-only, locked past busy_timeout or closed.
 */
export function checkDatabaseWritable(db: Database, owner: string): void {
  writeTransaction(db, () => {
    db.prepare(
      'INSERT INTO health_checks (id, checked_at, owner) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at, owner = excluded.owner',
    ).run(nowIso(), owner);
  });
}

function toRunStatus(run: JobRunRow | undefined): JobRunStatus | null {
  if (!run) return null;
  return {
    runId: run.id,
    status: run.status,
    trigger: run.trigger,
    issueDate: run.issue_date,
    startedAt: run.started_at,
    finishedAt: run.finished_at,
    durationMs: run.duration_ms,
    error: run.error === null ? null : redactUrlsInText(run.error),
    summary: run.summary_json ? (JSON.parse(run.summary_json) as Record<string, unknown>) : {},
  };
}

function readFailingFeeds(db: Database): ServiceStatus['failingFeeds'] {
  const rows = db
    .prepare('SELECT id, title, url, failure_count, last_error, last_success_at FROM feeds WHERE enabled = 1 AND failure_count > 0 ORDER BY failure_count DESC, id')
    .all() as Array<{ id: number; title: string | null; url: string; failure_count: number; last_error: string | null; last_success_at: string | null }>;
  return rows.map((row) => ({
    feedId: row.id,
    title: row.title,
    url: redactUrl(row.url),
    failureCount: row.failure_count,
    lastError: row.last_error === null ? null : redactUrlsInText(row.last_error),
    lastSuccessAt: row.last_success_at,
  }));
}

function readLastIssue(db: Database): ServiceStatus['lastIssue'] {
  const issue = db.prepare("SELECT * FROM issues WHERE status <> 'cancelled' ORDER BY issue_date DESC, id DESC LIMIT 1").get() as IssueRow | undefined;
  if (!issue) return null;

  const deliveries: Record<DeliveryStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0, bounced: 0 };
  const counts = db.prepare('SELECT status, count(*) AS count FROM deliveries WHERE issue_id = ? GROUP BY status').all(issue.id) as Array<{ status: DeliveryStatus; count: number }>;
  for (const row of counts) deliveries[row.status] = row.count;

  return {
    issueId: issue.id,
    issueDate: issue.issue_date,
    status: issue.status,
    subject: issue.subject,
    composer: issue.composer,
    createdAt: issue.created_at,
    sentAt: issue.sent_at,
    deliveries,
  };
}

import type { Database } from '../../store/db';
import { jobRunsForDate } from '../../store/job-runs';
import { localDateOf, type ClockTime } from '../clock';
import { dailyRunAt } from '../next-run';
import type { DueDecision } from '../scheduler';

/** Maximum failed runs of a daily job for one date, after which the daemon stops retrying that date. */
export const MAX_FAILED_DAILY_RUNS = 3;

/** Delay after a failed run before the next attempt, so that a mail server that is down can come back. */
export const RETRY_DELAY_MS = 10 * 60 * 1000;

export interface DailyDueInput {
  db: Database;
  job: string;
  time: ClockTime;
  timeZone: string;
  catchUp: boolean;
  now: Date;
  daemonStartedAt: Date;
  /** The reason the date needs no run (its issue exists, was sent, awaits approval), or null. */
  doneReason(issueDate: string): string | null;
  /** Whether an interrupted run must resume even when catch-up is off. */
  mustResume?(issueDate: string): boolean;
}

/**
 * Decide whether a daily job runs now for today's local date. It runs once the date's run
 * time has passed, until a run ends ok or skipped or MAX_FAILED_DAILY_RUNS runs fail, waiting
 * RETRY_DELAY_MS after each failure. When the
 * daemon started after the run time, it runs only with catch-up on (or to resume).
 */
export function checkDailyDue(input: DailyDueInput): DueDecision {
  const { db, job, time, timeZone, now } = input;
  const issueDate = localDateOf(now, timeZone);
  const runAt = dailyRunAt(issueDate, time, timeZone);
  const notDue = (reason: string): DueDecision => ({ due: false, reason, issueDate, trigger: 'schedule' });

  if (now.getTime() < runAt.getTime()) return notDue(`runs at ${runAt.toISOString()}`);

  const doneReason = input.doneReason(issueDate);
  if (doneReason !== null) return notDue(doneReason);

  const runs = jobRunsForDate(db, job, issueDate);
  if (runs.some((run) => run.status === 'ok' || run.status === 'skipped')) return notDue('already ran for this date');
  const failures = runs.filter((run) => run.status === 'failed');
  if (failures.length >= MAX_FAILED_DAILY_RUNS) return notDue(`gave up after ${failures.length} failed runs for this date`);

  // An interrupted run resumes at once; a failed one waits RETRY_DELAY_MS.
  const resume = input.mustResume?.(issueDate) ?? false;
  const lastFailure = failures[failures.length - 1];
  const retryAt = lastFailure?.finished_at ? Date.parse(lastFailure.finished_at) + RETRY_DELAY_MS : 0;
  if (!resume && now.getTime() < retryAt) return notDue(`retrying after a failed run at ${new Date(retryAt).toISOString()}`);

  const lateStart = runAt.getTime() < input.daemonStartedAt.getTime();
  if (lateStart && !input.catchUp && !resume) return notDue('the daemon started after the run time and schedule.catchUp is off');

  return { due: true, reason: resume ? 'resuming an interrupted run' : `run time ${runAt.toISOString()} passed`, issueDate, trigger: lateStart ? 'catch-up' : 'schedule' };
}

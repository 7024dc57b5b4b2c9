import { nowIso, type Database } from './db';

export const JOB_RUN_STATUSES = ['running', 'ok', 'failed', 'skipped'] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

/** The cause of a run: its scheduled time, a catch-up after a late start, or an operator command. */
export type JobTrigger = 'schedule' | 'catch-up' | 'manual';

/** One row of `job_runs`. */
export interface JobRunRow {
  id: number;
  job: string;
  started_at: string;
  finished_at: string | null;
  status: JobRunStatus;
  summary_json: string | null;
  owner: string | null;
  issue_date: string | null;
  trigger: JobTrigger | null;
  error: string | null;
  duration_ms: number | null;
}

export interface JobRunStart {
  job: string;
  owner: string;
  trigger: JobTrigger;
  /** The local date a daily job (compose, send) works for; null for collect. */
  issueDate: string | null;
}

/** Record that a job started and return the run id. */
export function startJobRun(db: Database, start: JobRunStart, now: Date = new Date()): number {
  const result = db
    .prepare('INSERT INTO job_runs (job, started_at, status, owner, issue_date, trigger) VALUES (?, ?, ?, ?, ?, ?)')
    .run(start.job, nowIso(now), 'running', start.owner, start.issueDate, start.trigger);
  return Number(result.lastInsertRowid);
}

export interface JobRunFinish {
  status: Exclude<JobRunStatus, 'running'>;
  summary: Record<string, unknown>;
  error?: string | null;
  durationMs: number;
}

/** Record how a run ended. */
export function finishJobRun(db: Database, id: number, finish: JobRunFinish, now: Date = new Date()): void {
  db.prepare('UPDATE job_runs SET finished_at = ?, status = ?, summary_json = ?, error = ?, duration_ms = ? WHERE id = ?').run(
    nowIso(now),
    finish.status,
    JSON.stringify(finish.summary),
    finish.error ?? null,
    finish.durationMs,
    id,
  );
}

export function getJobRun(db: Database, id: number): JobRunRow | undefined {
  return db.prepare('SELECT * FROM job_runs WHERE id = ?').get(id) as JobRunRow | undefined;
}

/** Return the newest run of a job, optionally only among runs with one of `statuses`. */
export function lastJobRun(db: Database, job: string, statuses?: readonly JobRunStatus[]): JobRunRow | undefined {
  if (!statuses) {
    return db.prepare('SELECT * FROM job_runs WHERE job = ? ORDER BY id DESC LIMIT 1').get(job) as JobRunRow | undefined;
  }
  const placeholders = statuses.map(() => '?').join(', ');
  return db
    .prepare(`SELECT * FROM job_runs WHERE job = ? AND status IN (${placeholders}) ORDER BY id DESC LIMIT 1`)
    .get(job, ...statuses) as JobRunRow | undefined;
}

/** List every run of a daily job for one local date, oldest first. */
export function jobRunsForDate(db: Database, job: string, issueDate: string): JobRunRow[] {
  return db.prepare('SELECT * FROM job_runs WHERE job = ? AND issue_date = ? ORDER BY id').all(job, issueDate) as JobRunRow[];
}

/** List the runs still marked running, oldest first. */
export function runningJobRuns(db: Database): JobRunRow[] {
  return db.prepare("SELECT * FROM job_runs WHERE status = 'running' ORDER BY id").all() as JobRunRow[];
}

/**
 * Mark as failed every run left `running` by a process that stopped without finishing it:
 * its owner no longer holds an unexpired lock named after the job. Returns the closed run ids.
 */
export function closeAbandonedJobRuns(db: Database, now: Date = new Date()): number[] {
  const abandoned = db
    .prepare(
      `SELECT id FROM job_runs WHERE status = 'running' AND NOT EXISTS (
         SELECT 1 FROM locks WHERE locks.name = job_runs.job AND locks.owner = job_runs.owner AND locks.expires_at > ?
       )`,
    )
    .pluck()
    .all(nowIso(now)) as number[];

  const close = db.prepare("UPDATE job_runs SET status = 'failed', finished_at = ?, error = ? WHERE id = ?");
  for (const id of abandoned) {
    close.run(nowIso(now), 'interrupted: the process stopped before the job finished', id);
  }
  return abandoned;
}

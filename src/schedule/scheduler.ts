import crypto from 'node:crypto';
import os from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import type { AppContext } from '../context';
import { errorMessage, isAppError } from '../errors';
import { elapsedMs, type Logger } from '../log';
import { closeAbandonedJobRuns, finishJobRun, startJobRun, type JobTrigger } from '../store/job-runs';
import { takeLease } from './lease';

/** Whether a job should run at a tick, and for which local date. */
export interface DueDecision {
  due: boolean;
  /** The reason the job is or is not due, for the log. */
  reason: string;
  issueDate: string | null;
  trigger: JobTrigger;
}

export interface JobRunInput {
  runId: number;
  now: Date;
  issueDate: string | null;
  trigger: JobTrigger;
  /** Aborted on shutdown after the grace period, or when the lease is lost. */
  signal: AbortSignal;
  logger: Logger;
}

export interface JobResult {
  status: 'ok' | 'skipped' | 'failed';
  summary: Record<string, unknown>;
  error?: string | null;
}

/** One scheduled job: a due check run at every tick and the body run when it is due. */
export interface JobDefinition {
  name: string;
  /** Must not await: the overlap check relies on the tick deciding synchronously. */
  checkDue(now: Date, daemonStartedAt: Date): DueDecision;
  run(input: JobRunInput): Promise<JobResult>;
}

export interface SchedulerOptions {
  /** node-cron expression of the tick that checks every job; default: second 0 of each minute. */
  tick?: string;
  /** Identifies this process in `locks` and `job_runs`; default: `host:pid:nonce`. */
  owner?: string;
  /** Lease length; the lease is renewed every third of it while a job runs. */
  leaseMs?: number;
  now?: () => Date;
  /** Check every job once at start, which is how a late start catches up; default true. */
  checkOnStart?: boolean;
}

export type TickOutcome = 'ran' | 'not-due' | 'skipped-running' | 'skipped-locked' | 'stopping';

const DEFAULT_TICK = '0 * * * * *';
const DEFAULT_LEASE_MS = 60_000;

/**
 * Runs jobs on node-cron ticks. A tick while the same job runs is skipped and logged, never
 * queued. A SQLite lease (table `locks`) keeps two processes on one database from running the
 * same job at once. Every run is recorded in `job_runs`.
 */
export class Scheduler {
  readonly owner: string;
  readonly startedAt: Date;
  private readonly jobs = new Map<string, JobDefinition>();
  private readonly running = new Map<string, Promise<TickOutcome>>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly tasks: ScheduledTask[] = [];
  private readonly logger: Logger;
  private readonly now: () => Date;
  private readonly leaseMs: number;
  private readonly tickExpression: string;
  private readonly checkOnStart: boolean;
  private stopping = false;

  constructor(
    private readonly context: AppContext,
    jobs: JobDefinition[],
    options: SchedulerOptions = {},
  ) {
    for (const job of jobs) this.jobs.set(job.name, job);
    this.owner = options.owner ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
    this.now = options.now ?? (() => new Date());
    this.startedAt = this.now();
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.tickExpression = options.tick ?? DEFAULT_TICK;
    this.checkOnStart = options.checkOnStart ?? true;
    this.logger = context.logger.child({ component: 'scheduler', owner: this.owner });
  }

  /**
   * Start one node-cron task per job, then check every job once (in definition order, each
   * awaited) so that a daemon started after a job's run time catches up at once.
   */
  async start(): Promise<void> {
    for (const name of this.jobs.keys()) {
      const onTick = () => {
        this.tick(name).catch((error: unknown) => this.logger.error({ job: name, err: error }, 'job tick failed'));
      };
      const task = cron.createTask(this.tickExpression, onTick, { name, logger: nodeCronLogger(this.logger) });
      await task.start();
      this.tasks.push(task);
    }
    this.logger.info({ jobs: [...this.jobs.keys()], tick: this.tickExpression }, 'scheduler started');

    if (!this.checkOnStart) return;
    for (const name of this.jobs.keys()) await this.tick(name, 'info');
  }

  /**
   * Handle one node-cron tick for a job: check that it is due, then run it unless it still runs.
   * A job that is not due is logged at `notDueLevel`: debug for every tick, info at start.
   */
  async tick(name: string, notDueLevel: 'debug' | 'info' = 'debug'): Promise<TickOutcome> {
    if (this.stopping) return 'stopping';
    const job = this.getJob(name);
    const now = this.now();

    let decision: DueDecision;
    try {
      decision = job.checkDue(now, this.startedAt);
    } catch (error) {
      this.logger.error({ job: name, err: errorMessage(error) }, 'due check failed; tick skipped');
      return 'not-due';
    }

    if (!decision.due) {
      this.logger[notDueLevel]({ job: name, issueDate: decision.issueDate, reason: decision.reason }, 'job not due');
      return 'not-due';
    }
    if (this.running.has(name)) {
      this.logger.info({ job: name, issueDate: decision.issueDate }, 'job still running; tick skipped');
      return 'skipped-running';
    }
    return this.track(name, this.execute(job, decision, now));
  }

  /** Run a job now whatever its schedule, as an operator command or a restart does. */
  async runNow(name: string, issueDate: string | null, trigger: JobTrigger = 'manual'): Promise<TickOutcome> {
    const job = this.getJob(name);
    if (this.running.has(name)) {
      this.logger.info({ job: name, issueDate }, 'job still running; request skipped');
      return 'skipped-running';
    }
    return this.track(name, this.execute(job, { due: true, reason: 'requested', issueDate, trigger }, this.now()));
  }

  isRunning(name: string): boolean {
    return this.running.has(name);
  }

  /**
   * Stop ticking, let running jobs finish for up to `graceMs`, then abort their signals so
   * they record where they stopped, and wait for them to return. Send stops taking messages and
   * compose gives up on Claude for the offline composer; collect ignores the signal and runs to
   * its end.
   */
  async stop(graceMs = 30_000): Promise<void> {
    this.stopping = true;
    for (const task of this.tasks) await task.destroy();

    const pending = [...this.running.values()];
    if (pending.length > 0) {
      this.logger.info({ jobs: [...this.running.keys()], graceMs }, 'waiting for running jobs before stopping');
      const finished = await Promise.race([Promise.all(pending).then(() => true), sleep(graceMs).then(() => false)]);
      if (!finished) {
        this.logger.warn({ jobs: [...this.running.keys()] }, 'grace period over; interrupting running jobs');
        for (const controller of this.controllers.values()) controller.abort(new Error('interrupted by shutdown'));
        await Promise.all(pending);
      }
    }
    this.logger.info('scheduler stopped');
  }

  private getJob(name: string): JobDefinition {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no job named "${name}"; known jobs: ${[...this.jobs.keys()].join(', ')}`);
    return job;
  }

  private track(name: string, run: Promise<TickOutcome>): Promise<TickOutcome> {
    const tracked = run.finally(() => this.running.delete(name));
    this.running.set(name, tracked);
    return tracked;
  }

  private async execute(job: JobDefinition, decision: DueDecision, now: Date): Promise<TickOutcome> {
    const { db } = this.context;
    const logger = this.logger.child({ job: job.name, issueDate: decision.issueDate });

    // Take the lease, or leave the job to the process that holds it.
    const controller = new AbortController();
    const lease = takeLease({ db, name: job.name, owner: this.owner, ttlMs: this.leaseMs, logger, controller });
    if (!lease) {
      logger.info('job lease held by another process; tick skipped');
      return 'skipped-locked';
    }
    this.controllers.set(job.name, controller);

    // Check again under the lease: another process may have run the job while this one waited.
    if (decision.trigger !== 'manual') {
      const recheck = this.recheck(job, now);
      if (recheck !== null) {
        this.controllers.delete(job.name);
        lease.release();
        logger.debug({ reason: recheck }, 'job no longer due under the lease');
        return 'not-due';
      }
    }

    // Holding the lease proves that a run of this job still marked running was abandoned.
    const abandoned = closeAbandonedJobRuns(db);
    if (abandoned.length > 0) logger.warn({ runIds: abandoned }, 'closed job runs left running by a stopped process');

    // Run the body and record the run.
    const start = performance.now();
    try {
      const runId = startJobRun(db, { job: job.name, owner: this.owner, trigger: decision.trigger, issueDate: decision.issueDate }, now);
      logger.info({ runId, trigger: decision.trigger, reason: decision.reason }, 'job started');

      const result = await this.runBody(job, { runId, now, issueDate: decision.issueDate, trigger: decision.trigger, signal: controller.signal, logger: logger.child({ runId }) });
      const durationMs = elapsedMs(start);
      finishJobRun(db, runId, { ...result, durationMs }, new Date(now.getTime() + durationMs));
      logger.info({ runId, status: result.status, durationMs, ...scalarFields(result.summary), error: result.error ?? undefined }, 'job finished');
      return 'ran';
    } finally {
      this.controllers.delete(job.name);
      lease.release();
    }
  }

  /** Return the reason the job is no longer due, or null when it still is. */
  private recheck(job: JobDefinition, now: Date): string | null {
    try {
      const decision = job.checkDue(now, this.startedAt);
      return decision.due ? null : decision.reason;
    } catch (error) {
      return `due check failed: ${errorMessage(error)}`;
    }
  }

  private async runBody(job: JobDefinition, input: JobRunInput): Promise<JobResult> {
    try {
      return await job.run(input);
    } catch (error) {
      const interruption = input.signal.aborted ? `${errorMessage(input.signal.reason)}: ` : '';
      const details = isAppError(error) ? { code: error.code, ...error.details } : {};
      input.logger.error({ err: error, ...details }, 'job failed');
      return { status: 'failed', summary: details, error: interruption + errorMessage(error) };
    }
  }
}

/** Pick the number, string and boolean fields of a summary, which are the counts a finish log line carries. */
function scalarFields(summary: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(summary).filter(([, value]) => ['number', 'string', 'boolean'].includes(typeof value)));
}

function nodeCronLogger(logger: Logger) {
  const child = logger.child({ component: 'node-cron' });
  return {
    info: (message: string) => child.debug(message),
    warn: (message: string) => child.warn(message),
    error: (message: string | Error, error?: Error) => child.error({ err: error ?? message }, String(message)),
    debug: (message: string | Error) => child.debug(String(message)),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

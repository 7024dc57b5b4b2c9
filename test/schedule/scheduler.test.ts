import type { AppContext } from '../../src/context';
import { AppError } from '../../src/errors';
import { Scheduler, type JobDefinition } from '../../src/schedule/scheduler';
import { readServiceStatus } from '../../src/schedule/status';
import { captureLogger, createScheduleContext, makeDataDir, removeDataDir, sleep, type LogLine } from './helpers';

function jobRunRows(context: AppContext): Array<{ job: string; status: string; error: string | null }> {
  return context.db.prepare('SELECT job, status, error FROM job_runs ORDER BY id').all() as never;
}

function alwaysDue(name: string, run: JobDefinition['run']): JobDefinition {
  return { name, checkDue: () => ({ due: true, reason: 'test', issueDate: '2025-01-06', trigger: 'schedule' }), run };
}

describe('Scheduler', () => {
  let dataDir: string;
  let context: AppContext;
  let lines: LogLine[];

  beforeEach(() => {
    dataDir = makeDataDir();
    const captured = captureLogger();
    lines = captured.lines;
    context = createScheduleContext(dataDir, { timezone: 'UTC' }, captured.logger);
  });

  afterEach(() => {
    context.db.close();
    removeDataDir(dataDir);
  });

  test('failed job is recorded and logged', async () => {
    const job = alwaysDue('compose', async () => {
      throw new AppError('COMPOSE_FAILED', 'the offline composer produced an invalid digest', { issueDate: '2025-01-06' });
    });
    const scheduler = new Scheduler(context, [job], { checkOnStart: false });

    expect(await scheduler.tick('compose')).toBe('ran');
    await scheduler.stop();

    const failure = lines.find((line) => line.msg === 'job failed');
    expect(jobRunRows(context)).toEqual([{ job: 'compose', status: 'failed', error: 'the offline composer produced an invalid digest' }]);
    expect(failure).toMatchObject({ job: 'compose', issueDate: '2025-01-06', code: 'COMPOSE_FAILED' });
    expect(lines.find((line) => line.msg === 'job finished')).toMatchObject({ status: 'failed', code: 'COMPOSE_FAILED' });
  });

  test('lost lease aborts the job', async () => {
    const job = alwaysDue('send', async ({ signal }) => {
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      return { status: 'failed', summary: {}, error: String((signal.reason as Error).message) };
    });
    const scheduler = new Scheduler(context, [job], { checkOnStart: false, leaseMs: 300 });

    const running = scheduler.tick('send');
    await sleep(20);
    context.db.prepare("UPDATE locks SET owner = 'another-daemon' WHERE name = 'send'").run();
    await running;
    await scheduler.stop();

    expect(jobRunRows(context)).toEqual([{ job: 'send', status: 'failed', error: 'lease "send" lost to another process' }]);
    expect(lines.some((line) => line.msg === 'lease lost to another process; stopping the job')).toBe(true);
  });

  test('runNow skips a running job', async () => {
    let release: () => void = () => undefined;
    const job = alwaysDue('collect', async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { status: 'ok', summary: {} };
    });
    const scheduler = new Scheduler(context, [job], { checkOnStart: false });

    const running = scheduler.tick('collect');
    await sleep(20);
    expect(scheduler.isRunning('collect')).toBe(true);
    expect(await scheduler.runNow('collect', null)).toBe('skipped-running');
    release();
    await running;
    await scheduler.stop();

    expect(jobRunRows(context)).toHaveLength(1);
  });
});

describe('readServiceStatus', () => {
  test('empty database', () => {
    const dataDir = makeDataDir();
    const context = createScheduleContext(dataDir, { timezone: 'Europe/Berlin', composeAt: '06:30', sendAt: '07:00' }, captureLogger().logger);
    try {
      const status = readServiceStatus(context, new Date('2025-01-06T05:40:00Z'));

      expect(status.nextRuns).toEqual({ collect: '2025-01-06T06:00:00.000Z', compose: '2025-01-07T05:30:00.000Z', send: '2025-01-06T06:00:00.000Z' });
      expect(status.lastCollect).toBeNull();
      expect(status.lastIssue).toBeNull();
      expect(status.failingFeeds).toEqual([]);
      expect(status.runningJobs).toEqual([]);
    } finally {
      context.db.close();
      removeDataDir(dataDir);
    }
  });
});

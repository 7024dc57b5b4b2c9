import type { AppContext } from '../../src/context';
import { createDailyScheduler } from '../../src/schedule/daily-service';
import { getIssueByDate, setIssueStatus } from '../../src/store/issues';
import { captureLogger, createScheduleContext, fakeBodies, insertIssue, makeDataDir, removeDataDir, sleep, type LogLine } from './helpers';

const SCHEDULE = { timezone: 'UTC', composeAt: '06:30', sendAt: '07:00', collectEveryMinutes: 30 };
const DATE = '2025-01-06';

function jobRuns(context: AppContext, job: string): Array<{ status: string; trigger: string; issue_date: string | null; error: string | null }> {
  return context.db.prepare('SELECT status, trigger, issue_date, error FROM job_runs WHERE job = ? ORDER BY id').all(job) as never;
}

describe('daily scheduler', () => {
  let dataDir: string;
  let lines: LogLine[];
  const contexts: AppContext[] = [];

  function openContext(schedule: Record<string, unknown> = SCHEDULE): AppContext {
    const captured = captureLogger();
    lines = captured.lines;
    const context = createScheduleContext(dataDir, schedule, captured.logger);
    contexts.push(context);
    return context;
  }

  beforeEach(() => {
    dataDir = makeDataDir();
  });

  afterEach(() => {
    for (const context of contexts.splice(0)) context.db.close();
    removeDataDir(dataDir);
  });

  test('late start catches up compose and send', async () => {
    const context = openContext();
    const { bodies, calls } = fakeBodies();
    const scheduler = createDailyScheduler(context, bodies, { now: () => new Date(`${DATE}T09:00:00Z`) });

    await scheduler.start();
    await scheduler.stop();

    expect(calls.compose).toBe(1);
    expect(calls.send).toHaveLength(1);
    expect(getIssueByDate(context.db, DATE)?.status).toBe('sent');
    expect(jobRuns(context, 'compose')).toEqual([{ status: 'ok', trigger: 'catch-up', issue_date: DATE, error: null }]);
    expect(jobRuns(context, 'send')).toEqual([{ status: 'ok', trigger: 'catch-up', issue_date: DATE, error: null }]);
  });

  test('late start without catch-up waits for tomorrow', async () => {
    const context = openContext({ ...SCHEDULE, catchUp: false });
    const { bodies, calls } = fakeBodies();
    const scheduler = createDailyScheduler(context, bodies, { now: () => new Date(`${DATE}T09:00:00Z`) });

    await scheduler.start();
    await scheduler.stop();

    expect(calls.compose).toBe(0);
    expect(calls.send).toHaveLength(0);
    expect(lines.some((line) => line.msg === 'job not due' && String(line.reason).includes('catchUp is off'))).toBe(true);
  });

  test('late start never resends a sent issue', async () => {
    const context = openContext();
    insertIssue(context, DATE, 'sent');
    const { bodies, calls } = fakeBodies();
    const scheduler = createDailyScheduler(context, bodies, { now: () => new Date(`${DATE}T09:00:00Z`) });

    await scheduler.start();
    await scheduler.stop();

    expect(calls.compose).toBe(0);
    expect(calls.send).toHaveLength(0);
  });

  test('runs compose and send at their times', async () => {
    const context = openContext();
    const { bodies, calls } = fakeBodies();
    let now = new Date(`${DATE}T06:00:00Z`);
    const scheduler = createDailyScheduler(context, bodies, { now: () => now, checkOnStart: false });

    expect(await scheduler.tick('compose')).toBe('not-due');
    now = new Date(`${DATE}T06:30:00Z`);
    expect(await scheduler.tick('compose')).toBe('ran');
    expect(await scheduler.tick('send')).toBe('not-due');
    now = new Date(`${DATE}T07:00:00Z`);
    expect(await scheduler.tick('compose')).toBe('not-due');
    expect(await scheduler.tick('send')).toBe('ran');
    now = new Date(`${DATE}T07:01:00Z`);
    expect(await scheduler.tick('send')).toBe('not-due');
    await scheduler.stop();

    expect(calls.compose).toBe(1);
    expect(calls.send).toHaveLength(1);
    expect(jobRuns(context, 'send')[0]?.trigger).toBe('schedule');
  });

  test('collect runs once per slot', async () => {
    const context = openContext();
    const { bodies, calls } = fakeBodies();
    let now = new Date(`${DATE}T07:00:05Z`);
    const scheduler = createDailyScheduler(context, bodies, { now: () => now, checkOnStart: false });

    expect(await scheduler.tick('collect')).toBe('ran');
    now = new Date(`${DATE}T07:29:00Z`);
    expect(await scheduler.tick('collect')).toBe('not-due');
    now = new Date(`${DATE}T07:30:00Z`);
    expect(await scheduler.tick('collect')).toBe('ran');
    await scheduler.stop();

    expect(calls.collect).toBe(2);
  });

  test('manual approval holds a draft until approved', async () => {
    const context = openContext({ ...SCHEDULE, approval: 'manual', unapprovedAtDeadline: 'hold' });
    const issueId = insertIssue(context, DATE, 'draft');
    const { bodies, calls } = fakeBodies();
    let now = new Date(`${DATE}T07:00:00Z`);
    const scheduler = createDailyScheduler(context, bodies, { now: () => now, checkOnStart: false });

    expect(await scheduler.tick('send')).toBe('not-due');
    expect(lines.filter((line) => line.msg === 'draft held until approved (approval is manual)')).toHaveLength(1);

    setIssueStatus(context.db, issueId, 'approved');
    now = new Date(`${DATE}T09:15:00Z`);
    expect(await scheduler.tick('send')).toBe('ran');
    await scheduler.stop();

    expect(calls.send).toEqual([issueId]);
  });

  test('manual approval sends an unapproved draft at the deadline', async () => {
    const context = openContext({ ...SCHEDULE, approval: 'manual', unapprovedAtDeadline: 'send' });
    const issueId = insertIssue(context, DATE, 'draft');
    const { bodies, calls } = fakeBodies();
    const scheduler = createDailyScheduler(context, bodies, { now: () => new Date(`${DATE}T07:00:00Z`), checkOnStart: false });

    expect(await scheduler.tick('send')).toBe('ran');
    await scheduler.stop();

    expect(calls.send).toEqual([issueId]);
    expect(lines.some((line) => line.msg.startsWith('sending an unapproved draft'))).toBe(true);
  });

  test('two daemons compose and send once', async () => {
    const first = openContext();
    const firstLines = lines;
    const second = openContext();
    const secondLines = lines;
    const { bodies, calls } = fakeBodies({ durationMs: 300 });
    const now = () => new Date(`${DATE}T07:00:30Z`);
    const schedulers = [
      createDailyScheduler(first, bodies, { now, tick: '* * * * * *', leaseMs: 3000 }),
      createDailyScheduler(second, bodies, { now, tick: '* * * * * *', leaseMs: 3000 }),
    ];

    await Promise.all(schedulers.map((scheduler) => scheduler.start()));
    await sleep(2500);
    await Promise.all(schedulers.map((scheduler) => scheduler.stop()));

    expect(calls.compose).toBe(1);
    expect(calls.send).toHaveLength(1);
    expect(calls.deliveries).toHaveLength(2);
    expect(jobRuns(first, 'compose').map((run) => run.status)).toEqual(['ok']);
    expect(jobRuns(first, 'send').map((run) => run.status)).toEqual(['ok']);
    expect(getIssueByDate(first.db, DATE)?.status).toBe('sent');
    expect([...firstLines, ...secondLines].filter((line) => line.msg === 'job lease held by another process; tick skipped').length).toBeGreaterThan(0);
  });

  test('interrupted send resumes at the next start', async () => {
    const context = openContext({ ...SCHEDULE, catchUp: false });
    const issueId = insertIssue(context, DATE, 'approved');
    const { bodies, calls } = fakeBodies();
    const interruptedBodies = {
      ...bodies,
      async send(ctx: AppContext, id: number, options: { signal: AbortSignal }) {
        setIssueStatus(ctx.db, id, 'sending');
        await new Promise((resolve) => options.signal.addEventListener('abort', resolve));
        return { issueId: id, sent: 1, failed: 0, bounced: 0, skipped: 0, alreadySent: false, durationMs: 10 };
      },
    };
    const firstRun = createDailyScheduler(context, interruptedBodies, { now: () => new Date(`${DATE}T07:00:00Z`), checkOnStart: false });

    const running = firstRun.tick('send');
    await sleep(50);
    await firstRun.stop(100);
    await running;
    expect(jobRuns(context, 'send')).toEqual([
      { status: 'failed', trigger: 'schedule', issue_date: DATE, error: 'interrupted by shutdown; delivery resumes at the next start' },
    ]);

    const secondRun = createDailyScheduler(context, bodies, { now: () => new Date(`${DATE}T08:00:00Z`) });
    await secondRun.start();
    await secondRun.stop();

    expect(calls.send).toEqual([issueId]);
    expect(getIssueByDate(context.db, DATE)?.status).toBe('sent');
  });
});

import type { AppContext } from '../../src/context';
import { Scheduler, type JobDefinition } from '../../src/schedule/scheduler';
import { describeShared, readCase } from '../helpers/shared';
import { captureLogger, createScheduleContext, makeDataDir, removeDataDir, sleep, type LogLine } from './helpers';

interface OverlapCase {
  cron: string;
  start_utc: string;
  scenarios: Array<{ name: string; start_utc: string; task_duration_seconds: number[] }>;
}

// One minute of the case is one second here: ticks every second, task lengths divided by 60.
const MS_PER_CASE_SECOND = 1000 / 60;

interface TickRecord {
  /** Tick times seen by the due check; the scheduler checks again under the lease with the same time. */
  tickTimes: Set<number>;
  startedAtTick: number[];
}

/** Create a job that is due at every tick and whose n-th run lasts `durations[n]` case seconds. */
function timedJob(durations: number[], record: TickRecord): JobDefinition {
  let runs = 0;
  return {
    name: 'collect',
    checkDue(now) {
      record.tickTimes.add(now.getTime());
      return { due: true, reason: 'every tick', issueDate: null, trigger: 'schedule' };
    },
    async run() {
      record.startedAtTick.push(record.tickTimes.size);
      const seconds = durations[runs] ?? durations[durations.length - 1]!;
      runs += 1;
      await sleep(seconds * MS_PER_CASE_SECOND);
      return { status: 'ok', summary: { run: runs } };
    },
  };
}

/** Convert tick numbers to the case's clock times: tick 1 is start_utc, tick 2 a minute later. */
function caseTimesOf(startUtc: string, ticks: number[]): string[] {
  return ticks.map((tick) => new Date(Date.parse(startUtc) + (tick - 1) * 60_000).toISOString().slice(11, 16));
}

async function runScenario(context: AppContext, durations: number[], tickCount: number): Promise<TickRecord> {
  const record: TickRecord = { tickTimes: new Set(), startedAtTick: [] };
  const scheduler = new Scheduler(context, [timedJob(durations, record)], { tick: '* * * * * *', checkOnStart: false });
  await scheduler.start();

  while (record.tickTimes.size < tickCount) await sleep(50);
  await scheduler.stop(10_000);
  return record;
}

describeShared('scheduler without overlap', () => {
  const overlapCase = JSON.parse(readCase('B24-overlapping-runs.json').toString('utf8')) as OverlapCase;
  const expectedStarts: Record<string, string[]> = {
    'short tasks': ['07:00', '07:01', '07:02', '07:03', '07:04'],
    'first task overruns': ['07:00', '07:03', '07:04'],
  };

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

  for (const scenario of overlapCase.scenarios) {
    test(`${scenario.name}`, async () => {
      const record = await runScenario(context, scenario.task_duration_seconds, scenario.task_duration_seconds.length);
      const skipped = lines.filter((line) => line.msg === 'job still running; tick skipped');
      const runs = context.db.prepare("SELECT status FROM job_runs WHERE job = 'collect'").pluck().all();

      expect(caseTimesOf(scenario.start_utc, record.startedAtTick)).toEqual(expectedStarts[scenario.name]);
      expect(skipped).toHaveLength(scenario.task_duration_seconds.length - record.startedAtTick.length);
      expect(runs).toEqual(record.startedAtTick.map(() => 'ok'));
    });
  }
});

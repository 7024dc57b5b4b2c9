import { assertTimeZone, localDateOf, zonedTimeToInstant } from '../../src/schedule/clock';
import { collectSlotStart, dailyRunsBetween, nextCollectRun, nextDailyRun } from '../../src/schedule/next-run';
import { describeShared, readCase } from '../helpers/shared';

interface CronCase {
  cron: string;
  timezone: string;
  window_utc: { from: string; to: string };
}

/** Turn a daily cron expression `M H * * *` into the `HH:MM` clock time the schedule config uses. */
function clockTimeOfDailyCron(expression: string): string {
  const match = /^(\d{1,2}) (\d{1,2}) \* \* \*$/.exec(expression);
  if (!match) throw new Error(`expected a daily cron expression "M H * * *", got "${expression}"`);
  return `${match[2]!.padStart(2, '0')}:${match[1]!.padStart(2, '0')}`;
}

function isoList(dates: Date[]): string[] {
  return dates.map((date) => date.toISOString());
}

describeShared('daily runs across the autumn DST change', () => {
  const dstCase = JSON.parse(readCase('B22-dst-fall-back.cron.json').toString('utf8')) as CronCase;
  const time = clockTimeOfDailyCron(dstCase.cron);
  const runs = dailyRunsBetween(time, dstCase.timezone, new Date(dstCase.window_utc.from), new Date(dstCase.window_utc.to));

  test('runs once per local date', () => {
    expect(isoList(runs)).toEqual(['2025-11-02T05:30:00.000Z', '2025-11-03T06:30:00.000Z']);
  });

  test('skips the repeated 01:30', () => {
    expect(isoList(runs)).not.toContain('2025-11-02T06:30:00.000Z');
  });

  test('next run after the first 01:30 is the next day', () => {
    expect(nextDailyRun(time, dstCase.timezone, new Date('2025-11-02T05:30:00.000Z')).toISOString()).toBe('2025-11-03T06:30:00.000Z');
  });
});

describe('daily runs across the spring DST change', () => {
  // US DST starts 2025-03-09 at 02:00 EST, when clocks jump to 03:00 EDT, so 02:30 never occurs.
  const timeZone = 'America/New_York';

  test('runs a skipped wall time after the gap', () => {
    const runs = dailyRunsBetween('02:30', timeZone, new Date('2025-03-08T00:00:00Z'), new Date('2025-03-10T23:59:59Z'));

    expect(isoList(runs)).toEqual(['2025-03-08T07:30:00.000Z', '2025-03-09T07:30:00.000Z', '2025-03-10T06:30:00.000Z']);
    expect(runs.map((run) => localDateOf(run, timeZone))).toEqual(['2025-03-08', '2025-03-09', '2025-03-10']);
  });

  test('keeps a wall time outside the gap', () => {
    const runs = dailyRunsBetween('07:00', timeZone, new Date('2025-03-08T00:00:00Z'), new Date('2025-03-10T23:59:59Z'));

    expect(isoList(runs)).toEqual(['2025-03-08T12:00:00.000Z', '2025-03-09T11:00:00.000Z', '2025-03-10T11:00:00.000Z']);
  });

  test('Europe/Berlin gap at 02:00', () => {
    // EU DST starts 2025-03-30 at 02:00 CET, when clocks jump to 03:00 CEST.
    expect(zonedTimeToInstant('2025-03-30', '02:15', 'Europe/Berlin').toISOString()).toBe('2025-03-30T01:15:00.000Z');
    expect(zonedTimeToInstant('2025-03-31', '02:15', 'Europe/Berlin').toISOString()).toBe('2025-03-31T00:15:00.000Z');
  });
});

describe('collect slots', () => {
  test('slot starts at the half hour', () => {
    expect(collectSlotStart(new Date('2025-01-06T07:44:10Z'), 30).toISOString()).toBe('2025-01-06T07:30:00.000Z');
  });

  test('next slot follows the current one', () => {
    expect(nextCollectRun(new Date('2025-01-06T07:44:10Z'), 30).toISOString()).toBe('2025-01-06T08:00:00.000Z');
  });
});

describe('assertTimeZone', () => {
  test('accepts an IANA name', () => {
    expect(() => assertTimeZone('Asia/Kolkata')).not.toThrow();
  });

  test('rejects an unknown name with the fix', () => {
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(/schedule.timezone "Mars\/Olympus" is not an IANA timezone/);
  });
});

import { localDateOf, nextLocalDate, zonedTimeToInstant, type ClockTime, type LocalDate } from './clock';

const MINUTE_MS = 60 * 1000;

/** Return the instant a daily job runs on a local date: one instant per date, whatever DST does. */
export function dailyRunAt(date: LocalDate, time: ClockTime, timeZone: string): Date {
  return zonedTimeToInstant(date, time, timeZone);
}

/** Return the first run of a daily job strictly after `after`. */
export function nextDailyRun(time: ClockTime, timeZone: string, after: Date): Date {
  let date = localDateOf(after, timeZone);

  // A gap at midnight can move a date's run into the next date, so look a few dates ahead.
  for (let step = 0; step < 3; step += 1) {
    const runAt = dailyRunAt(date, time, timeZone);
    if (runAt.getTime() > after.getTime()) return runAt;
    date = nextLocalDate(date);
  }
  return dailyRunAt(date, time, timeZone);
}

/** List every run of a daily job in the window [from, to], in order. */
export function dailyRunsBetween(time: ClockTime, timeZone: string, from: Date, to: Date): Date[] {
  const runs: Date[] = [];
  let runAt = nextDailyRun(time, timeZone, new Date(from.getTime() - 1));
  while (runAt.getTime() <= to.getTime()) {
    runs.push(runAt);
    runAt = nextDailyRun(time, timeZone, runAt);
  }
  return runs;
}

/**
 * Return the start of the collect slot that contains `now`. Slots are `everyMinutes` long and counted
 * from 00:00 UTC, so a 30-minute schedule collects at :00 and :30 of every hour.
 */
export function collectSlotStart(now: Date, everyMinutes: number): Date {
  const slotMs = everyMinutes * MINUTE_MS;
  return new Date(Math.floor(now.getTime() / slotMs) * slotMs);
}

/** Return the start of the next collect slot after `now`. */
export function nextCollectRun(now: Date, everyMinutes: number): Date {
  return new Date(collectSlotStart(now, everyMinutes).getTime() + everyMinutes * MINUTE_MS);
}

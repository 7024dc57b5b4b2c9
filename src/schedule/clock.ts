import { AppError } from '../errors';

/** A local wall-clock time as `HH:MM` (24-hour), the form `composeAt` and `sendAt` use. */
export type ClockTime = string;

/** A calendar date as `YYYY-MM-DD`, the form of `issues.issue_date`. */
export type LocalDate = string;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Reject a timezone that is not an IANA name the runtime supports, naming the config key to fix. */
export function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new AppError('CONFIG_INVALID', `schedule.timezone "${timeZone}" is not an IANA timezone; set it to a name such as Europe/Berlin or America/New_York`);
  }
}

/** Return the local date and time of an instant in a timezone. */
export function toLocalParts(instant: Date, timeZone: string): { date: LocalDate; time: ClockTime; seconds: number } {
  const parts = partsOf(instant, timeZone);
  return {
    date: `${parts.year}-${pad(parts.month)}-${pad(parts.day)}`,
    time: `${pad(parts.hour)}:${pad(parts.minute)}`,
    seconds: parts.second,
  };
}

/** Return the local date of an instant in a timezone, as `YYYY-MM-DD`. */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  return toLocalParts(instant, timeZone).date;
}

/** Return the local date one day after `date`. */
export function nextLocalDate(date: LocalDate): LocalDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

/**
 * Convert a local date and wall-clock time to the instant it names, with the rule that
 * Temporal calls "compatible". A time that occurs twice (autumn fall back) maps to its first
 * occurrence. A time skipped by a spring-forward gap is read with the offset before the gap,
 * which lands after the gap: 02:30 becomes 03:30 when clocks jump from 02:00 to 03:00.
 * Every local date therefore has exactly one instant.
 */
export function zonedTimeToInstant(date: LocalDate, time: ClockTime, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute);

  // The offsets a day either side are those before and after any transition on this date.
  // NOTE: this assumes that no zone changes its offset twice within a day of the date.
  const offsetBefore = offsetMs(new Date(wallAsUtc - DAY_MS), timeZone);
  const offsetAfter = offsetMs(new Date(wallAsUtc + DAY_MS), timeZone);
  const candidates = [wallAsUtc - offsetBefore, wallAsUtc - offsetAfter].sort((a, b) => a - b);

  const matching = candidates.filter((candidate) => {
    const local = toLocalParts(new Date(candidate), timeZone);
    return local.date === date && local.time === time;
  });
  if (matching.length > 0) return new Date(matching[0]!);

  // The wall time falls in a gap: read it with the offset in force before the gap.
  return new Date(wallAsUtc - offsetBefore);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Return the zone's UTC offset at an instant, in milliseconds (positive east of Greenwich). */
function offsetMs(instant: Date, timeZone: string): number {
  const parts = partsOf(instant, timeZone);
  const wallAsUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wallAsUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

function partsOf(instant: Date, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }

  const values: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return values as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

import { AppError } from '../errors';

const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(m|h|d|w)$/i;

const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/**
 * Parse a `--since` value: an ISO date or date-time (`2026-12-01`, `2026-12-01T06:00:00Z`),
 * or a duration before `now` such as `36h`, `7d`, `90m` or `2w`.
 * A date without a time is midnight UTC, and a date-time without an offset is UTC too.
 */
export function parseSince(value: string, now: Date): Date {
  const text = value.trim();

  const duration = DURATION_PATTERN.exec(text);
  if (duration) {
    const amount = Number(duration[1]);
    const unitMs = UNIT_MS[duration[2]!.toLowerCase()]!;
    return new Date(now.getTime() - amount * unitMs);
  }

  const isoDate = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (isoDate) {
    const [, day, time, offset] = isoDate;
    const date = new Date(`${day}T${time ?? '00:00:00'}${offset ?? 'Z'}`);
    // Date rolls 2026-02-31 over into March, so the day must survive a round trip.
    const midnight = new Date(`${day}T00:00:00Z`);
    const sameDay = !Number.isNaN(midnight.getTime()) && midnight.toISOString().startsWith(day!);
    if (!Number.isNaN(date.getTime()) && sameDay) return date;
  }

  throw new AppError(
    'USAGE',
    `--since "${value}" is not an ISO date or a duration; pass a date such as 2026-12-01 or a duration such as 36h or 7d`,
  );
}

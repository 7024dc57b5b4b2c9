import { localDateOf } from './schedule/clock';

/**
 * Return the local calendar date (YYYY-MM-DD) of an instant in an IANA timezone, which is the
 * date an issue belongs to. The scheduler's clock computes it, so that compose, `run` and the
 * daemon always agree on the date. The rule is one issue per local date, across DST changes.
 */
export function localIssueDate(instant: Date, timeZone: string): string {
  return localDateOf(instant, timeZone);
}

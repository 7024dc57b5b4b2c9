/**
 * Return the local calendar date (YYYY-MM-DD) of an instant in an IANA timezone, which is the
 * date an issue belongs to. The rule is one issue per local date, across DST changes.
 */
export function localIssueDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

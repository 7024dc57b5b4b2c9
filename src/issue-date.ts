/**
 * The local calendar date (YYYY-MM-DD) of an instant in an IANA timezone: the date an issue
 * belongs to. One issue per local date is the rule across DST changes.
 */
export function localIssueDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Maximum wait between two attempts at a failing feed. */
const MAX_BACKOFF_MS = 24 * 3_600_000;

/**
 * When to try a failing feed again: the collect interval doubled for each failure in a row
 * (`failureCount` counts the earlier ones), at most 24 hours, and never before a Retry-After.
 */
export function nextAttemptAt(now: Date, failureCount: number, intervalMinutes: number, retryAfter: Date | null): Date {
  const exponent = Math.min(failureCount, 16);
  const delay = Math.min(intervalMinutes * 60_000 * 2 ** exponent, MAX_BACKOFF_MS);
  const next = new Date(now.getTime() + delay);
  return retryAfter && retryAfter > next ? retryAfter : next;
}

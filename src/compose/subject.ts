import type { Digest } from '../domain';
import { collapseSpaces, truncateText } from './text';

const MAX_SUBJECT_CHARS = 140;

/**
 * Build the subject line, such as `AI Daily Summary — 4 Dec 2026: Agents, Open models`,
 * from the newsletter title, the issue date and the first two theme titles. CR, LF and other
 * whitespace runs become single spaces, because a subject is a mail header value.
 */
export function buildSubject(newsletterTitle: string, issueDate: string, digest: Digest): string {
  const date = formatIssueDate(issueDate);
  const themes = digest.themes.slice(0, 2).map((theme) => collapseSpaces(theme.title)).filter((title) => title !== '');
  const base = `${collapseSpaces(newsletterTitle)} — ${date}`;
  const subject = themes.length > 0 ? `${base}: ${themes.join(', ')}` : base;
  return truncateText(subject, MAX_SUBJECT_CHARS);
}

/** `2026-12-04` as `4 Dec 2026`. */
function formatIssueDate(issueDate: string): string {
  const date = new Date(`${issueDate}T12:00:00Z`);
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
}

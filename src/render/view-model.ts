import type { Config } from '../config/load';
import type { Digest, IssueRow } from '../domain';
import { truncateText } from '../compose/text';
import { DISPLAY_LIMITS, type ItemView } from './issue-data';
import { PLACEHOLDERS } from './placeholders';

/** The data the digest template and the plain-text writer read. */
export interface DigestView {
  title: string;
  field: string;
  subject: string;
  preview: string;
  dateLabel: string;
  themes: Array<{ title: string; summary: string[]; keyItems: Array<ItemView & { sentence: string }> }>;
  conclusion: string[];
  topSources: ItemView[];
  sources: ItemView[];
  /** The line that links to the web version when sources were left out, else null. */
  omitted: { count: number; label: string; url: string } | null;
  webUrl: string;
  placeholders: typeof PLACEHOLDERS;
}

/**
 * Build the template data of an issue, keeping the first `keptSourceCount` sources in rank
 * order. Item ids absent from `items` are skipped, so every title and link shown comes from
 * the items table. Theme titles and sentences longer than DISPLAY_LIMITS end in an ellipsis.
 */
export function buildDigestView(
  config: Config,
  issue: IssueRow,
  digest: Digest,
  items: Map<number, ItemView>,
  keptSourceCount: number,
): DigestView {
  const lookup = (ids: number[]): ItemView[] => ids.flatMap((id) => (items.has(id) ? [items.get(id)!] : []));
  const allSources = lookup(digest.itemIds);
  const sources = allSources.slice(0, keptSourceCount);
  const omittedCount = allSources.length - sources.length;
  const webUrl = `${config.publicUrl}/archive/${issue.issue_date}`;
  const dateLabel = formatIssueDate(issue.issue_date);
  const themeTitles = digest.themes.map((theme) => truncateText(theme.title, DISPLAY_LIMITS.themeTitle));
  const sentence = (text: string): string => truncateText(text, DISPLAY_LIMITS.sentence);

  return {
    title: config.newsletter.title,
    field: config.newsletter.field,
    subject: issueSubject(config, issue, dateLabel),
    preview: themeTitles.join(' · '),
    dateLabel,
    themes: digest.themes.map((theme, index) => ({
      title: themeTitles[index]!,
      summary: theme.summary.map((statement) => sentence(statement.text)),
      keyItems: theme.keyItems.flatMap((keyItem) => {
        const item = items.get(keyItem.itemId);
        return item ? [{ ...item, sentence: sentence(keyItem.sentence) }] : [];
      }),
    })),
    conclusion: digest.conclusion.map((statement) => sentence(statement.text)),
    topSources: lookup(digest.topItemIds),
    sources,
    omitted: omittedCount > 0 ? { count: omittedCount, label: `${omittedCount} more ${omittedCount === 1 ? 'story' : 'stories'}`, url: webUrl } : null,
    webUrl,
    placeholders: PLACEHOLDERS,
  };
}

/** Number of sources the digest lists, once ids missing from the items table are skipped. */
export function countSources(digest: Digest, items: Map<number, ItemView>): number {
  return digest.itemIds.filter((id) => items.has(id)).length;
}

/** A stored subject is at most 140 characters when compose wrote it, but an operator may have edited it. */
const MAX_SUBJECT_CHARS = 200;

/** Build the subject line from the stored subject, or else the newsletter title and date, with CR and LF removed. */
function issueSubject(config: Config, issue: IssueRow, dateLabel: string): string {
  const subject = issue.subject.trim() === '' ? `${config.newsletter.title}: ${dateLabel}` : issue.subject;
  return truncateText(subject.replace(/[\r\n\t]+/g, ' ').trim(), MAX_SUBJECT_CHARS);
}

/** `2024-06-14` as `Friday, 14 June 2024`; the issue date is already a local date. */
function formatIssueDate(issueDate: string): string {
  const date = new Date(`${issueDate}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return issueDate;
  return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

import { truncateText } from '../compose/text';
import { AppError } from '../errors';
import type { Digest, IssueRow } from '../domain';
import type { Database } from '../store/db';

/**
 * Display lengths, in characters, beyond which the email shortens a text with an ellipsis, so
 * that one oversized feed item cannot push the header and themes over the HTML byte budget.
 * Real item titles stay under 250 characters. Excerpts show only among the sources, which are
 * left out lowest-ranked first to fit the budget, so their limit only keeps one item from
 * filling the email (the collect stage cuts excerpts to collect.excerptChars, 400 by default).
 */
export const DISPLAY_LIMITS = {
  itemTitle: 300,
  excerpt: 2500,
  feedName: 100,
  themeTitle: 120,
  sentence: 600,
  /** A longer link or image URL is left out (the title shows without a link), since a URL cannot be cut. */
  url: 2048,
} as const;

/** An item as the email shows it, read from the items and feeds tables. */
export interface ItemView {
  id: number;
  title: string;
  link: string | null;
  feedName: string;
  /**
   * Publication date as `14 Jun 2024` in the schedule's timezone, or '' for an undated item:
   * the time the item was collected is not its publication date, so it is never shown as one.
   */
  date: string;
  excerpt: string;
  image: string | null;
}

interface ItemJoinRow {
  id: number;
  title: string;
  link: string | null;
  published_at: string | null;
  summary: string;
  image: string | null;
  feed_title: string | null;
  feed_site_url: string | null;
  feed_url: string;
}

/**
 * Load every item the digest refers to (themes, top sources and sources), keyed by id.
 * Ids missing from the items table are left out of the map; the caller skips them.
 */
export function loadItemViews(db: Database, digest: Digest, timezone: string): Map<number, ItemView> {
  const ids = new Set<number>([...digest.itemIds, ...digest.topItemIds]);
  for (const theme of digest.themes) {
    for (const keyItem of theme.keyItems) ids.add(keyItem.itemId);
  }

  const rows = db
    .prepare(
      `SELECT i.id, i.title, i.link, i.published_at, i.summary, i.image,
              f.title AS feed_title, f.site_url AS feed_site_url, f.url AS feed_url
       FROM items i JOIN feeds f ON f.id = i.feed_id
       WHERE i.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify([...ids])) as ItemJoinRow[];

  const formatDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: timezone });
  const views = new Map<number, ItemView>();
  for (const row of rows) {
    views.set(row.id, {
      id: row.id,
      title: truncateText(row.title, DISPLAY_LIMITS.itemTitle),
      link: httpLink(row.link),
      feedName: truncateText(feedName(row), DISPLAY_LIMITS.feedName),
      date: publicationDate(row.published_at, formatDate),
      excerpt: truncateText(row.summary.trim(), DISPLAY_LIMITS.excerpt),
      image: httpLink(row.image),
    });
  }
  return views;
}

/** Parse the digest of an issue, and name the issue in the error when it is not valid JSON. */
export function readDigest(issue: IssueRow): Digest {
  let digest: Partial<Digest>;
  try {
    digest = JSON.parse(issue.digest_json) as Partial<Digest>;
  } catch (error) {
    throw new AppError('RENDER_FAILED', `issue ${issue.id} has a digest_json that is not valid JSON; compose the issue again`, { issueId: issue.id }, { cause: error });
  }

  return {
    themes: digest.themes ?? [],
    conclusion: digest.conclusion ?? [],
    topItemIds: digest.topItemIds ?? [],
    itemIds: digest.itemIds ?? [],
  };
}

/** Format a publication date, or return '' when the item has none or it does not parse. */
function publicationDate(publishedAt: string | null, formatDate: Intl.DateTimeFormat): string {
  if (!publishedAt) return '';
  const date = new Date(publishedAt);
  return Number.isNaN(date.getTime()) ? '' : formatDate.format(date);
}

function feedName(row: ItemJoinRow): string {
  if (row.feed_title && row.feed_title.trim() !== '') return row.feed_title.trim();
  return hostOf(row.feed_site_url) ?? hostOf(row.feed_url) ?? row.feed_url;
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

/**
 * Keep only http(s) URLs of at most DISPLAY_LIMITS.url characters, so a `javascript:` or
 * relative link from a feed never becomes an href.
 */
function httpLink(url: string | null): string | null {
  if (!url || url.length > DISPLAY_LIMITS.url) return null;
  try {
    const protocol = new URL(url).protocol;
    return protocol === 'http:' || protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

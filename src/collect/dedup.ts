import type { NormalizedItem } from './normalize';
import { normaliseUrl } from './urls';

/**
 * Build the key that identifies a story across fetches and feeds (items.dedup_key):
 * - a guid that is an http(s) URL, normalised (no scheme, trailing slash or tracking parameters);
 * - a globally unique guid (`tag:` or `urn:`) as it stands;
 * - else the normalised link;
 * - else a guid scoped to its feed, because bare ids such as `42` repeat across feeds;
 * - else the feed and the title.
 */
export function dedupKey(item: NormalizedItem, feedUrl: string): string {
  const guid = item.guid?.trim() ?? '';
  if (/^https?:\/\/[^/\s]/i.test(guid)) return 'url:' + normaliseUrl(guid);
  if (/^(tag|urn):/i.test(guid)) return 'id:' + guid;
  if (item.link) return 'url:' + normaliseUrl(item.link);
  if (guid) return `guid:${feedUrl} ${guid}`;
  return `title:${feedUrl} ${titleKey(item.title)} ${item.published ?? ''}`;
}

/**
 * Fold a title for comparison: lower case, accents and apostrophes removed, other
 * punctuation turned into spaces, spaces collapsed.
 * Titles shorter than four words fold to null, because short titles such as "Weekly update"
 * repeat across unrelated stories.
 */
export function titleKey(title: string): string | null {
  // ASCII titles skip Unicode normalisation and property classes, which cost more.
  if (/^[\x00-\x7f]*$/.test(title)) {
    const folded = title.toLowerCase().replace(/'/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
    return enoughWords(folded);
  }

  const folded = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['\u2019\u02BC]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return enoughWords(folded);
}

/** Return `folded` when it has at least four words, else null; words are separated by one space. */
function enoughWords(folded: string): string | null {
  let spaces = 0;
  for (let index = folded.indexOf(' '); index !== -1 && spaces < 3; index = folded.indexOf(' ', index + 1)) spaces += 1;
  return spaces >= 3 ? folded : null;
}

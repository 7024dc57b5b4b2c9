import he from 'he';
import { parseFeedDate } from './dates';
import type { RawItem, RawText } from './formats/raw';
import { excerpt, htmlToLine, htmlToPlainText, looksLikeHtml, normaliseWhitespace, sanitizeFeedHtml } from './html';
import { repairDoubleEncoding } from './mojibake';
import { resolveUrl } from './urls';

/** One story as every later stage reads it: decoded, with absolute links and sanitised HTML. */
export interface NormalizedItem {
  guid: string | null;
  title: string;
  link: string | null;
  /** ISO-8601 UTC, or null when the feed gives no date that can be read. */
  published: string | null;
  author: string | null;
  /** Plain-text excerpt, at most `excerptChars` characters. */
  summary: string;
  /** Plain text of the full content, paragraphs separated by a blank line. */
  text: string;
  /** Sanitised HTML of the full content, with absolute links. */
  html: string;
  image: string | null;
}

const UNTITLED = '(untitled)';

/** Maximum title and author lengths; longer ones are cut with an ellipsis, so one broken item cannot bloat later stages. */
const MAX_TITLE_CHARS = 500;
const MAX_AUTHOR_CHARS = 200;

/** Turn a format reader's raw item into a normalised item. */
export function normalizeItem(raw: RawItem, excerptChars: number): NormalizedItem {
  const html = toSafeHtml(raw.content ?? raw.summary, raw.base);
  const text = htmlToPlainText(html);

  const teaser = raw.content && raw.summary ? teaserText(raw.summary) : '';
  const summary = excerpt(teaser || text, excerptChars);

  const title = excerpt(normalizeTitle(raw.title), MAX_TITLE_CHARS) || excerpt(text, 80) || UNTITLED;

  return {
    guid: cleanString(raw.guid),
    title,
    link: resolveUrl(raw.link, raw.base),
    published: parseFeedDate(raw.date),
    author: cleanString(raw.author ? excerpt(normalizeTitle({ value: raw.author, kind: 'html' }), MAX_AUTHOR_CHARS) : null),
    summary,
    text,
    html,
    image: resolveUrl(raw.image, raw.base),
  };
}

/** Normalise a title: markup removed, entities decoded once, one line, NFC. */
export function normalizeTitle(raw: RawText | null): string {
  if (!raw) return '';
  let value = fixText(raw.value);
  if (value.includes('<!--')) value = value.replace(/<!--[\s\S]*?-->/g, '');
  if (raw.kind === 'html' && looksLikeHtml(value)) {
    value = he.decode(value.replace(/<\/?[a-z][^>]*>/gi, ''));
  }
  return value.replace(/\s+/g, ' ').trim();
}

/** Two or more escaped HTML tags in sanitised HTML mean the publisher escaped the markup twice (Reddit does). */
const ESCAPED_TAGS = /&lt;\/?(p|div|a|br|span|strong|em|b|i|ul|ol|li|table|img)\b[^&]*?&gt;/gi;

function toSafeHtml(raw: RawText | null, base: string | null): string {
  if (!raw || raw.value.trim() === '') return '';
  const value = fixText(raw.value);
  if (raw.kind !== 'html') return textToHtml(value);

  const html = sanitizeFeedHtml(value, base);
  const escapedTags = html.includes('&lt;') ? (html.match(ESCAPED_TAGS)?.length ?? 0) : 0;
  return escapedTags >= 2 ? sanitizeFeedHtml(he.decode(html), base) : html;
}

/** Convert a teaser (RSS description, Atom summary) shown beside full content to one line of text. */
function teaserText(raw: RawText): string {
  const value = fixText(raw.value);
  return raw.kind === 'html' ? htmlToLine(value) : value.replace(/\s+/g, ' ').trim();
}

/** Plain text as HTML paragraphs, split on blank lines. */
function textToHtml(text: string): string {
  return normaliseWhitespace(text)
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${he.escape(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** A string of printable ASCII, tab, line feed and carriage return, which fixText returns unchanged. */
const UNCHANGED_BY_FIX_TEXT = /^[\t\n\r\x20-\x7e]*$/;

/** Repair double-encoded UTF-8, drop control characters and compose to NFC. */
function fixText(value: string): string {
  if (UNCHANGED_BY_FIX_TEXT.test(value)) return value;
  // eslint-disable-next-line no-control-regex
  return repairDoubleEncoding(value).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g, '').normalize('NFC');
}

function cleanString(value: string | null): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

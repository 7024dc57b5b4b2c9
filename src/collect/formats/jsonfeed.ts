import { resolveUrl } from '../urls';
import type { RawFeed, RawItem, RawText } from './raw';

type Json = Record<string, unknown>;

/** Return whether text is a JSON object, the only form of a JSON Feed document. */
export function looksLikeJsonFeed(text: string): boolean {
  return text.trimStart().startsWith('{');
}

/**
 * Read JSON Feed 1.0 and 1.1. rss-parser has no JSON Feed support, so this reads the
 * documented fields directly: content_html wins over content_text, summary is the teaser,
 * authors (1.1) wins over author (1.0). Throws when the text is not a JSON Feed object.
 */
export function readJsonFeed(text: string, documentUrl: string): RawFeed {
  const document = JSON.parse(text) as unknown;
  if (!isObject(document) || !Array.isArray(document.items)) {
    throw new Error('JSON document has no "items" array, so it is not a JSON Feed');
  }

  const link = stringField(document, 'home_page_url');
  const base = resolveUrl(link, documentUrl) ?? resolveUrl(stringField(document, 'feed_url'), documentUrl) ?? documentUrl;
  const feedAuthor = authorOf(document);

  return {
    format: 'jsonfeed',
    title: htmlEntityText(stringField(document, 'title')),
    link: resolveUrl(link, base),
    base,
    items: document.items.filter(isObject).map((item) => readItem(item, base, feedAuthor)),
  };
}

function readItem(item: Json, base: string, feedAuthor: string | null): RawItem {
  const id = item.id;
  const link = stringField(item, 'url') ?? stringField(item, 'external_url');
  const contentHtml = stringField(item, 'content_html');
  const contentText = stringField(item, 'content_text');

  return {
    guid: typeof id === 'string' || typeof id === 'number' ? String(id) : null,
    title: htmlEntityText(stringField(item, 'title')),
    link,
    base: resolveUrl(link, base) ?? base,
    date: stringField(item, 'date_published') ?? stringField(item, 'date_modified'),
    author: authorOf(item) ?? feedAuthor,
    content: contentHtml !== null ? { value: contentHtml, kind: 'html' } : plain(contentText),
    summary: plain(stringField(item, 'summary')),
    image: stringField(item, 'image') ?? stringField(item, 'banner_image') ?? imageAttachment(item),
  };
}

function authorOf(object: Json): string | null {
  const authors = Array.isArray(object.authors) ? object.authors : [object.author];
  for (const author of authors) {
    if (isObject(author)) {
      const name = stringField(author, 'name');
      if (name) return name;
    }
  }
  return null;
}

function imageAttachment(item: Json): string | null {
  if (!Array.isArray(item.attachments)) return null;
  for (const attachment of item.attachments) {
    if (isObject(attachment) && String(attachment.mime_type ?? '').startsWith('image/')) return stringField(attachment, 'url');
  }
  return null;
}

/** Titles are plain text, but WordPress writes them with HTML entities, so decode those once. */
function htmlEntityText(value: string | null): RawText | null {
  return value === null ? null : { value, kind: 'html' };
}

function plain(value: string | null): RawText | null {
  return value === null ? null : { value, kind: 'text' };
}

function stringField(object: Json, name: string): string | null {
  const value = object[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

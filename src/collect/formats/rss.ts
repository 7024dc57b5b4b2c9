import { resolveUrl } from '../urls';
import { asList, attribute, firstText, ownAttribute, textOf, type ParsedEntry, type ParsedXmlFeed } from '../feed-parser';
import { findImage } from './media';
import type { RawFeed, RawItem, RawText } from './raw';
import type { RootElement } from './root';

const RSS090_NAMESPACE = 'http://my.netscape.com/rdf/simple/0.9/';

/** Return whether the root element is an RSS 0.9x/2.0 `<rss>` or an RSS 0.90/1.0 `<rdf:RDF>`. */
export function isRssRoot(rootName: string): boolean {
  return rootName === 'rss' || rootName === 'rdf:RDF';
}

/**
 * Read RSS 0.90, 0.91, 0.92, 1.0 and 2.0 (also an `<rss>` without a version attribute) from
 * rss-parser's output, which also lists items illegally nested inside other items.
 */
export function readRss(feed: ParsedXmlFeed, root: RootElement, documentUrl: string): RawFeed {
  const isRdf = root.name !== 'rss';
  let format = rssFormat(root.attributes['version'] ?? null);
  if (isRdf) format = root.attributes['xmlns'] === RSS090_NAMESPACE ? 'rss090' : 'rss1';

  const feedLink = firstText(feed['link']) ?? alternateLink(feed['atomLinks']);
  const base = resolveUrl(feedLink, documentUrl) ?? documentUrl;

  // An empty <item/> (FeedBurner nests them inside real items) carries no story.
  const items = feed.items.map((item) => readItem(item, base, isRdf)).filter((item) => !isEmptyItem(item));

  return {
    format,
    title: htmlText(firstText(feed['title'])),
    link: resolveUrl(feedLink, base),
    base,
    items,
  };
}

function rssFormat(version: string | null): string {
  if (!version) return 'rss';
  const trimmed = version.trim();
  if (/^2(\.0+)*$/.test(trimmed)) return 'rss2';
  return 'rss' + trimmed.replace(/\./g, '');
}

/** Return the href of the first atom:link with rel="alternate" or no rel. */
function alternateLink(links: unknown): string | null {
  for (const link of asList(links)) {
    if ((attribute(link, 'rel') ?? 'alternate') === 'alternate') return attribute(link, 'href');
  }
  return null;
}

function readItem(item: ParsedEntry, feedBase: string, isRdf: boolean): RawItem {
  const guidElement = asList(item['guids'])[0];
  const about = typeof item['rdf:about'] === 'string' ? item['rdf:about'] : null;
  const guid = textOf(guidElement).trim() || (isRdf ? about : null) || null;
  const guidIsLink = guid !== null && attribute(guidElement, 'isPermaLink') !== 'false' && /^https?:\/\//i.test(guid);

  const link = firstText(item['origLinks']) ?? firstText(item['links']) ?? alternateLink(item['atomLinks']) ?? (guidIsLink ? guid : null);
  const itemBase = resolveUrl(ownAttribute(item, 'xml:base'), feedBase) ?? feedBase;

  return {
    guid,
    title: htmlText(firstText(item['titles'])),
    link,
    base: resolveUrl(link, itemBase) ?? itemBase,
    date: firstText(item['pubDates'], item['dcDates'], item['atomUpdated'], item['dctermsModified']),
    author: authorName(firstText(item['authors'], item['dcCreators'], item['itunesAuthors'])),
    content: htmlText(firstText(item['encodedContents'])),
    summary: htmlText(firstText(item['descriptions'], item['itunesSummaries'])),
    image: findImage(item, asList(item['enclosures'])),
  };
}

function isEmptyItem(item: RawItem): boolean {
  return !item.guid && !item.link && !item.title && !item.content && !item.summary;
}

function htmlText(value: string | null): RawText | null {
  return value === null ? null : { value, kind: 'html' };
}

/** `jane@example.com (Jane Doe)` names Jane Doe; RSS 2.0 puts an address first. */
export function authorName(value: string | null): string | null {
  if (!value) return null;
  const match = /^\S+@\S+\s*\((.+)\)$/.exec(value.trim());
  return (match ? match[1]! : value).trim() || null;
}

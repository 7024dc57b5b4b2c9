import { resolveUrl } from '../urls';
import { asList, attribute, childrenOf, firstText, ownAttribute, textOf, type ParsedEntry, type ParsedXmlFeed, type XmlValue } from '../feed-parser';
import { findImage } from './media';
import type { RawFeed, RawItem, RawText } from './raw';

const ATOM03_NAMESPACE = 'http://purl.org/atom/ns#';

/**
 * Return whether the root element is an Atom `<feed>`. rss-parser reads Atom only under the
 * unprefixed names, so a document that binds Atom to a prefix (`<atom:feed>`) is not read.
 */
export function isAtomRoot(rootName: string): boolean {
  return rootName === 'feed';
}

/**
 * Read Atom 1.0 (RFC 4287) and Atom 0.3 from rss-parser's output, resolving xml:base from the
 * entry up to the feed. xml2js keeps the xml:base attributes under `$`, and the custom fields keep
 * those of the feed, each entry, and each link and content element.
 */
export function readAtom(feed: ParsedXmlFeed, documentUrl: string): RawFeed {
  const rootAttributes = Object.values((feed['attributes'] as Record<string, string> | undefined) ?? {});
  const isAtom03 = rootAttributes.includes(ATOM03_NAMESPACE);

  const feedBase = resolveUrl(ownAttribute(feed, 'xml:base'), documentUrl);
  const feedAuthor = authorOf(feed['authors']);
  const base = feedBase ?? (/^https?:/i.test(documentUrl) ? documentUrl : (ownAbsoluteLink(feed['links']) ?? documentUrl));

  const items = feed.items.map((entry) => readEntry(entry, { base, hasXmlBase: feedBase !== null, feedAuthor }));

  return {
    format: isAtom03 ? 'atom03' : 'atom',
    title: readTextConstruct(asList(feed['titles'])[0]),
    link: alternateLink(feed['links'], base),
    base,
    items,
  };
}

interface EntryScope {
  base: string;
  hasXmlBase: boolean;
  feedAuthor: string | null;
}

function readEntry(entry: ParsedEntry, scope: EntryScope): RawItem {
  const entryXmlBase = ownAttribute(entry, 'xml:base');
  const entryBase = resolveUrl(entryXmlBase, scope.base) ?? scope.base;

  const guid = firstText(entry['ids']);
  const link = firstText(entry['origLinks']) ?? alternateLink(entry['links'], entryBase) ?? (guid && /^https?:\/\//i.test(guid) ? guid : null);

  const contentElement = asList(entry['contents'])[0];
  const contentBase = resolveUrl(attribute(contentElement, 'xml:base'), entryBase) ?? entryBase;
  const usesXmlBase = scope.hasXmlBase || entryXmlBase !== null || attribute(contentElement, 'xml:base') !== null;

  const enclosures = asList(entry['links']).filter((element) => attribute(element, 'rel') === 'enclosure');

  return {
    guid,
    title: readTextConstruct(asList(entry['titles'])[0]),
    link,
    base: usesXmlBase ? contentBase : (resolveUrl(link, entryBase) ?? entryBase),
    date: firstText(entry['publishedDates'], entry['updatedDates'], entry['issuedDates'], entry['modifiedDates'], entry['createdDates']),
    author: authorOf(entry['authors']) ?? scope.feedAuthor,
    content: readTextConstruct(contentElement),
    summary: readTextConstruct(asList(entry['summaries'])[0]) ?? mediaDescription(entry),
    image: findImage(entry, enclosures),
  };
}

/**
 * Return the href of the link a reader follows: rel="alternate" or no rel, preferring text/html.
 * rel="self", "enclosure", "replies" and the rest never count, so a feed's own URL is never
 * taken as a story link.
 */
function alternateLink(links: unknown, base: string): string | null {
  const candidates = asList(links).filter((link) => (attribute(link, 'rel') ?? 'alternate') === 'alternate' && attribute(link, 'href'));
  const best = candidates.find((link) => /html/i.test(attribute(link, 'type') ?? 'text/html')) ?? candidates[0];
  if (!best) return null;

  const linkBase = resolveUrl(attribute(best, 'xml:base'), base) ?? base;
  return resolveUrl(attribute(best, 'href'), linkBase) ?? attribute(best, 'href');
}

/** Return the feed's absolute rel="self" (else alternate) link, the base of a feed read from a file. */
function ownAbsoluteLink(links: unknown): string | null {
  const all = asList(links);
  const self = all.find((link) => attribute(link, 'rel') === 'self');
  const alternate = all.find((link) => (attribute(link, 'rel') ?? 'alternate') === 'alternate');
  return resolveUrl(attribute(self, 'href'), null) ?? resolveUrl(attribute(alternate, 'href'), null);
}

function authorOf(authors: unknown): string | null {
  const author = asList(authors)[0];
  return firstText(childrenOf(author, 'name'), childrenOf(author, 'email'));
}

/**
 * Read an Atom text construct. type="text" (the default) is plain text, type="html" is escaped
 * markup and type="xhtml" is inline markup, which protectMarkup in feed-parser.ts hands over as
 * raw text. Atom 0.3 marks the last two with mode="escaped" or "xml".
 */
export function readTextConstruct(element: XmlValue | undefined): RawText | null {
  if (element === undefined) return null;
  const type = (attribute(element, 'type') ?? 'text').toLowerCase();
  const mode = attribute(element, 'mode')?.toLowerCase();
  const text = textOf(element).trim();

  if (mode === 'base64') return { value: Buffer.from(text, 'base64').toString('utf8'), kind: type.includes('html') ? 'html' : 'text' };
  if (type === 'xhtml' || type === 'application/xhtml+xml' || mode === 'xml') return { value: text, kind: 'html' };
  if (type === 'html' || type === 'text/html' || mode === 'escaped') return { value: text, kind: 'html' };
  return { value: text, kind: 'text' };
}

function mediaDescription(entry: ParsedEntry): RawText | null {
  const groups = asList(entry['mediaGroups']);
  const text = firstText(entry['mediaDescriptions'], ...groups.map((group) => childrenOf(group, 'media:description')));
  return text ? { value: text, kind: 'text' } : null;
}

import { resolveUrl } from '../urls';
import { attribute, childText, childrenOf, firstChild, namespacesOf, qualifiedNames, textOf, type XmlDocument, type XmlNode } from '../xml';
import { findImage, mediaNamesOf, type MediaNames } from './media';
import { NS, type RawFeed, type RawItem, type RawText } from './raw';

/** Return whether the root element is an RSS 0.9x/2.0 `<rss>` or an RSS 0.90/1.0 `<rdf:RDF>`. */
export function isRssRoot(rootName: string): boolean {
  return rootName === 'rss' || rootName === 'RDF' || rootName.endsWith(':RDF');
}

/** Read RSS 0.90, 0.91, 0.92, 1.0 and 2.0 (also an `<rss>` without a version attribute). */
export function readRss(document: XmlDocument, documentUrl: string): RawFeed {
  const { rootName, root } = document;
  const isRdf = rootName !== 'rss';
  const channel = childrenOf(root, 'channel')[0];
  const namespaces = namespacesOf(root, channel);

  const format = isRdf ? rdfFormat(namespaces) : rssFormat(attribute(root, 'version'));
  const itemNames = isRdf ? ['item', ...qualifiedNames(namespaces, [...NS.rss1, ...NS.rss090], 'item', 'rss')] : ['item'];

  const feedLink = channelLink(channel, namespaces);
  const base = resolveUrl(feedLink, documentUrl) ?? documentUrl;

  const itemNodes = [...collectItems(channel, itemNames), ...(isRdf || !channel ? collectItems(root, itemNames) : [])];
  // An empty <item/> (FeedBurner nests them inside real items) carries no story.
  const names = itemNamesOf(namespaces);
  const items = itemNodes.map((item) => readItem(item, names, base, isRdf)).filter((item) => !isEmptyItem(item));

  return {
    format,
    title: htmlText(childText(channel, ['title'])),
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

function rdfFormat(namespaces: Map<string, string>): string {
  return namespaces.get('') === NS.rss090[0] ? 'rss090' : 'rss1';
}

/** Items in document order, including items illegally nested inside other items. */
function collectItems(parent: XmlNode | undefined, names: string[]): XmlNode[] {
  const found: XmlNode[] = [];
  for (const name of new Set(names)) {
    for (const item of childrenOf(parent, name)) {
      found.push(item, ...collectItems(item, names));
    }
  }
  return found;
}

function channelLink(channel: XmlNode | undefined, namespaces: Map<string, string>): string | null {
  return childText(channel, ['link']) ?? alternateLink(channel, qualifiedNames(namespaces, NS.atom, 'link', 'atom'));
}

/** Return the href of the first atom:link with rel="alternate" or no rel. */
function alternateLink(node: XmlNode | undefined, atomLinkNames: string[]): string | null {
  for (const name of atomLinkNames) {
    for (const link of childrenOf(node, name)) {
      const rel = attribute(link, 'rel') ?? 'alternate';
      if (rel === 'alternate') return attribute(link, 'href');
    }
  }
  return null;
}

/** The namespaced tag names an RSS item may use, looked up once per document. */
interface ItemNames {
  origLink: string[];
  contentEncoded: string[];
  itunesSummary: string[];
  itunesAuthor: string[];
  dcDate: string[];
  dcCreator: string[];
  dctermsModified: string[];
  atomUpdated: string[];
  atomLink: string[];
  media: MediaNames;
}

function itemNamesOf(namespaces: Map<string, string>): ItemNames {
  return {
    origLink: qualifiedNames(namespaces, NS.feedburner, 'origLink', 'feedburner'),
    contentEncoded: qualifiedNames(namespaces, NS.content, 'encoded', 'content'),
    itunesSummary: qualifiedNames(namespaces, NS.itunes, 'summary', 'itunes'),
    itunesAuthor: qualifiedNames(namespaces, NS.itunes, 'author', 'itunes'),
    dcDate: qualifiedNames(namespaces, NS.dc, 'date', 'dc'),
    dcCreator: qualifiedNames(namespaces, NS.dc, 'creator', 'dc'),
    dctermsModified: qualifiedNames(namespaces, NS.dc, 'modified', 'dcterms'),
    atomUpdated: qualifiedNames(namespaces, NS.atom, 'updated', 'atom'),
    atomLink: qualifiedNames(namespaces, NS.atom, 'link', 'atom'),
    media: mediaNamesOf(namespaces),
  };
}

function readItem(item: XmlNode, names: ItemNames, feedBase: string, isRdf: boolean): RawItem {
  const guidNode = firstChild(item, ['guid']);
  const guid = textOf(guidNode).trim() || (isRdf ? attribute(item, 'rdf:about') : null) || null;
  const guidIsLink = guid !== null && attribute(guidNode, 'isPermaLink') !== 'false' && /^https?:\/\//i.test(guid);

  const link = childText(item, names.origLink) ?? childText(item, ['link']) ?? alternateLink(item, names.atomLink) ?? (guidIsLink ? guid : null);
  const itemBase = resolveUrl(attribute(item, 'xml:base'), feedBase) ?? feedBase;

  const content = childText(item, names.contentEncoded);
  const description = childText(item, ['description']) ?? childText(item, names.itunesSummary);

  return {
    guid,
    title: htmlText(childText(item, ['title'])),
    link,
    base: resolveUrl(link, itemBase) ?? itemBase,
    date: childText(item, ['pubDate']) ?? childText(item, names.dcDate) ?? childText(item, names.atomUpdated) ?? childText(item, names.dctermsModified),
    author: authorName(childText(item, ['author']) ?? childText(item, names.dcCreator) ?? childText(item, names.itunesAuthor)),
    content: htmlText(content),
    summary: htmlText(description),
    image: findImage(item, names.media, childrenOf(item, 'enclosure')),
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

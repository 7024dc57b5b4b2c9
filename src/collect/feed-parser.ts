import he from 'he';
import Parser from 'rss-parser';

/**
 * One element as xml2js (under rss-parser) returns it: a string when it has only text, else an
 * object with attributes under `$`, text under `_` and child elements as arrays under their names.
 */
export type XmlValue = string | XmlElement;

export interface XmlElement {
  $?: Record<string, string>;
  _?: string;
  [child: string]: unknown;
}

/** An item or feed from parseString: rss-parser's own fields plus the custom fields below. */
export type ParsedEntry = Record<string, unknown>;

export interface ParsedXmlFeed extends ParsedEntry {
  items: ParsedEntry[];
}

const keepAll = (element: string, field: string) => [element, field, { keepArray: true }];

/**
 * Elements kept whole (every occurrence, attributes included) under the field names on the
 * right, because rss-parser keeps only the first occurrence's text, or nothing, for them.
 */
const ITEM_FIELDS = [
  keepAll('$', 'attributes'),
  keepAll('link', 'links'),
  keepAll('atom:link', 'atomLinks'),
  keepAll('guid', 'guids'),
  keepAll('title', 'titles'),
  keepAll('description', 'descriptions'),
  keepAll('content:encoded', 'encodedContents'),
  keepAll('content', 'contents'),
  keepAll('summary', 'summaries'),
  keepAll('id', 'ids'),
  keepAll('author', 'authors'),
  keepAll('dc:creator', 'dcCreators'),
  keepAll('itunes:author', 'itunesAuthors'),
  keepAll('itunes:summary', 'itunesSummaries'),
  keepAll('itunes:image', 'itunesImages'),
  keepAll('pubDate', 'pubDates'),
  keepAll('dc:date', 'dcDates'),
  keepAll('dcterms:modified', 'dctermsModified'),
  keepAll('atom:updated', 'atomUpdated'),
  keepAll('published', 'publishedDates'),
  keepAll('updated', 'updatedDates'),
  keepAll('issued', 'issuedDates'),
  keepAll('modified', 'modifiedDates'),
  keepAll('created', 'createdDates'),
  keepAll('feedburner:origLink', 'origLinks'),
  keepAll('enclosure', 'enclosures'),
  keepAll('media:content', 'mediaContents'),
  keepAll('media:thumbnail', 'mediaThumbnails'),
  keepAll('media:group', 'mediaGroups'),
  keepAll('media:description', 'mediaDescriptions'),
];

const FEED_FIELDS = [keepAll('$', 'attributes'), keepAll('link', 'links'), keepAll('atom:link', 'atomLinks'), keepAll('title', 'titles'), keepAll('author', 'authors')];

type RssParserInternals = {
  parseItemAtom(this: Parser, entry: XmlElement): ParsedEntry;
  buildRSS(this: Parser, channel: XmlElement, items: XmlElement[] | undefined): ParsedXmlFeed;
};

/** rss-parser's methods that FeedParser overrides: internal to rss-parser 3.13 and not in its typings. */
const rssParserInternals = Parser.prototype as unknown as RssParserInternals;

class FeedParser extends Parser<ParsedEntry, ParsedEntry> {
  /**
   * rss-parser 3.13 converts an Atom entry's published/updated with `new Date(value).toISOString()`,
   * which throws RangeError on a date it cannot read and so rejects the whole feed. The readers take
   * dates from the kept fields (publishedDates, updatedDates) and parse them with parseFeedDate, so
   * such an entry is built again without the two elements.
   */
  parseItemAtom(entry: XmlElement): ParsedEntry {
    try {
      return rssParserInternals.parseItemAtom.call(this, entry);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      const item = rssParserInternals.parseItemAtom.call(this, { ...entry, published: undefined, updated: undefined });
      return { ...item, publishedDates: entry['published'], updatedDates: entry['updated'] };
    }
  }

  /**
   * rss-parser reads only the items directly under the channel (or the RDF root). Items illegally
   * nested inside another item are added after their parent, in document order.
   */
  buildRSS(channel: XmlElement, items: XmlElement[] | undefined): ParsedXmlFeed {
    return rssParserInternals.buildRSS.call(this, channel, flattenItems(items ?? []));
  }
}

function flattenItems(items: XmlElement[]): XmlElement[] {
  const flat: XmlElement[] = [];
  for (const item of items) {
    flat.push(item);
    const nested = childrenOf(item, 'item').filter((child): child is XmlElement => typeof child !== 'string');
    if (nested.length > 0) flat.push(...flattenItems(nested));
  }
  return flat;
}

/**
 * Built once per process. xml2js parses synchronously inside parseString, so concurrent calls
 * never interleave on its state. `defaultRSS: 2` reads an `<rss>` without a version as RSS 2.0.
 */
const parser = new FeedParser({
  defaultRSS: 2,
  customFields: { feed: FEED_FIELDS, item: ITEM_FIELDS } as unknown as Parser.CustomFields<ParsedEntry, ParsedEntry>,
  xml2js: { strict: true },
});

/**
 * Parse an RSS or Atom document with rss-parser. A document that xml2js rejects is parsed again
 * after closing the elements left open at its end, so that a truncated download still yields its
 * complete items. Throws the first parse error when that fails too.
 */
export async function parseXmlFeed(text: string): Promise<ParsedXmlFeed> {
  const protectedText = protectMarkup(text);
  try {
    return (await parser.parseString(protectedText)) as ParsedXmlFeed;
  } catch (error) {
    const repaired = closeOpenElements(protectedText);
    if (repaired === protectedText) throw error;
    try {
      return (await parser.parseString(repaired)) as ParsedXmlFeed;
    } catch {
      throw error;
    }
  }
}

/** Text constructs and RSS fields whose content may be markup rather than text. */
const MARKUP_ELEMENTS = /<(title|subtitle|summary|content|description|content:encoded)(\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/\1\s*>)/g;

/**
 * Wrap markup inside text elements (Atom type="xhtml", unescaped HTML in RSS) in CDATA, so that
 * xml2js returns it as one string. Without this xml2js splits mixed content into text and child
 * arrays and loses their order. Atom xhtml is always wrapped and keeps its markup as written.
 * Other elements are wrapped only when they contain a tag, with entities outside CDATA decoded
 * once, which is what xml2js does for their text.
 */
function protectMarkup(text: string): string {
  if (!/<(title|subtitle|summary|content|description|content:encoded)\b[^>]*>[^<]*<[A-Za-z]/.test(text)) return text;

  return text.replace(MARKUP_ELEMENTS, (element, name: string, attributes: string | undefined, inner: string | undefined) => {
    if (inner === undefined) return element;
    const isXhtml = /\b(type=["'](xhtml|application\/xhtml\+xml)["']|mode=["']xml["'])/i.test(attributes ?? '');
    if (!isXhtml && !/<[A-Za-z]/.test(inner.replace(/<!\[CDATA\[[\s\S]*?]]>/g, ''))) return element;

    const value = isXhtml ? inner : decodeRawXml(inner);
    return `<${name}${attributes ?? ''}><![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]></${name}>`;
  });
}

/**
 * Turn raw XML character data into text: CDATA sections are copied literally and entities
 * elsewhere are decoded once (HTML named entities too, since feeds use them without a DTD).
 */
function decodeRawXml(raw: string): string {
  if (!raw.includes('&') && !raw.includes('<![CDATA[')) return raw;

  let result = '';
  let position = 0;
  while (position < raw.length) {
    const start = raw.indexOf('<![CDATA[', position);
    if (start === -1) {
      result += he.decode(raw.slice(position));
      break;
    }
    result += he.decode(raw.slice(position, start));
    const end = raw.indexOf(']]>', start + 9);
    result += raw.slice(start + 9, end === -1 ? raw.length : end);
    position = end === -1 ? raw.length : end + 3;
  }
  return result;
}

const TOKENS = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?]]>|<\?[\s\S]*?\?>|<![A-Za-z][^>]*>|<(\/?)([A-Za-z_][\w:.-]*)(?:\s[^>]*?)?(\/?)>/g;

/**
 * Close the elements still open at the end of `text`, after ending an unfinished CDATA section
 * or cutting an unfinished tag, comment or entity there. Returns `text` unchanged when nothing
 * is open.
 */
export function closeOpenElements(text: string): string {
  const cdataStart = text.lastIndexOf('<![CDATA[');
  const inCdata = cdataStart !== -1 && !text.includes(']]>', cdataStart);
  const markup = inCdata ? text.slice(0, cdataStart) : text;

  const open: string[] = [];
  let end = 0;
  for (const match of markup.matchAll(TOKENS)) {
    end = match.index + match[0].length;
    const [, closing, name, selfClosing] = match;
    if (!name || selfClosing) continue;
    if (!closing) open.push(name);
    else if (open.lastIndexOf(name) !== -1) open.length = open.lastIndexOf(name);
  }
  if (open.length === 0) return text;

  let body = text;
  if (inCdata) {
    body += ']]>';
  } else {
    const lastTag = body.lastIndexOf('<');
    if (lastTag >= end) body = body.slice(0, lastTag);
    body = body.replace(/&[#\w]*$/, '');
  }
  return body + open.reverse().map((name) => `</${name}>`).join('');
}

/** Return the text of an element: the string itself, or the `_` of an element with attributes. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isElement(value) && typeof value._ === 'string') return value._;
  return '';
}

/** Return the trimmed text of the first element in `lists` whose text is not blank, or null. */
export function firstText(...lists: unknown[]): string | null {
  for (const list of lists) {
    for (const value of asList(list)) {
      const text = textOf(value).trim();
      if (text !== '') return text;
    }
  }
  return null;
}

/** Return an attribute of an element, or null when it is missing. */
export function attribute(value: unknown, name: string): string | null {
  const attributes = isElement(value) ? value.$ : undefined;
  const found = attributes?.[name];
  return typeof found === 'string' ? found : null;
}

/** Return an attribute of the item or feed element itself (kept under `attributes`), or null. */
export function ownAttribute(entry: ParsedEntry, name: string): string | null {
  return attribute({ $: entry['attributes'] as Record<string, string> | undefined }, name);
}

/** Return a kept field as a list of elements: missing fields give []. */
export function asList(value: unknown): XmlValue[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((entry): entry is XmlValue => typeof entry === 'string' || isElement(entry));
}

/** Return child elements named `name` of an element. */
export function childrenOf(value: unknown, name: string): XmlValue[] {
  return isElement(value) ? asList(value[name]) : [];
}

function isElement(value: unknown): value is XmlElement {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

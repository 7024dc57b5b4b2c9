/**
 * Fields a format reader extracts before normalisation: strings as the feed has them, with
 * relative URLs unresolved and HTML unsanitised.
 */

/** `html` means the value is markup whose text a reader sees only after HTML decoding. */
export type TextKind = 'text' | 'html';

export interface RawText {
  value: string;
  kind: TextKind;
}

export interface RawItem {
  guid: string | null;
  title: RawText | null;
  link: string | null;
  /** Base URL for the item's links and content (xml:base, else the feed's base). */
  base: string | null;
  date: string | null;
  author: string | null;
  content: RawText | null;
  summary: RawText | null;
  image: string | null;
}

export interface RawFeed {
  format: string;
  title: RawText | null;
  link: string | null;
  base: string | null;
  items: RawItem[];
}

/** Namespace URIs of the modules the readers look into. */
export const NS = {
  atom: ['http://www.w3.org/2005/Atom'],
  atom03: ['http://purl.org/atom/ns#'],
  content: ['http://purl.org/rss/1.0/modules/content/'],
  dc: ['http://purl.org/dc/elements/1.1/', 'http://purl.org/dc/terms/'],
  media: ['http://search.yahoo.com/mrss/', 'http://search.yahoo.com/mrss'],
  itunes: ['http://www.itunes.com/dtds/podcast-1.0.dtd'],
  feedburner: ['http://rssnamespace.org/feedburner/ext/1.0'],
  rss1: ['http://purl.org/rss/1.0/'],
  rss090: ['http://my.netscape.com/rdf/simple/0.9/'],
} as const;

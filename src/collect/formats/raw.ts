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

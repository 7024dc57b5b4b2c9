import zlib from 'node:zlib';
import { AppError, errorMessage } from '../errors';
import { decodeFeedBytes } from './charset';
import { parseXmlFeed, type ParsedXmlFeed } from './feed-parser';
import { isAtomRoot, readAtom } from './formats/atom';
import { looksLikeJsonFeed, readJsonFeed } from './formats/jsonfeed';
import type { RawFeed } from './formats/raw';
import { readRootElement } from './formats/root';
import { isRssRoot, readRss } from './formats/rss';
import { normalizeItem, normalizeTitle, type NormalizedItem } from './normalize';
import { resolveUrl } from './urls';

export type { NormalizedItem } from './normalize';

/** A parsed feed: its own fields and its items, normalised. */
export interface ParsedFeed {
  feed: { title: string; link: string | null; format: string; encoding: string };
  items: NormalizedItem[];
}

export interface ParseInput {
  bytes: Buffer;
  /** Source of the bytes: the base for relative links, and the name used in errors. */
  url: string;
  /** The HTTP Content-Type header, whose charset parameter outranks the XML declaration. */
  contentType?: string | null;
}

export interface ParseOptions {
  /** Maximum length of each item's summary, in characters. */
  excerptChars?: number;
}

const DEFAULT_EXCERPT_CHARS = 400;

/**
 * Parse RSS 0.90–2.0, Atom 0.3/1.0 or JSON Feed 1.0/1.1 bytes into normalised items. RSS and
 * Atom are parsed with rss-parser, JSON Feed by hand. Pure: no database, no network. Rejects
 * with AppError FEED_PARSE_FAILED naming `url` when the bytes are not a feed.
 */
export async function parseFeed(input: ParseInput, options: ParseOptions = {}): Promise<ParsedFeed> {
  const excerptChars = options.excerptChars ?? DEFAULT_EXCERPT_CHARS;
  const bytes = gunzipIfCompressed(input.bytes, input.url);
  const { text, encoding } = decodeFeedBytes(bytes, input.contentType);

  const raw = await readAnyFormat(text.replace(/^\uFEFF/, ''), input.url);

  return {
    feed: {
      title: normalizeTitle(raw.title),
      link: resolveUrl(raw.link, raw.base),
      format: raw.format,
      encoding,
    },
    items: raw.items.map((item) => normalizeItem(item, excerptChars)),
  };
}

async function readAnyFormat(text: string, url: string): Promise<RawFeed> {
  const trimmed = text.trimStart();
  if (trimmed === '') throw parseError(url, 'the body is empty');

  if (looksLikeJsonFeed(trimmed)) {
    try {
      return readJsonFeed(trimmed, url);
    } catch (error) {
      throw parseError(url, `invalid JSON Feed: ${errorMessage(error)}`, error);
    }
  }

  if (/^(<!--[\s\S]*?-->\s*)*<!doctype html|^<html[\s>]/i.test(trimmed)) {
    throw parseError(url, `it is an HTML page, not a feed${feedLinkHint(trimmed, url)}`);
  }

  const root = readRootElement(trimmed);
  if (!root) throw parseError(url, 'invalid XML: no root element found');
  if (root.name.toLowerCase() === 'html') throw parseError(url, `it is an HTML page, not a feed${feedLinkHint(trimmed, url)}`);
  if (!isRssRoot(root.name) && !isAtomRoot(root.name)) throw parseError(url, `the root element <${root.name}> is not RSS, Atom or JSON Feed`);

  let feed: ParsedXmlFeed;
  try {
    feed = await parseXmlFeed(trimmed);
  } catch (error) {
    throw parseError(url, `invalid XML: ${errorMessage(error).replace(/\s+/g, ' ')}`, error);
  }

  return isAtomRoot(root.name) ? readAtom(feed, url) : readRss(feed, root, url);
}

/** Feed bytes saved or served gzip-compressed without Content-Encoding start with 1F 8B. */
function gunzipIfCompressed(bytes: Buffer, url: string): Buffer {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return zlib.gunzipSync(bytes);
  } catch (error) {
    throw parseError(url, `the gzip data is corrupt: ${errorMessage(error)}`, error);
  }
}

/** Build the end of the error message for an HTML page: the feed URL its `<link rel=alternate>` names, if any. */
function feedLinkHint(html: string, url: string): string {
  const tag = /<link\b[^>]*type=["']application\/(?:rss|atom|feed)\+(?:xml|json)["'][^>]*>/i.exec(html)?.[0];
  const href = tag ? /href=["']([^"']+)["']/i.exec(tag)?.[1] : undefined;
  const resolved = href ? resolveUrl(href, url) : null;
  return resolved ? `; the page names the feed ${resolved}, so add that URL instead` : '; add the URL of its RSS, Atom or JSON feed instead';
}

function parseError(url: string, reason: string, cause?: unknown): AppError {
  return new AppError('FEED_PARSE_FAILED', `feed ${url} could not be parsed: ${reason}`, { url }, { cause });
}

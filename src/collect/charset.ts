import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';

/** Feed text decoded from its bytes, and the charset that was used. */
export interface DecodedText {
  text: string;
  encoding: string;
}

/** WHATWG Encoding: a page labelled ISO-8859-1 or US-ASCII is decoded as windows-1252. */
const LABEL_ALIASES: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'x-sjis': 'shift_jis',
  sjis: 'shift_jis',
  'x-euc-jp': 'euc-jp',
  gb2312: 'gbk',
};

/**
 * Decode feed bytes. The charset comes from, in order: a byte order mark, the HTTP
 * Content-Type charset, the XML declaration, then detection. A declared UTF-8 that the bytes
 * break is not trusted, because servers often send `charset=utf-8` for every file.
 */
export function decodeFeedBytes(bytes: Buffer, contentType?: string | null): DecodedText {
  const bom = bomEncoding(bytes);
  if (bom) return { text: decodeWith(bom.encoding, bytes.subarray(bom.length)), encoding: bom.encoding };

  const candidates = [charsetFromContentType(contentType), charsetFromXmlDeclaration(bytes)];
  for (const label of candidates) {
    const encoding = label ? canonicalEncoding(label) : null;
    if (!encoding) continue;
    if (encoding === 'utf-8' && !isValidUtf8(bytes)) continue;
    if (encoding === 'utf-16le' || encoding === 'utf-16be' || encoding === 'utf-16') continue;
    return { text: decodeWith(encoding, bytes), encoding };
  }

  if (isValidUtf8(bytes)) return { text: decodeWith('utf-8', bytes), encoding: 'utf-8' };
  const detected = detectLegacyEncoding(bytes);
  return { text: decodeWith(detected, bytes), encoding: detected };
}

/** Return the lower-cased charset parameter of a Content-Type header, or null. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  const match = /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '');
  return match ? match[1]!.toLowerCase() : null;
}

/** Return the encoding named by `<?xml … encoding="…"?>` at the start of the bytes, or null. */
export function charsetFromXmlDeclaration(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 200).toString('latin1');
  const match = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  return match ? match[1]!.toLowerCase() : null;
}

/** Return the decoder name of a charset label, or null when no decoder supports it. */
export function canonicalEncoding(label: string): string | null {
  const lower = label.trim().toLowerCase();
  const aliased = LABEL_ALIASES[lower] ?? lower;
  if (aliased === 'utf8') return 'utf-8';

  try {
    return new TextDecoder(aliased).encoding;
  } catch {
    return iconv.encodingExists(aliased) ? aliased : null;
  }
}

/** Return whether the bytes are well-formed UTF-8. */
export function isValidUtf8(bytes: Buffer): boolean {
  return isUtf8(bytes);
}

function bomEncoding(bytes: Buffer): { encoding: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * Guess the charset of bytes that are not UTF-8 and declare nothing usable. chardet ranks the
 * candidates; a guess outside the legacy charsets feeds use falls back to windows-1252, the
 * usual charset of undeclared Western feeds.
 */
/** Bytes chardet reads: enough for its statistics, and it is slow on megabytes. */
const DETECTION_SAMPLE_BYTES = 64 * 1024;

function detectLegacyEncoding(bytes: Buffer): string {
  const guess = chardet.detect(bytes.subarray(0, DETECTION_SAMPLE_BYTES))?.toLowerCase() ?? null;
  const encoding = guess ? canonicalEncoding(guess) : null;
  if (!encoding || encoding === 'utf-8' || encoding.startsWith('utf-')) return 'windows-1252';
  return encoding;
}

/**
 * Decode with iconv-lite, or with TextDecoder for labels iconv-lite lacks. UTF-8 goes to
 * TextDecoder. NOTE: Node 20.20's TextDecoder decodes windows-1252 as ISO-8859-1 (0x93 becomes
 * U+0093, not U+201C), which is why legacy charsets never go to it first.
 */
function decodeWith(encoding: string, bytes: Buffer): string {
  if (encoding === 'utf-8') return new TextDecoder('utf-8').decode(bytes);
  if (iconv.encodingExists(encoding)) return iconv.decode(bytes, encoding, { stripBOM: false });
  return new TextDecoder(encoding).decode(bytes);
}

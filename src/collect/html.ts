import he from 'he';
import { compile } from 'html-to-text';
import sanitizeHtml from 'sanitize-html';
import { resolveUrl } from './urls';

const ALLOWED_TAGS = [
  ...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== 'iframe'),
  'img', 'figure', 'figcaption', 'picture', 'del', 'ins', 'sub', 'sup', 'small', 'mark',
];

/**
 * sanitize-html options without the base URL. Scripts, styles, frames, event handlers and
 * every `javascript:` or `data:` URL are dropped; images may only load over http(s).
 */
const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
    ol: ['start'],
    code: ['class'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // 1×1 images are tracking pixels (FeedBurner, ad networks), not content.
  exclusiveFilter: (frame) => frame.tag === 'img' && frame.attribs.width === '1' && frame.attribs.height === '1',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed'],
};

const BLOCK = { leadingLineBreaks: 2, trailingLineBreaks: 2 };

const toText = compile({
  wordwrap: false,
  preserveNewlines: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'h1', options: { ...BLOCK, uppercase: false } },
    { selector: 'h2', options: { ...BLOCK, uppercase: false } },
    { selector: 'h3', options: { ...BLOCK, uppercase: false } },
    { selector: 'h4', options: { ...BLOCK, uppercase: false } },
    { selector: 'h5', options: { ...BLOCK, uppercase: false } },
    { selector: 'h6', options: { ...BLOCK, uppercase: false } },
    { selector: 'p', options: BLOCK },
    { selector: 'div', format: 'block', options: BLOCK },
    { selector: 'table', format: 'dataTable' },
    { selector: 'ul', options: { itemPrefix: '- ' } },
  ],
});

/** Sanitise feed HTML and make its links and image sources absolute against `baseUrl`. */
export function sanitizeFeedHtml(html: string, baseUrl: string | null): string {
  if (html.trim() === '') return '';

  // Text without a tag needs no parser: decoding and re-escaping gives what sanitize-html would.
  if (!html.includes('<')) return escapeText(decodeEntities(html)).trim();

  const absolute = (attribute: 'href' | 'src') => (tagName: string, attribs: sanitizeHtml.Attributes) => {
    const value = attribs[attribute];
    if (value !== undefined && !/^(mailto:|#)/i.test(value)) {
      const resolved = resolveUrl(value, baseUrl);
      if (resolved) attribs[attribute] = resolved;
      else delete attribs[attribute];
    }
    return { tagName, attribs };
  };

  return sanitizeHtml(html, {
    ...SANITIZE_OPTIONS,
    transformTags: { a: absolute('href'), img: absolute('src') },
  }).trim();
}

/** Convert HTML to plain text: one blank line between paragraphs, spaces collapsed inside lines. */
export function htmlToPlainText(html: string): string {
  if (html.trim() === '') return '';

  // Without tags, html-to-text would only decode entities and collapse whitespace to spaces.
  if (!html.includes('<')) return decodeEntities(html).replace(/\s+/g, ' ').trim();
  return normaliseWhitespace(toText(html));
}

/**
 * Convert HTML to one line of plain text with regular expressions: cheaper than html-to-text,
 * and enough for a teaser that is cut to an excerpt anyway. Scripts, styles and comments are dropped.
 */
export function htmlToLine(html: string): string {
  const withoutTags = html
    .replace(/<(script|style|noscript|iframe)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ');
  return he.decode(withoutTags).replace(/\s+/g, ' ').trim();
}

/** Decode HTML character references with he, skipping strings without `&`, which he returns unchanged. */
function decodeEntities(text: string): string {
  return text.includes('&') ? he.decode(text) : text;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Collapse spaces inside lines and keep at most one blank line between paragraphs. */
export function normaliseWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\t\f\v\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
    .replace(/[\u200B\uFEFF]/g, '')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Cut text to a one-line excerpt of at most `maxChars` characters, ending at a word boundary with `…`. */
export function excerpt(text: string, maxChars: number): string {
  const truncated = text.length > maxChars * 2;
  const line = (truncated ? text.slice(0, maxChars * 2) : text).replace(/\s+/g, ' ').trim();
  // A string of at most maxChars UTF-16 units has at most maxChars code points.
  if (!truncated && line.length <= maxChars) return line;

  if (!truncated && codePointEnd(line, maxChars) === line.length) return line;

  const cut = line.slice(0, codePointEnd(line, maxChars - 1));
  const lastSpace = cut.lastIndexOf(' ');
  const words = lastSpace > maxChars * 0.6 ? cut.slice(0, lastSpace) : cut;
  return words.replace(/[\s,;:.–—-]+$/, '') + '…';
}

/**
 * Return the UTF-16 index just after the first `count` code points of `text`, or its length when
 * it has fewer. A surrogate pair is one code point and a lone surrogate is one, as in `[...text]`.
 */
function codePointEnd(text: string, count: number): number {
  let index = 0;
  for (let seen = 0; seen < count && index < text.length; seen += 1) {
    const code = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    const isPair = code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
    index += isPair ? 2 : 1;
  }
  return index;
}

/** Return whether a string contains an HTML tag or character reference. */
export function looksLikeHtml(value: string): boolean {
  return /<\/?[a-z][a-z0-9]*(\s[^>]*)?\/?>/i.test(value) || /&(#\d+|#x[\da-f]+|[a-z][a-z\d]+);/i.test(value);
}

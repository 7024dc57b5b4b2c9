import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { excerpt, htmlToPlainText, sanitizeFeedHtml } from './html';
import { charsetFromContentType, decodeFeedBytes } from './charset';

/** Plain text shorter than this is a teaser, so a feed with the full-text option fetches the page. */
export const TEASER_MAX_CHARS = 600;

/** The main content of an article page, sanitised, or null when Readability finds none. */
export function extractArticle(bytes: Buffer, url: string, contentType: string | null, excerptChars: number): { html: string; text: string; summary: string } | null {
  const charset = charsetFromContentType(contentType) ?? metaCharset(bytes);
  const { text: page } = decodeFeedBytes(bytes, charset ? `text/html; charset=${charset}` : null);
  const virtualConsole = new VirtualConsole();
  const dom = new JSDOM(page, { url, virtualConsole });

  try {
    const article = new Readability(dom.window.document).parse();
    if (!article?.content) return null;

    const html = sanitizeFeedHtml(article.content, url);
    const text = htmlToPlainText(html);
    if (text === '') return null;
    return { html, text, summary: excerpt(text, excerptChars) };
  } finally {
    dom.window.close();
  }
}

/** Return the charset an HTML page declares in `<meta charset>` or `<meta http-equiv>` within its first 2 KiB. */
function metaCharset(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 2048).toString('latin1');
  const match = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return match ? match[1]!.toLowerCase() : null;
}

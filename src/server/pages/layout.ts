import type { FastifyReply } from 'fastify';
import { html, SafeHtml } from './html';

export interface PageOptions {
  /** Page title, shown as the heading and in the browser tab before the newsletter's name. */
  title: string;
  /** The newsletter's name, from `newsletter.title` in the config. */
  siteTitle: string;
  body: SafeHtml;
}

/**
 * Wrap a page body in the shared layout: one column, system fonts, readable on a phone,
 * no JavaScript and no outside resources.
 */
export function renderPage(options: PageOptions): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${options.title} · ${options.siteTitle}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="site">${options.siteTitle}</p>
<h1>${options.title}</h1>
${options.body}
</main>
</body>
</html>
`.value;
}

/**
 * Send a page with the headers every public page needs. Caching and the Referer header are
 * off, because page URLs carry tokens. The content security policy allows no script and lets
 * forms post only to this site.
 */
export function sendPage(reply: FastifyReply, statusCode: number, page: string): FastifyReply {
  return reply
    .code(statusCode)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    .send(page);
}

// A constant: <style> content is raw text, so it must not be HTML-escaped.
const STYLE = new SafeHtml(`
body { margin: 0; font: 18px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #f6f6f4; }
main { max-width: 34rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
.site { margin: 0 0 1rem; font-size: 0.9rem; color: #555; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 1rem; }
label { display: block; margin: 1rem 0 0.25rem; font-weight: 600; }
input[type=email], input[type=text] { box-sizing: border-box; width: 100%; padding: 0.6rem; font-size: 1rem; border: 1px solid #888; border-radius: 4px; }
button { margin-top: 1.25rem; padding: 0.7rem 1.4rem; font-size: 1rem; border: 0; border-radius: 4px; background: #1d4ed8; color: #fff; cursor: pointer; }
.trap { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
.note { color: #555; font-size: 0.9rem; }
a { color: #1d4ed8; }
`);

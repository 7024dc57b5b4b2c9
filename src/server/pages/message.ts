import { html, type SafeHtml } from './html';
import { renderPage } from './layout';

/** Render a page with a heading and a few paragraphs, for results and errors. */
export function messagePage(siteTitle: string, title: string, paragraphs: (string | SafeHtml)[]): string {
  const body = paragraphs.map((paragraph) => html`<p>${paragraph}</p>\n`);
  return renderPage({ title, siteTitle, body: html`${body}` });
}

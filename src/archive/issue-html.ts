import type { Statement } from '../domain';
import { html, type SafeHtml } from '../server/pages/html';
import { safeHref } from './safe-href';
import type { IssueView, ItemSummary } from './issue-view';

/**
 * Render an issue's content as an HTML fragment for the web archive and the RSS body: themes
 * with key items, conclusion, top sources and numbered sources. Statements cite items as [n]
 * links to the sources list. Every link comes from the items table.
 */
export function issueBodyHtml(view: IssueView, sourceAnchorPrefix = 'source-'): SafeHtml {
  const { digest } = view;
  const sourceNumbers = new Map(digest.itemIds.map((id, index) => [id, index + 1]));
  const statements = (list: Statement[]) => statementsHtml(list, sourceNumbers, sourceAnchorPrefix);

  const themes = digest.themes.map(
    (theme) => html`<section class="theme">
<h2>${theme.title}</h2>
<p>${statements(theme.summary)}</p>
${theme.keyItems.length > 0 ? html`<ul class="key-items">${theme.keyItems.map((keyItem) => html`<li>${itemLink(view.items.get(keyItem.itemId))}: ${keyItem.sentence}</li>`)}</ul>` : null}
</section>`,
  );

  return html`${themes}
${digest.conclusion.length > 0 ? html`<h2>Conclusion</h2><p>${statements(digest.conclusion)}</p>` : null}
${digest.topItemIds.length > 0 ? html`<h2>Top sources</h2><ol class="top-sources">${digest.topItemIds.map((id) => html`<li>${itemLine(view.items.get(id))}</li>`)}</ol>` : null}
<h2>Sources</h2>
<ol class="sources">${digest.itemIds.map((id) => html`<li id="${sourceAnchorPrefix}${sourceNumbers.get(id) ?? ''}">${itemLine(view.items.get(id))}</li>`)}</ol>`;
}

function statementsHtml(statements: Statement[], sourceNumbers: Map<number, number>, anchorPrefix: string): SafeHtml[] {
  return statements.map((statement) => {
    const citations = statement.itemIds
      .map((id) => sourceNumbers.get(id))
      .filter((number): number is number => number !== undefined)
      .map((number) => html`<a class="citation" href="#${anchorPrefix}${number}">[${number}]</a>`);
    return html`${statement.text}${citations.length > 0 ? html` ${citations}` : null} `;
  });
}

function itemLine(item: ItemSummary | undefined): SafeHtml {
  if (!item) return html`(item no longer stored)`;
  return html`${itemLink(item)} <span class="feed">(${item.feedTitle})</span>`;
}

function itemLink(item: ItemSummary | undefined): SafeHtml {
  if (!item) return html`(item no longer stored)`;
  const href = safeHref(item.link);
  return href ? html`<a href="${href}">${item.title}</a>` : html`${item.title}`;
}

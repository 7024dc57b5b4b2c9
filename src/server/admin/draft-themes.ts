import { safeHref } from '../../archive/safe-href';
import { html, type SafeHtml } from '../pages/html';
import { themeItemIds, type IssueView, type ItemSummary } from '../../archive/issue-view';
import type { Statement, Theme } from '../../domain';
import { MAX_SENTENCE_CHARS, MAX_TITLE_CHARS } from '../../archive/theme-edit';

/** Render every theme with chips for the items it cites, and an edit form while the issue is a draft. */
export function themesSection(view: IssueView, themeEdits: Map<number, string>, csrfToken: string): SafeHtml {
  const editable = view.issue.status === 'draft';
  const themes = view.digest.themes.map((theme, index) => themeCard(view, theme, index, { editable, editedAt: themeEdits.get(index), csrfToken }));
  const conclusion = view.digest.conclusion.length > 0
    ? html`<h3>Conclusion</h3>${statementsList(view, view.digest.conclusion)}`
    : html`<p class="muted">No conclusion.</p>`;

  return html`<section class="card" id="themes"><h2>Themes (${view.digest.themes.length})</h2>${themes}${conclusion}</section>`;
}

/** Render the items the composer considered but left out of the issue. */
export function leftOutSection(view: IssueView): SafeHtml {
  const body = view.leftOut.length > 0
    ? html`<div class="chips">${view.leftOut.map((item) => itemChip(item, item.id))}</div>`
    : html`<p class="muted">None: every item considered is in the issue.</p>`;
  return html`<section class="card" id="left-out"><h2>Items considered but left out (${view.leftOut.length})</h2>${body}</section>`;
}

interface ThemeCardOptions {
  editable: boolean;
  /** When the operator last edited this theme, if ever. */
  editedAt: string | undefined;
  csrfToken: string;
}

function themeCard(view: IssueView, theme: Theme, index: number, options: ThemeCardOptions): SafeHtml {
  const keyItems = theme.keyItems.map((keyItem) => html`<li>${itemChip(view.items.get(keyItem.itemId), keyItem.itemId)} ${keyItem.sentence}</li>`);

  return html`<article class="theme" id="theme-${index}">
<h3>${index + 1}. ${theme.title}</h3>
${options.editedAt ? html`<p class="muted edited">Edited by the operator at ${options.editedAt.slice(0, 19).replace('T', ' ')} UTC.</p>` : null}
${statementsList(view, theme.summary)}
${keyItems.length > 0 ? html`<p class="muted">Key items</p><ul>${keyItems}</ul>` : null}
<p class="muted">Cited items</p>
<div class="chips">${themeItemIds(theme).map((id) => itemChip(view.items.get(id), id))}</div>
${options.editable ? editForm(view.issue.id, theme, index, options.csrfToken) : null}
</article>`;
}

function statementsList(view: IssueView, statements: Statement[]): SafeHtml {
  return html`<ul class="statements">${statements.map(
    (statement) => html`<li>${statement.text}<div class="chips">${statement.itemIds.map((id) => itemChip(view.items.get(id), id))}</div></li>`,
  )}</ul>`;
}

/** Render a chip for a cited item: its title, its feed, and a link to it. */
function itemChip(item: ItemSummary | undefined, id: number): SafeHtml {
  if (!item) return html`<span class="chip over">item ${id} not found</span>`;
  const href = safeHref(item.link);
  const title = href ? html`<a href="${href}" target="_blank" rel="noopener noreferrer">${item.title}</a>` : html`${item.title}`;
  return html`<span class="chip" data-item-id="${item.id}">${title} <span class="feed">· ${item.feedTitle}</span></span>`;
}

function editForm(issueId: number, theme: Theme, index: number, csrfToken: string): SafeHtml {
  const statements = theme.summary.map(
    (statement, statementIndex) => html`<label for="statement-${index}-${statementIndex}">Statement ${statementIndex + 1} (cites ${statement.itemIds.join(', ') || 'no item'})</label>
<textarea id="statement-${index}-${statementIndex}" name="statement" rows="3" maxlength="${MAX_SENTENCE_CHARS}" required>${statement.text}</textarea>
<input type="hidden" name="itemIds" value="${statement.itemIds.join(',')}">`,
  );

  return html`<details><summary>Edit this theme</summary>
<form method="post" action="/admin/issues/${issueId}/themes/${index}">
<input type="hidden" name="_csrf" value="${csrfToken}">
<label for="title-${index}">Title</label>
<input type="text" id="title-${index}" name="title" value="${theme.title}" maxlength="${MAX_TITLE_CHARS}" required>
${statements}
<p class="muted">Plain text only: no links or markup. Each statement keeps the items it cites.</p>
<button type="submit">Save edit</button>
</form></details>`;
}

import type { IssueListEntry } from '../../archive/issue-list';
import { html } from '../pages/html';
import { adminPage } from './layout';

/** Render the operator's list of issues, newest first, with status, date, composer and counts. */
export function issuesListPage(entries: IssueListEntry[], csrfToken: string): string {
  const rows = entries.map(({ issue, themeCount, itemCount }) => html`<tr>
<td><a href="/admin/issues/${issue.id}">#${issue.id}</a></td>
<td>${issue.issue_date}</td>
<td><span class="status status-${issue.status}">${issue.status}</span></td>
<td><a href="/admin/issues/${issue.id}">${issue.subject || '(no subject)'}</a></td>
<td>${issue.composer}${issue.fallback_reason ? html` <span class="over" title="${issue.fallback_reason}">fallback</span>` : null}</td>
<td>${themeCount}</td>
<td>${itemCount}</td>
<td class="muted">${issue.created_at.slice(0, 16).replace('T', ' ')}</td>
</tr>`);

  const table = html`<table><thead><tr><th>Issue</th><th>Date</th><th>Status</th><th>Subject</th><th>Composer</th><th>Themes</th><th>Items</th><th>Created (UTC)</th></tr></thead>
<tbody>${rows}</tbody></table>`;
  const empty = html`<p>No issue yet. Run <code>ai-daily-summary compose</code> to make a draft.</p>`;

  return adminPage('Issues', html`<section class="card"><h1>Issues</h1>${entries.length > 0 ? table : empty}</section>`, { csrfToken });
}

import type { Config } from '../config/load';
import type { IssueRow } from '../domain';
import { html } from '../server/pages/html';
import { renderPage } from '../server/pages/layout';
import { issueBodyHtml } from './issue-html';
import type { IssueView } from './issue-view';

type NewsletterConfig = Pick<Config, 'newsletter'>;

/** Render the public page that lists every sent issue, newest first. */
export function archiveListPage(issues: IssueRow[], config: NewsletterConfig): string {
  const siteTitle = config.newsletter.title;
  const rows = issues.map(
    (issue) => html`<li><a href="/archive/${issue.issue_date}">${issue.issue_date}</a>: ${issue.subject || siteTitle}</li>`,
  );
  const list = issues.length > 0 ? html`<ul class="issues">${rows}</ul>` : html`<p>No issue has been sent yet.</p>`;
  return renderPage({ title: 'Archive', siteTitle, body: html`<p><a href="/archive.rss">RSS feed</a></p>${list}` });
}

/** Render the web version of one sent issue, the "view in browser" target of its email, with every source. */
export function archiveIssuePage(view: IssueView, config: NewsletterConfig): string {
  const { issue } = view;
  const body = html`<p class="note">${issue.issue_date} · <a href="/archive">All issues</a> · <a href="/archive/${issue.issue_date}.md">Markdown</a> · <a href="/archive.rss">RSS</a></p>
${issueBodyHtml(view)}`;
  return renderPage({ title: issue.subject || issue.issue_date, siteTitle: config.newsletter.title, body });
}

/** Render the public page for a date without a sent issue. */
export function archiveNotFoundPage(config: NewsletterConfig): string {
  const body = html`<p>No issue was sent on that date. <a href="/archive">See every sent issue</a>.</p>`;
  return renderPage({ title: 'Issue not found', siteTitle: config.newsletter.title, body });
}

import type { FastifyInstance } from 'fastify';
import { listIssues } from '../../archive/issue-list';
import { loadIssueView } from '../../archive/issue-view';
import { issueToMarkdown } from '../../archive/markdown';
import { latestThemeEdits } from '../../archive/theme-edit';
import type { AppContext } from '../../context';
import { AppError } from '../../errors';
import { renderPreview } from '../../render/render';
import { getIssue } from '../../store/issues';
import { csrfToken } from '../admin/csrf';
import { draftPage, NOTICES, type Notice } from '../admin/draft-page';
import { issuesListPage } from '../admin/issues-list-page';
import { loadEmailPreview } from '../admin/preview';
import { usesSecureCookies } from '../admin/auth';

export const ISSUES_LIST_LIMIT = 200;

interface IssueParams {
  id: string;
}

/** Register the operator's read-only pages: the issues list, a draft page and the previews of its email. */
export async function adminIssueRoutes(app: FastifyInstance, options: { context: AppContext }): Promise<void> {
  const { context } = options;

  app.get('/admin', async (request, reply) => {
    const entries = listIssues(context.db, { includeCancelled: true, limit: ISSUES_LIST_LIMIT });
    return reply.type('text/html; charset=utf-8').send(issuesListPage(entries, csrfToken(request, reply, usesSecureCookies(context))));
  });

  app.get<{ Params: IssueParams; Querystring: { notice?: string } }>('/admin/issues/:id', async (request, reply) => {
    const view = loadIssueView(context.db, parseIssueId(request.params.id));
    const preview = await loadEmailPreview(context, view.issue.id);
    const notice = request.query.notice && request.query.notice in NOTICES ? (request.query.notice as Notice) : undefined;

    const themeEdits = latestThemeEdits(context.db, view.issue.id);
    const page = draftPage({ view, preview, themeEdits, csrfToken: csrfToken(request, reply, usesSecureCookies(context)), notice });
    return reply.type('text/html; charset=utf-8').send(page);
  });

  // The HTML part alone, sandboxed by CSP so that it runs no script and gets an opaque origin.
  app.get<{ Params: IssueParams }>('/admin/issues/:id/email.html', async (request, reply) => {
    const issueId = requireIssueId(context, request.params.id);
    const body = await renderPreview(context, issueId, 'html');
    return reply.header('content-security-policy', 'sandbox allow-popups allow-popups-to-escape-sandbox').type('text/html; charset=utf-8').send(body);
  });

  app.get<{ Params: IssueParams }>('/admin/issues/:id/email.txt', async (request, reply) => {
    const issueId = requireIssueId(context, request.params.id);
    return reply.type('text/plain; charset=utf-8').send(await renderPreview(context, issueId, 'text'));
  });

  app.get<{ Params: IssueParams }>('/admin/issues/:id/export.md', async (request, reply) => {
    const view = loadIssueView(context.db, parseIssueId(request.params.id));
    const file = `issue-${view.issue.issue_date}.md`;
    return reply
      .type('text/markdown; charset=utf-8')
      .header('content-disposition', `inline; filename="${file}"`)
      .send(issueToMarkdown(view, context.config.newsletter.title));
  });
}

/** Parse the `:id` of an issue route, or raise USAGE. */
export function parseIssueId(raw: string): number {
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id <= 0) {
    throw new AppError('USAGE', `"${raw}" is not an issue id; issue addresses look like /admin/issues/12`);
  }
  return id;
}

function requireIssueId(context: AppContext, raw: string): number {
  const id = parseIssueId(raw);
  if (!getIssue(context.db, id)) throw new AppError('ISSUE_NOT_FOUND', `issue ${id} not found; the drafts list at /admin shows every issue`, { issueId: id });
  return id;
}

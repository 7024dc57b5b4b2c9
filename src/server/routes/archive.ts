import type { FastifyInstance } from 'fastify';
import { archiveIssuePage, archiveListPage, archiveNotFoundPage } from '../../archive/archive-pages';
import { buildIssueView } from '../../archive/issue-view';
import { issueToMarkdown } from '../../archive/markdown';
import { buildArchiveRss } from '../../archive/rss';
import { getSentIssueByDate, listSentIssues } from '../../archive/sent-issues';
import type { AppContext } from '../../context';
import { sendPage } from '../pages/layout';

const ISSUE_PATH = /^(\d{4}-\d{2}-\d{2})(\.md)?$/;

/**
 * Register the public archive of sent issues: `/archive` (list), `/archive/<date>` (web version),
 * `/archive/<date>.md` (Markdown export) and `/archive.rss` (RSS 2.0 with full bodies).
 * Drafts, approved and cancelled issues never appear here.
 */
export async function archiveRoutes(app: FastifyInstance, options: { context: AppContext }): Promise<void> {
  const { db, config } = options.context;

  app.get('/archive', async (_request, reply) => {
    return sendPage(reply, 200, archiveListPage(listSentIssues(db), config));
  });

  app.get('/archive.rss', async (_request, reply) => {
    return reply.type('application/rss+xml; charset=utf-8').send(buildArchiveRss(db, config));
  });

  app.get<{ Params: { file: string } }>('/archive/:file', async (request, reply) => {
    const match = ISSUE_PATH.exec(request.params.file);
    const issue = match ? getSentIssueByDate(db, match[1] as string) : undefined;
    if (!match || !issue) {
      return sendPage(reply, 404, archiveNotFoundPage(config));
    }

    const view = buildIssueView(db, issue);
    if (match[2] === '.md') {
      return reply.type('text/markdown; charset=utf-8').send(issueToMarkdown(view, config.newsletter.title));
    }
    return sendPage(reply, 200, archiveIssuePage(view, config));
  });
}

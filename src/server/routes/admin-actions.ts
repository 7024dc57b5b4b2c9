import type { FastifyInstance, FastifyReply } from 'fastify';
import { approveIssue, discardIssue } from '../../archive/issue-actions';
import { applyThemeEdit } from '../../archive/theme-edit';
import type { AppContext } from '../../context';
import { AppError } from '../../errors';
import { getIssue } from '../../store/issues';
import { sendTestCopy } from '../../send/send';
import { BackgroundSends } from '../admin/background-sends';
import type { Notice } from '../admin/draft-page';
import { recomposeIssue } from '../admin/recompose';
import { parseTestAddresses } from '../admin/test-addresses';
import { parseIssueId } from './admin-issues';

interface IssueParams {
  id: string;
}

type FormValue = string | string[] | undefined;

/**
 * Register the operator's state-changing actions on an issue. Each is a form post that
 * redirects back to the draft page (303) with a notice. A failure shows its message on an error page.
 */
export async function adminActionRoutes(app: FastifyInstance, options: { context: AppContext }): Promise<void> {
  const { context } = options;
  const sends = new BackgroundSends(context);
  app.addHook('onClose', async () => sends.stopAll());

  app.post<{ Params: IssueParams }>('/admin/issues/:id/approve', async (request, reply) => {
    const issue = approveIssue(context.db, parseIssueId(request.params.id));
    request.log.info({ issueId: issue.id }, 'issue approved by the operator');
    return backToIssue(reply, issue.id, 'approved');
  });

  app.post<{ Params: IssueParams }>('/admin/issues/:id/discard', async (request, reply) => {
    const issue = discardIssue(context.db, parseIssueId(request.params.id));
    request.log.info({ issueId: issue.id }, 'issue discarded by the operator');
    return backToIssue(reply, issue.id, 'discarded');
  });

  app.post<{ Params: IssueParams }>('/admin/issues/:id/recompose', async (request, reply) => {
    const issueId = parseIssueId(request.params.id);
    const result = await recomposeIssue(context, issueId);
    request.log.info({ issueId, newIssueId: result.issueId, composer: result.composer }, 'issue recomposed by the operator');
    return backToIssue(reply, result.issueId, 'recomposed');
  });

  app.post<{ Params: IssueParams }>('/admin/issues/:id/send', async (request, reply) => {
    const issueId = parseIssueId(request.params.id);
    const issue = getIssue(context.db, issueId);
    if (!issue) throw new AppError('ISSUE_NOT_FOUND', `issue ${issueId} not found; the drafts list at /admin shows every issue`, { issueId });
    if (issue.status === 'draft') approveIssue(context.db, issueId);

    const started = sends.start(issueId);
    request.log.info({ issueId, started }, started ? 'operator send started' : 'operator send already running');
    return backToIssue(reply, issueId, 'sending');
  });

  app.post<{ Params: IssueParams; Body: { addresses?: FormValue } }>('/admin/issues/:id/test-send', async (request, reply) => {
    const issueId = parseIssueId(request.params.id);
    const addresses = parseTestAddresses(firstValue(request.body?.addresses));
    const result = await sendTestCopy(context, issueId, addresses);
    request.log.info({ issueId, recipientCount: addresses.length, destination: result.destination }, 'test copy sent');
    return backToIssue(reply, issueId, 'test-sent');
  });

  app.post<{ Params: IssueParams & { index: string }; Body: { title?: FormValue; statement?: FormValue; itemIds?: FormValue } }>(
    '/admin/issues/:id/themes/:index',
    async (request, reply) => {
      const issueId = parseIssueId(request.params.id);
      const themeIndex = Number(request.params.index);
      if (!Number.isInteger(themeIndex) || themeIndex < 0) {
        throw new AppError('USAGE', `"${request.params.index}" is not a theme number; theme forms post to /admin/issues/<id>/themes/<0-based index>`);
      }

      const body = request.body ?? {};
      applyThemeEdit(context.db, issueId, themeIndex, {
        title: firstValue(body.title),
        statements: allValues(body.statement),
        statementItemIds: body.itemIds === undefined ? undefined : allValues(body.itemIds).map(parseIdList),
      }, context.config.newsletter.title);
      request.log.info({ issueId, themeIndex }, 'theme edited by the operator');
      return backToIssue(reply, issueId, 'edited');
    },
  );
}

function backToIssue(reply: FastifyReply, issueId: number, notice: Notice): FastifyReply {
  return reply.redirect(`/admin/issues/${issueId}?notice=${notice}`, 303);
}

function firstValue(value: FormValue): string {
  if (Array.isArray(value)) return value[0] ?? '';
  return value ?? '';
}

function allValues(value: FormValue): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function parseIdList(value: string): number[] {
  return value.split(',').filter((part) => part.trim() !== '').map((part) => Number(part));
}

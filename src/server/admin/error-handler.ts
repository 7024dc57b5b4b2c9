import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isAppError, type ErrorCode } from '../../errors';
import { messagePage } from './layout';

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  USAGE: 400,
  SUBSCRIBER_INVALID: 400,
  ISSUE_NOT_FOUND: 404,
  ISSUE_STATE: 409,
  LOCKED: 409,
};

/**
 * Send the HTML page for an error on an operator route. An expected failure or a client mistake
 * (4xx) shows its message, and anything else gets a generic 500 page and a log line with the stack.
 */
export function adminErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const issueId = (request.params as { id?: string } | undefined)?.id;

  if (isAppError(error)) {
    const status = STATUS_BY_CODE[error.code] ?? 500;
    request.log.warn({ code: error.code, issueId, ...error.details }, 'operator action failed');
    return sendPage(reply, status, 'Action failed', error.message, issueId);
  }

  const status = (error as FastifyError).statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return sendPage(reply, status, 'Request rejected', clientMessage(error as FastifyError), issueId);
  }

  request.log.error({ err: error, issueId }, 'operator page failed');
  return sendPage(reply, 500, 'Server error', 'The server failed to handle this request; the log has the details.', issueId);
}

function clientMessage(error: FastifyError): string {
  if (error.statusCode === 415) return 'The form was sent in a format this page does not accept. Submit the form on the page again.';
  return error.message;
}

function sendPage(reply: FastifyReply, status: number, title: string, message: string, issueId: string | undefined): FastifyReply {
  const link = issueId ? { href: `/admin/issues/${encodeURIComponent(issueId)}`, label: 'Back to the issue' } : { href: '/admin', label: 'Back to the issues' };
  return reply.code(status).type('text/html; charset=utf-8').send(messagePage(title, message, link));
}

import type { FastifyError, FastifyInstance, FastifyServerOptions } from 'fastify';
import { isAppError, type ErrorCode } from '../../errors';
import { sendPage } from './layout';
import { messagePage } from './message';

/** HTTP status for the expected errors a public route can meet; any other code is a 500. */
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  USAGE: 400,
  SUBSCRIBER_INVALID: 400,
  SUBSCRIBER_NOT_FOUND: 404,
};

/**
 * Install the 404 handler and the error handler, both of which send HTML pages. A 4xx error
 * (malformed body, unsupported media type, rate limit, expected AppError) gets a page that describes
 * what went wrong. Any other error is logged with its stack and gets a generic 500 page.
 */
export function installErrorPages(app: FastifyInstance, siteTitle: string): void {
  app.setNotFoundHandler((_request, reply) => {
    sendPage(reply, 404, messagePage(siteTitle, 'Page not found', ['Check the address, or open the link again from the email.']));
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = statusOf(error);
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      sendPage(reply, 500, messagePage(siteTitle, 'Something went wrong', ['The server failed to handle this request. Try again in a few minutes.']));
      return;
    }

    request.log.info({ statusCode: status, code: error.code }, 'request rejected');
    if (status === 429) {
      sendPage(reply, 429, messagePage(siteTitle, 'Too many requests', ['Wait a few minutes, then try again.']));
      return;
    }
    sendPage(reply, status, messagePage(siteTitle, 'The request could not be processed', [describeClientError(error)]));
  });
}

/**
 * Fastify's `frameworkErrors` option: errors raised before routing, such as a URL with broken
 * percent-encoding, get the same 400 page instead of Fastify's JSON body.
 */
export function frameworkErrorPage(siteTitle: string): FastifyServerOptions['frameworkErrors'] {
  return (error, request, reply) => {
    request.log.info({ code: error.code }, 'request rejected before routing');
    sendPage(reply, 400, messagePage(siteTitle, 'The request could not be processed', ['The address is malformed. Open the link again from the email, or copy the whole link into the address bar.']));
  };
}

function statusOf(error: FastifyError): number {
  if (isAppError(error)) return STATUS_BY_CODE[error.code] ?? 500;
  const status = error.statusCode ?? 500;
  return status >= 400 && status < 600 ? status : 500;
}

function describeClientError(error: FastifyError): string {
  if (isAppError(error)) return error.message;
  if (error.statusCode === 415) return 'The form was sent in a format this page does not accept. Submit the form on the page again.';
  if (error.statusCode === 413) return 'The form data is too large. Submit the form on the page again.';
  return 'The request was malformed. Open the page again and resubmit the form.';
}

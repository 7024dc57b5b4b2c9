import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context';
import { getSubscriber } from '../../store/subscribers';
import { isSuppressed, unsubscribe } from '../../subscriptions/list';
import { verifyToken } from '../../subscriptions/tokens';
import { sendPage } from '../pages/layout';
import { invalidUnsubscribeLinkPage, unknownSubscriberPage, unsubscribedPage, unsubscribeFormPage } from '../pages/unsubscribe';

interface TokenParams {
  token: string;
}

/** The RFC 8058 body is a single short field; anything larger is not an unsubscribe request. */
const BODY_LIMIT_BYTES = 4096;

/**
 * Register the unsubscribe routes. `GET /u/:token` shows a one-button page and changes nothing,
 * because link scanners prefetch GETs. `POST /u/:token` unsubscribes and returns 200, for the
 * RFC 8058 one-click POST with body `List-Unsubscribe=One-Click` (form-urlencoded or multipart)
 * and for the page's form alike. Repeating either is harmless.
 */
export async function unsubscribeRoutes(app: FastifyInstance, options: { context: AppContext }): Promise<void> {
  const { context } = options;
  const siteTitle = context.config.newsletter.title;

  // RFC 8058 allows multipart/form-data; the body is not needed, so it is read as text.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (_request, body, done) => {
    done(null, body);
  });

  app.get<{ Params: TokenParams }>('/u/:token', async (request, reply) => {
    const subscriberId = resolveToken(context, request, reply);
    if (subscriberId === null) return reply;

    const subscriber = getSubscriber(context.db, subscriberId);
    if (subscriber === undefined) return sendPage(reply, 404, unknownSubscriberPage(siteTitle));
    if (isSuppressed(subscriber.status)) return sendPage(reply, 200, unsubscribedPage(siteTitle, true));
    return sendPage(reply, 200, unsubscribeFormPage(siteTitle, request.params.token));
  });

  app.post<{ Params: TokenParams }>('/u/:token', { bodyLimit: BODY_LIMIT_BYTES }, async (request, reply) => {
    const subscriberId = resolveToken(context, request, reply);
    if (subscriberId === null) return reply;

    if (getSubscriber(context.db, subscriberId) === undefined) {
      request.log.info({ subscriberId }, 'unsubscribe link matches no subscriber');
      return sendPage(reply, 404, unknownSubscriberPage(siteTitle));
    }
    const changed = unsubscribe(context.db, subscriberId);
    request.log.info({ subscriberId, changed, oneClick: isOneClickBody(request.body) }, 'unsubscribe request');
    return sendPage(reply, 200, unsubscribedPage(siteTitle, !changed));
  });
}

/** Verify the token and return its subscriber id, or send the 400 invalid-link page and return null. */
function resolveToken(context: AppContext, request: FastifyRequest<{ Params: TokenParams }>, reply: FastifyReply): number | null {
  const subscriberId = verifyToken(context.secret, request.params.token, 'unsubscribe');
  if (subscriberId !== null) return subscriberId;

  request.log.info('unsubscribe link invalid');
  sendPage(reply, 400, invalidUnsubscribeLinkPage(context.config.newsletter.title, context.config.newsletter.unsubscribeMailto));
  return null;
}

function isOneClickBody(body: unknown): boolean {
  if (typeof body === 'string') return body.includes('One-Click');
  return typeof body === 'object' && body !== null && (body as Record<string, unknown>)['List-Unsubscribe'] === 'One-Click';
}

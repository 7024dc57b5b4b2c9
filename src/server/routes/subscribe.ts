import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { isAppError } from '../../errors';
import { createMailTransport, type MailTransport } from '../../send/transport';
import { isValidEmail } from '../../subscriptions/address';
import { confirmSubscription, requestSubscription, resolveConfirmToken } from '../../subscriptions/opt-in';
import { sendPage } from '../pages/layout';
import {
  checkInboxPage,
  confirmedPage,
  confirmFormPage,
  HONEYPOT_FIELD,
  invalidConfirmLinkPage,
  subscribeFormPage,
} from '../pages/subscribe';

/** Per-client-address limits of the public form; the per-address email limit is in opt-in.ts. */
export interface SubscribeLimits {
  /** Form submissions per client address per window. */
  subscribeMax: number;
  /** Confirmation page loads and confirmations per client address per window. */
  confirmMax: number;
  /** Window length in milliseconds. */
  windowMs: number;
}

// NOTE: these limits are a guess sized for one household or office behind one address.
// Raise them if readers behind a shared NAT (a campus, a mobile carrier) get 429s.
export const DEFAULT_SUBSCRIBE_LIMITS: SubscribeLimits = { subscribeMax: 10, confirmMax: 30, windowMs: 15 * 60 * 1000 };

export interface SubscribeRouteOptions {
  context: AppContext;
  limits?: SubscribeLimits;
  /** Transport for confirmation emails. The default is the configured one, closed with the server. */
  transport?: MailTransport;
}

type FormBody = Record<string, string | string[] | undefined> | undefined;

/**
 * Register the subscribe and confirm routes. `GET /subscribe` shows the form. `POST /subscribe`
 * returns the same "check your inbox" page for new, known and suppressed addresses, and stores
 * the address and sends the confirmation email after responding, so that neither the page nor
 * its timing reveals whether an address is subscribed. `GET /confirm/:token` shows a button,
 * and `POST /confirm/:token` confirms.
 */
export async function subscribeRoutes(app: FastifyInstance, options: SubscribeRouteOptions): Promise<void> {
  const { context } = options;
  const limits = options.limits ?? DEFAULT_SUBSCRIBE_LIMITS;
  const siteTitle = context.config.newsletter.title;
  const field = context.config.newsletter.field;
  const transport = options.transport ?? createMailTransport(context.config);
  const pending = new Set<Promise<void>>();

  // Finish the confirmation emails in flight, then close the transport we opened.
  app.addHook('onClose', async () => {
    await Promise.allSettled([...pending]);
    if (options.transport === undefined) transport.close();
  });

  await app.register(rateLimit, { global: false });
  const subscribeLimit = { rateLimit: { max: limits.subscribeMax, timeWindow: limits.windowMs } };
  const confirmLimit = { rateLimit: { max: limits.confirmMax, timeWindow: limits.windowMs } };

  app.get('/subscribe', async (_request, reply) => sendPage(reply, 200, subscribeFormPage(siteTitle, field)));

  app.post<{ Body: FormBody }>('/subscribe', { config: subscribeLimit }, async (request, reply) => {
    const email = formField(request.body, 'email').trim();
    const name = formField(request.body, 'name');

    if (!isValidEmail(email)) {
      const error = email === '' ? 'Enter your email address.' : 'This is not a valid email address. Check it and try again.';
      return sendPage(reply, 400, subscribeFormPage(siteTitle, field, { email, name, error }));
    }

    if (formField(request.body, HONEYPOT_FIELD) !== '') {
      request.log.info('subscribe form honeypot filled; request ignored');
      return sendPage(reply, 200, checkInboxPage(siteTitle));
    }

    // Start the work on a later turn of the event loop, not inside this handler, because its
    // synchronous part (database, template) takes longer for new addresses than for known ones.
    const work = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => requestSubscription(context, transport, { email, name }))
      .then(({ result, subscriberId }) => request.log.info({ subscriberId, result }, 'subscription requested'))
      .catch((error: unknown) => request.log.error(describeFailure(error), 'subscription request failed'))
      .finally(() => pending.delete(work));
    pending.add(work);
    return sendPage(reply, 200, checkInboxPage(siteTitle));
  });

  app.get<{ Params: { token: string } }>('/confirm/:token', { config: confirmLimit }, async (request, reply) => {
    try {
      const subscriber = resolveConfirmToken(context, request.params.token);
      if (subscriber.status === 'confirmed') return sendPage(reply, 200, confirmedPage(siteTitle));
      return sendPage(reply, 200, confirmFormPage(siteTitle, request.params.token));
    } catch (error) {
      if (!isAppError(error)) throw error;
      request.log.info({ subscriberId: error.details.subscriberId, reason: error.message }, 'confirmation link rejected');
      return sendPage(reply, error.code === 'SUBSCRIBER_NOT_FOUND' ? 404 : 400, invalidConfirmLinkPage(siteTitle));
    }
  });

  app.post<{ Params: { token: string } }>('/confirm/:token', { config: confirmLimit }, async (request, reply) => {
    try {
      const { subscriber, changed } = confirmSubscription(context, request.params.token);
      request.log.info({ subscriberId: subscriber.id, changed }, 'subscription confirmed');
      return sendPage(reply, 200, confirmedPage(siteTitle));
    } catch (error) {
      if (!isAppError(error)) throw error;
      request.log.info({ subscriberId: error.details.subscriberId, reason: error.message }, 'confirmation link rejected');
      return sendPage(reply, error.code === 'SUBSCRIBER_NOT_FOUND' ? 404 : 400, invalidConfirmLinkPage(siteTitle));
    }
  });
}

/** Return the first value of a form field, or '' when it is absent. */
function formField(body: FormBody, name: string): string {
  const value = body?.[name];
  if (Array.isArray(value)) return value[0] ?? '';
  return value ?? '';
}

/** Log fields for a failed request: an AppError's ids and codes, never a message that may quote an address. */
function describeFailure(error: unknown): Record<string, unknown> {
  if (isAppError(error)) return { code: error.code, ...error.details };
  return { err: error };
}


import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context';
import {
  clearSessionCookie,
  operatorCredential,
  secretsEqual,
  setSessionCookie,
  usesSecureCookies,
  type OperatorCredential,
} from '../admin/auth';
import { csrfToken, hasValidCsrfToken } from '../admin/csrf';
import { adminErrorHandler } from '../admin/error-handler';
import { loginPage, messagePage } from '../admin/layout';
import { adminActionRoutes } from './admin-actions';
import { adminIssueRoutes } from './admin-issues';

declare module 'fastify' {
  interface FastifyRequest {
    /** The credential the operator used, set on every /admin request that passed the check. */
    operatorCredential: OperatorCredential | null;
  }
}

export interface AdminRouteOptions {
  context: AppContext;
}

/** Login attempts allowed per client address and minute, which slows guessing OPERATOR_TOKEN. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10;

/**
 * Register the operator pages under /admin. Without OPERATOR_TOKEN every route returns 403.
 * Otherwise a request needs the token as `Authorization: Bearer` or the session cookie set by
 * the login form, and every form post from a cookie session needs its CSRF token. Bearer requests skip
 * the CSRF check, because a browser never adds that header to a cross-site request.
 */
export async function adminRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { context } = options;
  const secure = usesSecureCookies(context);

  await app.register(rateLimit, { global: false });
  app.decorateRequest('operatorCredential', null);
  app.setErrorHandler(adminErrorHandler);

  app.addHook('onRequest', async (request, reply) => checkOperatorAccess(context, request, reply));
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || request.operatorCredential === 'bearer') return;
    if (!hasValidCsrfToken(request)) {
      request.log.warn({ url: request.url }, 'operator form post without a valid CSRF token');
      await reply.code(403).type('text/html; charset=utf-8').send(messagePage('Request rejected', 'The form\'s CSRF token is missing or invalid. Reload the page and submit the form again.', { href: '/admin', label: 'Back to the issues' }));
    }
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    addSecurityHeaders(reply);
    return payload;
  });

  registerLoginRoutes(app, context, secure);
  await app.register(adminIssueRoutes, { context });
  await app.register(adminActionRoutes, { context });
}

/**
 * Headers for every operator response: no caching of pages that show drafts, no Referer, and
 * a content security policy that allows no script. Images may load from anywhere because the
 * email preview frames show the email's own images. A route that set its own policy keeps it.
 */
function addSecurityHeaders(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-content-type-options', 'nosniff');
  if (!reply.hasHeader('content-security-policy')) {
    reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src http: https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  }
}

async function checkOperatorAccess(context: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = context.config.operatorToken;
  if (token === null) {
    await reply
      .code(403)
      .type('text/html; charset=utf-8')
      .send(messagePage('Operator pages are off', 'Operator pages are disabled because OPERATOR_TOKEN is not set. Set OPERATOR_TOKEN in the environment or .env and restart `ai-daily-summary serve`.'));
    return;
  }

  const path = request.url.split('?')[0];
  if (path === '/admin/login') return;

  request.operatorCredential = operatorCredential(request, token);
  if (request.operatorCredential === null) {
    await reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="ai-daily-summary operator"')
      .type('text/html; charset=utf-8')
      .send(messagePage('Login required', 'This operator page needs the operator token.', { href: '/admin/login', label: 'Log in' }));
  }
}

function registerLoginRoutes(app: FastifyInstance, context: AppContext, secure: boolean): void {
  app.get('/admin/login', async (request, reply) => {
    return reply.type('text/html; charset=utf-8').send(loginPage(csrfToken(request, reply, secure)));
  });

  const loginLimit = { rateLimit: { max: LOGIN_ATTEMPTS_PER_MINUTE, timeWindow: 60_000 } };
  app.post<{ Body: { token?: string } }>('/admin/login', { config: loginLimit }, async (request, reply) => {
    const token = context.config.operatorToken as string;
    const submitted = typeof request.body?.token === 'string' ? request.body.token.trim() : '';
    if (!secretsEqual(submitted, token)) {
      request.log.warn({ ip: request.ip }, 'operator login failed');
      return reply.code(401).type('text/html; charset=utf-8').send(loginPage(csrfToken(request, reply, secure), 'That token does not match OPERATOR_TOKEN.'));
    }

    setSessionCookie(reply, token, secure);
    request.log.info('operator logged in');
    return reply.redirect('/admin', 303);
  });

  app.post('/admin/logout', async (_request, reply) => {
    clearSessionCookie(reply, secure);
    return reply.redirect('/admin/login', 303);
  });
}

import Tokens from '@fastify/csrf';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readCookie, setCookie } from './cookies';

/** Cookie that contains the per-browser CSRF secret. Forms carry tokens derived from it. */
export const CSRF_COOKIE = 'ads_csrf';

const tokens = new Tokens({ userInfo: false });

/**
 * Return a CSRF token for the forms of a page, setting the secret cookie on first use.
 * This is the double-submit pattern of @fastify/csrf: the token proves the form came from
 * a page of this site, because another site can neither read the cookie nor make a token.
 */
export function csrfToken(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  let secret = readCookie(request, CSRF_COOKIE);
  if (!secret) {
    secret = tokens.secretSync();
    setCookie(reply, CSRF_COOKIE, secret, { path: '/admin', secure });
  }
  return tokens.create(secret);
}

/** Check that a form post carries a valid CSRF token in `_csrf` (or the `csrf-token` header). */
export function hasValidCsrfToken(request: FastifyRequest): boolean {
  const secret = readCookie(request, CSRF_COOKIE);
  const body = request.body as { _csrf?: unknown } | undefined;
  const token = typeof body?._csrf === 'string' ? body._csrf : request.headers['csrf-token'];
  if (!secret || typeof token !== 'string') return false;
  return tokens.verify(secret, token);
}

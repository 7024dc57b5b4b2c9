import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context';
import { readCookie, setCookie } from './cookies';

/** Cookie that carries the operator session after a login through the form. */
export const OPERATOR_COOKIE = 'ads_operator';

/** How long a login lasts: 12 hours. */
const SESSION_SECONDS = 12 * 60 * 60;

/** The credential with which a request proved it comes from the operator. */
export type OperatorCredential = 'cookie' | 'bearer';

/**
 * Compute the operator cookie's value: an HMAC of a fixed label keyed by OPERATOR_TOKEN, so the
 * cookie never carries the token itself and a new token ends every open session.
 */
export function sessionCookieValue(operatorToken: string): string {
  return crypto.createHmac('sha256', operatorToken).update('ai-daily-summary operator session').digest('base64url');
}

/** Compare two secrets in constant time. Hashing first makes unequal lengths take the same path. */
export function secretsEqual(actual: string, expected: string): boolean {
  const actualDigest = crypto.createHash('sha256').update(actual).digest();
  const expectedDigest = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(actualDigest, expectedDigest);
}

/** Find the operator credential of a request: a bearer header with the token, or the session cookie. */
export function operatorCredential(request: FastifyRequest, operatorToken: string): OperatorCredential | null {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    return match && secretsEqual(match[1] as string, operatorToken) ? 'bearer' : null;
  }

  const cookie = readCookie(request, OPERATOR_COOKIE);
  if (cookie !== undefined && secretsEqual(cookie, sessionCookieValue(operatorToken))) return 'cookie';
  return null;
}

/** Set the session cookie: HttpOnly, SameSite=Strict, scoped to /admin, Secure behind https. */
export function setSessionCookie(reply: FastifyReply, operatorToken: string, secure: boolean): void {
  setCookie(reply, OPERATOR_COOKIE, sessionCookieValue(operatorToken), { path: '/admin', maxAge: SESSION_SECONDS, secure });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  setCookie(reply, OPERATOR_COOKIE, '', { path: '/admin', maxAge: 0, secure });
}

/** Return whether cookies get the Secure flag: they do when PUBLIC_URL is https, so a browser sends them over https only. */
export function usesSecureCookies(context: AppContext): boolean {
  return context.config.publicUrl.startsWith('https:');
}

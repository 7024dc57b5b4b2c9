import type { FastifyReply, FastifyRequest } from 'fastify';

// NOTE: these two helpers stand in for @fastify/cookie, whose `cookie` 2.x dependency is
// ESM-only and loads through a dynamic import() that jest 30 cannot run without
// --experimental-vm-modules. They handle only the base64url values this folder sets.

export interface CookieOptions {
  path: string;
  /** Seconds; 0 deletes the cookie. Omitted, the cookie lasts for the browser session. */
  maxAge?: number;
  secure: boolean;
}

/** Read one cookie from the request's Cookie header (RFC 6265 section 5.4: `a=1; b=2`). */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie ?? '';
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== name) continue;
    return pair.slice(separator + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

/** Add a Set-Cookie header for an HttpOnly, SameSite=Strict cookie; `value` must be cookie-safe (base64url). */
export function setCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions): void {
  if (!/^[A-Za-z0-9_-]*$/.test(value)) throw new TypeError(`cookie ${name} value is not base64url`);

  const attributes = [`${name}=${value}`, `Path=${options.path}`, 'HttpOnly', 'SameSite=Strict'];
  if (options.maxAge !== undefined) attributes.push(`Max-Age=${options.maxAge}`);
  if (options.secure) attributes.push('Secure');

  const existing = reply.getHeader('set-cookie');
  const cookies = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  reply.header('set-cookie', [...cookies, attributes.join('; ')]);
}

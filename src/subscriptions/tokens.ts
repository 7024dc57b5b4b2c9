import crypto from 'node:crypto';

/** The action a token permits. A token signed for one purpose is invalid for the other. */
export type TokenPurpose = 'unsubscribe' | 'confirm';

/**
 * Sign a token: `<subscriber id>.<expiry or 0>.<HMAC-SHA256>` in base64url. The MAC covers
 * the purpose, the subscriber id and the expiry. Unsubscribe tokens never expire, because a
 * link in an old email must keep working; confirmation tokens do.
 */
export function signToken(secret: string, subscriberId: number, purpose: TokenPurpose, expiresAt?: Date): string {
  const expiry = expiresAt === undefined ? '0' : Math.floor(expiresAt.getTime() / 1000).toString(36);
  const id = subscriberId.toString(36);
  return `${id}.${expiry}.${mac(secret, purpose, id, expiry)}`;
}

/** Return the subscriber id a token was signed for, or null when it is malformed, tampered, expired or for another purpose. */
export function verifyToken(secret: string, token: string, purpose: TokenPurpose, now: Date = new Date()): number | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [id, expiry, signature] = parts as [string, string, string];
  if (!/^[0-9a-z]{1,12}$/.test(id) || !/^[0-9a-z]{1,12}$/.test(expiry)) return null;

  const expected = Buffer.from(mac(secret, purpose, id, expiry));
  const actual = Buffer.from(signature);
  if (actual.length !== expected.length || !crypto.timingSafeEqual(actual, expected)) return null;

  if (expiry !== '0' && parseInt(expiry, 36) * 1000 < now.getTime()) return null;
  const subscriberId = parseInt(id, 36);
  return Number.isSafeInteger(subscriberId) && subscriberId > 0 ? subscriberId : null;
}

/** Build the one-click unsubscribe URL for a subscriber, under PUBLIC_URL. */
export function unsubscribeUrl(publicUrl: string, secret: string, subscriberId: number): string {
  return `${publicUrl}/u/${signToken(secret, subscriberId, 'unsubscribe')}`;
}

function mac(secret: string, purpose: TokenPurpose, id: string, expiry: string): string {
  return crypto.createHmac('sha256', secret).update(`${purpose}:${id}:${expiry}`).digest('base64url');
}

/** Decode the expiry of a token already checked by verifyToken; null for a token that never expires. */
export function tokenExpiry(token: string): Date | null {
  const expiry = token.split('.')[1] ?? '0';
  return expiry === '0' ? null : new Date(parseInt(expiry, 36) * 1000);
}

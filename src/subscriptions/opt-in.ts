import type { AppContext } from '../context';
import type { SubscriberRow } from '../domain';
import { AppError } from '../errors';
import { nowIso } from '../store/db';
import { countConfirmationRequestsSince, findSubscriberByEmail, getSubscriber, recordConfirmationRequest } from '../store/subscribers';
import type { MailTransport } from '../send/transport';
import { normalizeEmail, normalizeName } from './address';
import { buildConfirmationMessage } from './confirmation-email';
import { addSubscriber, DOUBLE_OPT_IN_SOURCE } from './list';
import { signToken, tokenExpiry, verifyToken } from './tokens';

/** Source of subscribers created by the public subscribe form. */
export const FORM_SOURCE = 'form';
export const CONFIRM_TOKEN_TTL_HOURS = 48;
/** Maximum confirmation emails sent to one address per 24 hours, counted over every client that submits it. */
export const MAX_CONFIRMATIONS_PER_DAY = 3;

const HOUR_MS = 3600 * 1000;

export type SubscriptionRequestResult = 'confirmation-sent' | 'already-confirmed' | 'rate-limited';

/**
 * Handle a subscribe form submission. A new address is stored as pending, and a known one is
 * left as it is, so that a stranger cannot rename or re-add anyone. Then a confirmation link is
 * emailed, unless the address is already confirmed or got MAX_CONFIRMATIONS_PER_DAY of them in
 * the last 24 hours. A suppressed address gets the email too, because confirming is how the
 * person lifts the suppression. Throws SUBSCRIBER_INVALID for an invalid address and SEND_FAILED
 * when the transport rejects the message.
 */
export async function requestSubscription(
  context: AppContext,
  transport: MailTransport,
  input: { email: string; name?: string | null },
  now: Date = new Date(),
): Promise<{ result: SubscriptionRequestResult; subscriberId: number }> {
  const email = normalizeEmail(input.email);

  // Store the address when it is new; a known row keeps its name and status.
  const subscriber = findSubscriberByEmail(context.db, email)
    ?? addSubscriber(context.db, { email, name: normalizeName(input.name), confirmed: false, source: FORM_SOURCE }).subscriber;
  if (subscriber.status === 'confirmed') return { result: 'already-confirmed', subscriberId: subscriber.id };

  // Limit the confirmation emails per address, so the form cannot be used to flood a mailbox.
  const dayAgo = nowIso(new Date(now.getTime() - 24 * HOUR_MS));
  if (countConfirmationRequestsSince(context.db, subscriber.id, dayAgo) >= MAX_CONFIRMATIONS_PER_DAY) {
    return { result: 'rate-limited', subscriberId: subscriber.id };
  }

  // Record the request before sending, so concurrent submissions count against the limit.
  recordConfirmationRequest(context.db, subscriber.id, nowIso(now));
  const token = signToken(context.secret, subscriber.id, 'confirm', new Date(now.getTime() + CONFIRM_TOKEN_TTL_HOURS * HOUR_MS));
  const confirmUrl = `${context.config.publicUrl}/confirm/${token}`;
  try {
    await transport.send(await buildConfirmationMessage(context.config, subscriber, confirmUrl, CONFIRM_TOKEN_TTL_HOURS));
  } catch (error) {
    // SMTP replies often quote the recipient, so only the reply code and command travel on.
    const { responseCode, command } = error as { responseCode?: number; command?: string };
    throw new AppError('SEND_FAILED', 'the confirmation email could not be sent; check SMTP_URL and the mail server log', { subscriberId: subscriber.id, responseCode, command }, { cause: error });
  }
  return { result: 'confirmation-sent', subscriberId: subscriber.id };
}

/**
 * Check a confirmation token and return its subscriber. Throws SUBSCRIBER_INVALID when the
 * token is malformed, tampered or expired, or was issued before the address last unsubscribed
 * (an old email must not undo a later unsubscribe); SUBSCRIBER_NOT_FOUND for an unknown id.
 */
export function resolveConfirmToken(context: AppContext, token: string, now: Date = new Date()): SubscriberRow {
  const subscriberId = verifyToken(context.secret, token, 'confirm', now);
  if (subscriberId === null) {
    throw new AppError('SUBSCRIBER_INVALID', 'this confirmation link is not valid or has expired; subscribe again to get a new link');
  }

  const subscriber = getSubscriber(context.db, subscriberId);
  if (subscriber === undefined) {
    throw new AppError('SUBSCRIBER_NOT_FOUND', 'this confirmation link belongs to no subscription; subscribe again to get a new link', { subscriberId });
  }

  // The expiry has whole seconds, so the issue time derived from it may be up to 1 s early.
  const expiry = tokenExpiry(token);
  const latestIssueTime = expiry === null ? 0 : expiry.getTime() - CONFIRM_TOKEN_TTL_HOURS * HOUR_MS + 1000;
  if (subscriber.unsubscribed_at !== null && Date.parse(subscriber.unsubscribed_at) > latestIssueTime) {
    throw new AppError('SUBSCRIBER_INVALID', 'this confirmation link is older than your last unsubscribe; subscribe again to get a new link', { subscriberId });
  }
  return subscriber;
}

/** Confirm the subscription a confirmation token names; the person's own confirmation lifts any suppression. */
export function confirmSubscription(context: AppContext, token: string, now: Date = new Date()): { subscriber: SubscriberRow; changed: boolean } {
  const pending = resolveConfirmToken(context, token, now);
  const { subscriber, outcome } = addSubscriber(context.db, { email: pending.email, confirmed: true, source: DOUBLE_OPT_IN_SOURCE });
  return { subscriber, changed: outcome === 'updated' };
}

import { SUPPRESSED_STATUSES, type SubscriberRow, type SubscriberStatus } from '../domain';
import { AppError } from '../errors';
import { writeTransaction, type Database } from '../store/db';
import {
  findSubscriberByEmail,
  getSubscriber,
  insertSubscriber,
  listSubscriberRows,
  markConfirmed,
  markUnsubscribed,
  updateSubscriberName,
} from '../store/subscribers';
import { normalizeEmail, normalizeName } from './address';

/** The source of a confirmation made by the person through the double opt-in link. */
export const DOUBLE_OPT_IN_SOURCE = 'double-opt-in';

export type AddOutcome = 'added' | 'updated' | 'unchanged' | 'suppressed';

export interface AddSubscriberInput {
  email: string;
  name?: string | null;
  confirmed: boolean;
  source?: string;
}

/**
 * Add a subscriber or update a known one (addresses compare case-insensitively).
 * `confirmed: true` confirms at once, as an operator add does. A suppressed address
 * (unsubscribed, bounced, complained) is left unchanged, with outcome `suppressed`, unless the
 * confirmation comes from the person's own double opt-in (`source: DOUBLE_OPT_IN_SOURCE`).
 * Throws SUBSCRIBER_INVALID for an invalid address.
 */
export function addSubscriber(db: Database, input: AddSubscriberInput): { subscriber: SubscriberRow; outcome: AddOutcome } {
  const email = normalizeEmail(input.email);
  const name = normalizeName(input.name);
  const source = input.source ?? 'operator';

  return writeTransaction(db, () => {
    const existing = findSubscriberByEmail(db, email);

    // A new address: pending until confirmed, unless the caller confirms it now.
    if (existing === undefined) {
      const status: SubscriberStatus = input.confirmed ? 'confirmed' : 'pending';
      return { subscriber: insertSubscriber(db, { email, name, status, source }), outcome: 'added' };
    }

    // Suppression applies to every add except the person's own confirmation.
    const optedIn = input.confirmed && source === DOUBLE_OPT_IN_SOURCE;
    if (isSuppressed(existing.status) && !optedIn) return { subscriber: existing, outcome: 'suppressed' };

    let changed = false;
    if (name !== null && name !== existing.name) {
      updateSubscriberName(db, existing.id, name);
      changed = true;
    }
    if (input.confirmed && existing.status !== 'confirmed') {
      markConfirmed(db, existing.id);
      changed = true;
    }

    const subscriber = getSubscriber(db, existing.id) as SubscriberRow;
    return { subscriber, outcome: changed ? 'updated' : 'unchanged' };
  });
}

/**
 * Unsubscribe a subscriber by id. Returns true when the status changed to unsubscribed, false
 * when the subscriber was already suppressed, so that repeated requests are harmless.
 * Throws SUBSCRIBER_NOT_FOUND for an unknown id.
 */
export function unsubscribe(db: Database, subscriberId: number): boolean {
  return writeTransaction(db, () => {
    if (getSubscriber(db, subscriberId) === undefined) {
      throw new AppError('SUBSCRIBER_NOT_FOUND', `subscriber ${subscriberId} not found; check the id with \`ai-daily-summary subscribers list\``, { subscriberId });
    }
    return markUnsubscribed(db, subscriberId);
  });
}

/** Unsubscribe by address, for the operator's `subscribers remove`; the row stays on the suppression list. */
export function unsubscribeByEmail(db: Database, email: string): { subscriber: SubscriberRow; changed: boolean } {
  const existing = findSubscriberByEmail(db, normalizeEmail(email));
  if (existing === undefined) {
    throw new AppError('SUBSCRIBER_NOT_FOUND', `no subscriber has the address "${email.trim()}"; check it with \`ai-daily-summary subscribers list\``);
  }
  const changed = unsubscribe(db, existing.id);
  return { subscriber: getSubscriber(db, existing.id) as SubscriberRow, changed };
}

/** List every subscriber in id order, optionally only those with one status. */
export function listSubscribers(db: Database, status?: SubscriberStatus): SubscriberRow[] {
  return listSubscriberRows(db, status);
}

export function isSuppressed(status: SubscriberStatus): boolean {
  return SUPPRESSED_STATUSES.includes(status);
}

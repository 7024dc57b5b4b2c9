import type { SubscriberRow, SubscriberStatus } from '../domain';
import { nowIso, type Database } from './db';

export function getSubscriber(db: Database, id: number): SubscriberRow | undefined {
  return db.prepare('SELECT * FROM subscribers WHERE id = ?').get(id) as SubscriberRow | undefined;
}

/** Find a subscriber by address; addresses compare case-insensitively. */
export function findSubscriberByEmail(db: Database, email: string): SubscriberRow | undefined {
  return db.prepare('SELECT * FROM subscribers WHERE email = ?').get(email.trim()) as SubscriberRow | undefined;
}

/** Number of subscribers who receive the next issue. */
export function countConfirmedSubscribers(db: Database): number {
  return db.prepare("SELECT count(*) FROM subscribers WHERE status = 'confirmed'").pluck().get() as number;
}

export interface NewSubscriber {
  email: string;
  name: string | null;
  status: SubscriberStatus;
  source: string;
}

/** Insert a subscriber and return the stored row; `confirmed_at` is set when the status is confirmed. */
export function insertSubscriber(db: Database, input: NewSubscriber, now = nowIso()): SubscriberRow {
  const confirmedAt = input.status === 'confirmed' ? now : null;
  const unsubscribedAt = input.status === 'unsubscribed' ? now : null;
  const id = db
    .prepare(
      `INSERT INTO subscribers (email, name, status, source, created_at, confirmed_at, unsubscribed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(input.email, input.name, input.status, input.source, now, confirmedAt, unsubscribedAt).lastInsertRowid;
  return getSubscriber(db, Number(id)) as SubscriberRow;
}

/** Mark a subscriber confirmed, clearing any suppression and bounce history. */
export function markConfirmed(db: Database, id: number, now = nowIso()): void {
  db.prepare(
    `UPDATE subscribers
     SET status = 'confirmed', confirmed_at = ?, unsubscribed_at = NULL, bounce_reason = NULL, soft_bounce_count = 0
     WHERE id = ?`,
  ).run(now, id);
}

/** Mark a subscriber unsubscribed unless already suppressed; returns whether the row changed. */
export function markUnsubscribed(db: Database, id: number, now = nowIso()): boolean {
  const result = db
    .prepare(
      `UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = ?
       WHERE id = ? AND status IN ('pending', 'confirmed')`,
    )
    .run(now, id);
  return result.changes > 0;
}

/** Put a subscriber on the suppression list with the given status (unsubscribed, bounced or complained). */
export function markSuppressed(db: Database, id: number, status: SubscriberStatus, now = nowIso()): void {
  const unsubscribedAt = status === 'unsubscribed' ? now : null;
  db.prepare('UPDATE subscribers SET status = ?, unsubscribed_at = coalesce(?, unsubscribed_at) WHERE id = ?').run(status, unsubscribedAt, id);
}

export function updateSubscriberName(db: Database, id: number, name: string | null): void {
  db.prepare('UPDATE subscribers SET name = ? WHERE id = ?').run(name, id);
}

/** List every subscriber in id order, optionally only those with one status. */
export function listSubscriberRows(db: Database, status?: SubscriberStatus): SubscriberRow[] {
  if (status === undefined) return db.prepare('SELECT * FROM subscribers ORDER BY id').all() as SubscriberRow[];
  return db.prepare('SELECT * FROM subscribers WHERE status = ? ORDER BY id').all(status) as SubscriberRow[];
}

/** Record that a confirmation email was sent to a subscriber. */
export function recordConfirmationRequest(db: Database, subscriberId: number, now = nowIso()): void {
  db.prepare('INSERT INTO confirmation_requests (subscriber_id, requested_at) VALUES (?, ?)').run(subscriberId, now);
}

/** Number of confirmation emails sent to a subscriber since `since` (ISO-8601 UTC). */
export function countConfirmationRequestsSince(db: Database, subscriberId: number, since: string): number {
  return db
    .prepare('SELECT count(*) FROM confirmation_requests WHERE subscriber_id = ? AND requested_at >= ?')
    .pluck()
    .get(subscriberId, since) as number;
}

import type { SubscriberRow } from '../domain';
import type { Database } from './db';

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

import { nowIso, writeTransaction, type Database } from './db';

/** A named lease: the owner may run the job it names until `expires_at`, unless it renews. */
export interface LockRow {
  name: string;
  owner: string;
  expires_at: string;
}

export function getLock(db: Database, name: string): LockRow | undefined {
  return db.prepare('SELECT * FROM locks WHERE name = ?').get(name) as LockRow | undefined;
}

/**
 * Take the lease `name` for `owner` until now + ttlMs. Returns true when the lease is free,
 * expired or already held by `owner` (which extends it), and false while another owner holds
 * it. The check and the write share one IMMEDIATE transaction, so two processes cannot both win.
 */
export function acquireLock(db: Database, name: string, owner: string, ttlMs: number, now: Date = new Date()): boolean {
  return writeTransaction(db, () => {
    const current = getLock(db, name);
    if (current && current.owner !== owner && Date.parse(current.expires_at) > now.getTime()) return false;

    db.prepare(
      'INSERT INTO locks (name, owner, expires_at) VALUES (@name, @owner, @expiresAt) ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at',
    ).run({ name, owner, expiresAt: nowIso(new Date(now.getTime() + ttlMs)) });
    return true;
  });
}

/** Extend a lease that `owner` still holds. Returns false when it expired and another owner took it. */
export function renewLock(db: Database, name: string, owner: string, ttlMs: number, now: Date = new Date()): boolean {
  const result = db
    .prepare('UPDATE locks SET expires_at = ? WHERE name = ? AND owner = ?')
    .run(nowIso(new Date(now.getTime() + ttlMs)), name, owner);
  return result.changes === 1;
}

/** Give up a lease. Does nothing when the lease now belongs to another owner. */
export function releaseLock(db: Database, name: string, owner: string): void {
  db.prepare('DELETE FROM locks WHERE name = ? AND owner = ?').run(name, owner);
}

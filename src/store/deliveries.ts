import type { DeliveryStatus } from '../domain';
import type { Statement } from 'better-sqlite3';
import { nowIso, writeTransaction, type Database } from './db';

const preparedStatements = new WeakMap<Database, Map<string, Statement>>();

/** Return the prepared statement of `sql` on `db`, prepared once per connection: a send runs these per message. */
function statement(db: Database, sql: string): Statement {
  let cache = preparedStatements.get(db);
  if (!cache) {
    cache = new Map();
    preparedStatements.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}

/** A claimed delivery with what the send stage needs of its subscriber. */
export interface ClaimedDelivery {
  id: number;
  subscriberId: number;
  messageId: string;
  attempts: number;
  email: string;
  name: string | null;
  /** False when the subscriber left the confirmed status after the ledger was created. */
  confirmed: boolean;
}

/**
 * Return the Message-ID of an issue's message to a subscriber. It is fixed per (issue, subscriber), so
 * a message sent again after a crash carries the same id and receivers can drop the copy.
 */
export function deliveryMessageId(issueId: number, subscriberId: number, domain: string): string {
  return `<issue-${issueId}.subscriber-${subscriberId}@${domain}>`;
}

/**
 * Add a queued delivery for every confirmed subscriber who has none for the issue yet, in one
 * statement, so no subscriber list is held in memory. Returns the number of rows added.
 * The Message-ID expression must match deliveryMessageId.
 */
export function createDeliveries(db: Database, issueId: number, domain: string, now = nowIso()): number {
  return statement(
    db,
    `INSERT OR IGNORE INTO deliveries (issue_id, subscriber_id, status, message_id, updated_at)
     SELECT @issueId, id, 'queued', '<issue-' || CAST(@issueId AS INTEGER) || '.subscriber-' || id || '@' || @domain || '>', @now
     FROM subscribers WHERE status = 'confirmed' ORDER BY id`,
  ).run({ issueId, domain, now }).changes;
}

/**
 * Put deliveries left in `sending` by a stopped or crashed run back in the queue, and return
 * how many. A row in `sending` was claimed by a run and maybe handed to the transport, so its
 * message is sent again. Those the server had accepted before the crash arrive twice, at most
 * the run's in-flight limit (see inFlightLimit), and none is skipped.
 */
export function requeueInterruptedDeliveries(db: Database, issueId: number, now = nowIso()): number {
  return statement(db, "UPDATE deliveries SET status = 'queued', updated_at = ? WHERE issue_id = ? AND status = 'sending'")
    .run(now, issueId).changes;
}

/**
 * Claim up to `limit` queued deliveries with an id above `afterId`, in id order, by moving them
 * to `sending` in one transaction.
 */
export function claimQueuedDeliveries(db: Database, issueId: number, afterId: number, limit: number): ClaimedDelivery[] {
  return claim(db, "d.issue_id = @issueId AND d.status = 'queued' AND d.id > @afterId", { issueId, afterId, limit });
}

/** Claim failed deliveries whose retry time has come and that have attempts left. */
export function claimRetryableDeliveries(db: Database, issueId: number, maxAttempts: number, limit: number, now = nowIso()): ClaimedDelivery[] {
  return claim(db, "d.issue_id = @issueId AND d.status = 'failed' AND d.attempts < @maxAttempts AND d.next_attempt_at <= @now", { issueId, maxAttempts, limit, now });
}

/** Return the earliest retry time of a failed delivery with attempts left, or null when none is waiting. */
export function nextRetryAt(db: Database, issueId: number, maxAttempts: number): string | null {
  return (statement(db, "SELECT min(next_attempt_at) FROM deliveries WHERE issue_id = ? AND status = 'failed' AND attempts < ?")
    .pluck()
    .get(issueId, maxAttempts) as string | null) ?? null;
}

export function markDeliverySent(db: Database, id: number, now = nowIso()): void {
  statement(db, "UPDATE deliveries SET status = 'sent', attempts = attempts + 1, last_error = NULL, next_attempt_at = NULL, sent_at = @now, updated_at = @now WHERE id = @id").run({ id, now });
}

/**
 * Record a transient failure; `nextAttemptAt` null means no retry is left in this run.
 * `responseCode` is the SMTP reply code, or null when no server replied.
 */
export function markDeliveryFailed(db: Database, id: number, error: string, nextAttemptAt: string | null, responseCode: number | null, now = nowIso()): void {
  statement(
    db,
    "UPDATE deliveries SET status = 'failed', attempts = attempts + 1, last_error = @error, last_response_code = @responseCode, next_attempt_at = @nextAttemptAt, updated_at = @now WHERE id = @id",
  ).run({ id, error, responseCode, nextAttemptAt, now });
}

/** Count deliveries that ran out of attempts without any SMTP reply. */
export function countUnreachedDeliveries(db: Database, issueId: number, maxAttempts: number): number {
  return statement(db, "SELECT count(*) FROM deliveries WHERE issue_id = ? AND status = 'failed' AND last_response_code IS NULL AND attempts >= ?")
    .pluck()
    .get(issueId, maxAttempts) as number;
}

/**
 * Give deliveries that ran out of attempts without any SMTP reply (the server was unreachable)
 * a fresh set of attempts, and return how many. Called when a new send of the issue starts, so
 * that running `send` again after an outage reaches everyone the outage kept from their mail.
 */
export function requeueUnreachedDeliveries(db: Database, issueId: number, maxAttempts: number, now = nowIso()): number {
  return statement(
    db,
    "UPDATE deliveries SET status = 'queued', attempts = 0, next_attempt_at = NULL, updated_at = ? WHERE issue_id = ? AND status = 'failed' AND last_response_code IS NULL AND attempts >= ?",
  ).run(now, issueId, maxAttempts).changes;
}

/** Record a permanent failure and suppress the subscriber as bounced, in one transaction. */
export function markDeliveryBounced(db: Database, id: number, subscriberId: number, reason: string, now = nowIso()): void {
  writeTransaction(db, () => {
    statement(db, "UPDATE deliveries SET status = 'bounced', attempts = attempts + 1, last_error = @reason, next_attempt_at = NULL, updated_at = @now WHERE id = @id").run({ id, reason, now });
    statement(db, "UPDATE subscribers SET status = 'bounced', bounce_reason = ? WHERE id = ? AND status = 'confirmed'").run(reason, subscriberId);
  });
}

/** Return a claimed delivery that was never handed to the transport to the queue. */
export function releaseDelivery(db: Database, id: number, now = nowIso()): void {
  statement(db, "UPDATE deliveries SET status = 'queued', updated_at = ? WHERE id = ? AND status = 'sending'").run(now, id);
}

/** Drop the delivery of a subscriber who is no longer confirmed (unsubscribed during the send). */
export function deleteDelivery(db: Database, id: number): void {
  statement(db, 'DELETE FROM deliveries WHERE id = ?').run(id);
}

/** Count an issue's deliveries in each status. */
export function countDeliveries(db: Database, issueId: number): Record<DeliveryStatus, number> {
  const counts: Record<DeliveryStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0, bounced: 0 };
  const rows = statement(db, 'SELECT status, count(*) AS n FROM deliveries WHERE issue_id = ? GROUP BY status').all(issueId) as Array<{ status: DeliveryStatus; n: number }>;
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

/** Count the deliveries not finished yet: queued, sending, or failed with attempts left. */
export function countUnfinishedDeliveries(db: Database, issueId: number, maxAttempts: number): number {
  return statement(db, "SELECT count(*) FROM deliveries WHERE issue_id = ? AND (status IN ('queued', 'sending') OR (status = 'failed' AND attempts < ?))")
    .pluck()
    .get(issueId, maxAttempts) as number;
}

/**
 * Update soft-bounce counts once an issue is finished, and return how many subscribers it
 * suppressed. A subscriber whose delivery ended failed on a 4xx reply gains one, once per issue,
 * so the count is of issues in a row. At `softBounceLimit` the subscriber is suppressed as
 * bounced. A subscriber who received the issue starts again from zero. Failures without an SMTP
 * reply (connection errors) do not count, because they carry no information about the mailbox.
 */
export function applySoftBounces(db: Database, issueId: number, softBounceLimit: number): number {
  return writeTransaction(db, () => {
    statement(
      db,
      `UPDATE subscribers SET soft_bounce_count = 0
       WHERE soft_bounce_count > 0 AND id IN (SELECT subscriber_id FROM deliveries WHERE issue_id = ? AND status = 'sent')`,
    ).run(issueId);

    statement(
      db,
      `UPDATE subscribers SET soft_bounce_count = soft_bounce_count + 1
       WHERE id IN (SELECT subscriber_id FROM deliveries WHERE issue_id = ? AND status = 'failed' AND last_error GLOB '4[0-9][0-9]*')`,
    ).run(issueId);

    return db
      .prepare(
        `UPDATE subscribers SET status = 'bounced', bounce_reason = 'soft bounces (4xx) on ' || soft_bounce_count || ' issues in a row'
         WHERE status = 'confirmed' AND soft_bounce_count >= ? AND id IN (SELECT subscriber_id FROM deliveries WHERE issue_id = ? AND status = 'failed')`,
      )
      .run(softBounceLimit, issueId).changes;
  });
}

function claim(db: Database, where: string, parameters: Record<string, unknown>): ClaimedDelivery[] {
  return writeTransaction(db, () => {
    const rows = statement(
      db,
      `SELECT d.id, d.subscriber_id AS subscriberId, d.message_id AS messageId, d.attempts, s.email, s.name, s.status = 'confirmed' AS confirmed
       FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
       WHERE ${where} ORDER BY d.id LIMIT @limit`,
    ).all(parameters) as Array<Omit<ClaimedDelivery, 'confirmed'> & { confirmed: number }>;

    const markSending = statement(db, "UPDATE deliveries SET status = 'sending', updated_at = ? WHERE id = ?");
    const now = nowIso();
    for (const row of rows) markSending.run(now, row.id);
    return rows.map((row) => ({ ...row, confirmed: row.confirmed === 1 }));
  });
}

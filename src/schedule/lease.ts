import type { Logger } from '../log';
import { acquireLock, releaseLock, renewLock } from '../store/locks';
import type { Database } from '../store/db';
import { errorMessage } from '../errors';

/** A held lease that renews itself until released, and aborts `signal` when it is lost. */
export interface Lease {
  signal: AbortSignal;
  release(): void;
}

export interface LeaseOptions {
  db: Database;
  name: string;
  owner: string;
  ttlMs: number;
  logger: Logger;
  /** Aborted with the lease, so a job that loses its lease stops as if shut down. */
  controller: AbortController;
}

/**
 * Take the lease and renew it every third of its TTL. Returns null while another process has
 * it. A failed renewal (another owner took the lease after it expired) aborts the controller.
 */
export function takeLease(options: LeaseOptions): Lease | null {
  const { db, name, owner, ttlMs, logger, controller } = options;
  if (!acquireLock(db, name, owner, ttlMs)) return null;

  const timer = setInterval(() => {
    try {
      if (renewLock(db, name, owner, ttlMs)) return;
      logger.error({ job: name, owner }, 'lease lost to another process; stopping the job');
      controller.abort(new Error(`lease "${name}" lost to another process`));
    } catch (error) {
      // A busy or closed database: keep the job running, the next renewal retries.
      logger.error({ job: name, owner, err: errorMessage(error) }, 'lease renewal failed');
    }
  }, Math.max(1, Math.floor(ttlMs / 3)));
  timer.unref();

  return {
    signal: controller.signal,
    release() {
      clearInterval(timer);
      try {
        releaseLock(db, name, owner);
      } catch (error) {
        logger.error({ job: name, owner, err: errorMessage(error) }, 'lease release failed; it expires by itself');
      }
    },
  };
}

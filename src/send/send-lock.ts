import crypto from 'node:crypto';
import os from 'node:os';
import { AppError } from '../errors';
import type { Logger } from '../log';
import type { Database } from '../store/db';
import { acquireLock, getLock, releaseLock, renewLock } from '../store/locks';

const LOCK_TTL_MS = 120_000;
const RENEW_EVERY_MS = 30_000;

export interface SendLock {
  release(): void;
}

/**
 * Take the lease that lets one process send an issue, renewed every 30 s while the send runs.
 * A lease left by a process of this host that no longer exists (killed, crashed) is taken over
 * at once, so a resume need not wait for it to expire. Throws LOCKED while a live process owns the lease.
 */
export function acquireSendLock(db: Database, issueId: number, logger: Logger): SendLock {
  const name = `send:issue-${issueId}`;
  const owner = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;

  if (!acquireLock(db, name, owner, LOCK_TTL_MS)) {
    const current = getLock(db, name);
    if (!current || !isDeadLocalOwner(current.owner)) {
      throw new AppError('LOCKED', `issue ${issueId} is being sent by another process (${current?.owner ?? 'unknown'}); wait for it to finish`, { issueId });
    }
    logger.warn({ issueId, previousOwner: current.owner }, 'send lock taken over from a process that no longer runs');
    releaseLock(db, name, current.owner);
    if (!acquireLock(db, name, owner, LOCK_TTL_MS)) {
      throw new AppError('LOCKED', `issue ${issueId} is being sent by another process; wait for it to finish`, { issueId });
    }
  }

  const timer = setInterval(() => {
    if (!renewLock(db, name, owner, LOCK_TTL_MS)) logger.error({ issueId }, 'send lock lost to another process');
  }, RENEW_EVERY_MS);
  timer.unref();

  return {
    release() {
      clearInterval(timer);
      releaseLock(db, name, owner);
    },
  };
}

/** Return whether a lock owner `host:pid:nonce` names a process of this host that has exited. */
function isDeadLocalOwner(owner: string): boolean {
  const [host, pidText] = owner.split(':');
  const pid = Number(pidText);
  if (host !== os.hostname() || !Number.isInteger(pid) || pid <= 0) return false;

  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

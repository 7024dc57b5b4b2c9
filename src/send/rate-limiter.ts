import { setTimeout as sleep } from 'node:timers/promises';

/** Time a lowered rate lasts before it doubles back towards the configured rate. */
const RECOVERY_INTERVAL_MS = 10_000;
/** Slowest rate a run falls to, in messages per second. */
const MIN_RATE = 1;

/**
 * Spaces messages at a rate in messages per second. The caller calls `slowDown` when the server
 * pushes back (a 421 reply, or a burst of transient errors), which halves the rate. The rate
 * then doubles after each RECOVERY_INTERVAL_MS until it is back at the configured rate.
 */
export class AdaptiveRateLimiter {
  private rate: number;
  private nextSlotMs = 0;
  private changedAtMs = 0;

  constructor(private readonly configuredRate: number) {
    this.rate = configuredRate;
  }

  /** Current rate in messages per second. */
  get currentRate(): number {
    return this.rate;
  }

  /** Wait for the next free slot; resolves early (without waiting) once `signal` is aborted. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const now = performance.now();
    this.recover(now);

    const waitMs = this.nextSlotMs - now;
    this.nextSlotMs = Math.max(now, this.nextSlotMs) + 1000 / this.rate;
    // Sub-millisecond waits are carried as debt, because a timer cannot sleep that short.
    if (waitMs >= 1 && !signal?.aborted) {
      await sleep(waitMs, undefined, { signal }).catch(() => undefined);
    }
  }

  slowDown(): void {
    this.rate = Math.max(MIN_RATE, this.rate / 2);
    this.changedAtMs = performance.now();
  }

  private recover(now: number): void {
    if (this.rate >= this.configuredRate || now - this.changedAtMs < RECOVERY_INTERVAL_MS) return;
    this.rate = Math.min(this.configuredRate, this.rate * 2);
    this.changedAtMs = now;
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config/load';
import type { AppContext } from '../context';
import { AppError, errorMessage } from '../errors';
import { personalize, type RenderedIssue } from '../render/render';
import { nowIso } from '../store/db';
import {
  claimQueuedDeliveries,
  claimRetryableDeliveries,
  deleteDelivery,
  markDeliveryBounced,
  markDeliveryFailed,
  markDeliverySent,
  nextRetryAt,
  releaseDelivery,
  type ClaimedDelivery,
} from '../store/deliveries';
import { signToken, unsubscribeUrl } from '../subscriptions/tokens';
import { buildMailOptions, isDeliverableAddress } from './message';
import type { SendCounts } from './progress';
import { AdaptiveRateLimiter } from './rate-limiter';
import { classifySendError } from './smtp-errors';
import type { MailTransport } from './transport';

/** Deliveries claimed per transaction; they sit in `sending` until handed to the transport. */
const CLAIM_BATCH_SIZE = 100;
/** Transient errors in a row that halve the rate, like a 421 reply does. */
const TRANSIENT_ERRORS_TO_SLOW_DOWN = 5;
/** Connection errors in a row after which the server is taken as unreachable and the run stops. */
const CONNECTION_ERRORS_TO_STOP = 10;

/**
 * Maximum messages handed to the transport whose outcome is not recorded yet. A crash can send
 * at most these again on resume: one per pooled connection in transit and one queued behind it.
 */
export function inFlightLimit(send: Config['send']): number {
  return send.maxConnections * 2;
}

export interface DeliveryRunOptions {
  context: AppContext;
  rendered: RenderedIssue;
  transport: MailTransport;
  signal?: AbortSignal;
  onProgress(counts: SendCounts): void;
}

/**
 * One pass of an issue's delivery ledger: every queued delivery, then failed ones as their retry
 * times come, with at most inFlightLimit messages in flight. Stops taking new deliveries when
 * `signal` aborts, records the in-flight ones, and returns the queued rest to the queue.
 */
export class DeliveryRun {
  readonly counts: SendCounts = { sent: 0, failed: 0, bounced: 0, skipped: 0 };
  private readonly inFlight = new Set<Promise<void>>();
  private readonly limiter: AdaptiveRateLimiter;
  private readonly maxInFlight: number;
  private transientErrorsInRow = 0;
  private connectionErrorsInRow = 0;
  private fatalError: Error | null = null;

  constructor(private readonly options: DeliveryRunOptions) {
    this.limiter = new AdaptiveRateLimiter(options.context.config.send.rateLimit);
    this.maxInFlight = inFlightLimit(options.context.config.send);
  }

  /** Run to the end of the ledger or to a stop; returns whether the signal stopped it. Throws SEND_FAILED when the server is unreachable. */
  async run(): Promise<{ stopped: boolean }> {
    await this.sendQueued();
    await this.sendRetries();
    await this.drain();

    if (this.fatalError) throw this.fatalError;
    return { stopped: this.options.signal?.aborted === true };
  }

  private get issueId(): number {
    return this.options.rendered.issueId;
  }

  private get stopping(): boolean {
    return this.options.signal?.aborted === true || this.fatalError !== null;
  }

  private async sendQueued(): Promise<void> {
    let afterId = 0;
    while (!this.stopping) {
      const batch = claimQueuedDeliveries(this.options.context.db, this.issueId, afterId, CLAIM_BATCH_SIZE);
      if (batch.length === 0) return;
      afterId = batch[batch.length - 1]!.id;
      await this.dispatch(batch);
    }
  }

  private async sendRetries(): Promise<void> {
    const { db, config } = this.options.context;
    while (!this.stopping) {
      const batch = claimRetryableDeliveries(db, this.issueId, config.send.maxAttempts, CLAIM_BATCH_SIZE);
      if (batch.length > 0) {
        await this.dispatch(batch);
        continue;
      }

      // A message still in flight may yet fail and need a retry, so wait for it before deciding.
      if (this.inFlight.size > 0) {
        await this.drain();
        continue;
      }

      const next = nextRetryAt(db, this.issueId, config.send.maxAttempts);
      if (next === null) return;
      await sleep(Math.max(0, Date.parse(next) - Date.now()), undefined, { signal: this.options.signal }).catch(() => undefined);
    }
  }

  private async dispatch(batch: ClaimedDelivery[]): Promise<void> {
    for (let index = 0; index < batch.length; index += 1) {
      await this.limiter.acquire(this.options.signal);
      while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);

      if (this.stopping) {
        for (const unsent of batch.slice(index)) releaseDelivery(this.options.context.db, unsent.id);
        return;
      }
      const task: Promise<void> = this.deliver(batch[index]!).finally(() => this.inFlight.delete(task));
      this.inFlight.add(task);
    }
  }

  private async drain(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  /** Send one delivery and record its outcome; never rejects, an unexpected error stops the run. */
  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const { db, config, secret, logger } = this.options.context;
    try {
      if (!delivery.confirmed) {
        deleteDelivery(db, delivery.id);
        this.count('skipped');
        logger.debug({ issueId: this.issueId, subscriberId: delivery.subscriberId }, 'delivery skipped: subscriber no longer confirmed');
        return;
      }
      if (!isDeliverableAddress(delivery.email)) {
        markDeliveryBounced(db, delivery.id, delivery.subscriberId, 'invalid address: rejected before sending');
        this.count('bounced');
        logger.warn({ issueId: this.issueId, subscriberId: delivery.subscriberId }, 'delivery bounced: invalid address');
        return;
      }

      const link = unsubscribeUrl(config.publicUrl, secret, delivery.subscriberId);
      const parts = personalize(this.options.rendered, { unsubscribeUrl: link, name: delivery.name });
      const mail = buildMailOptions(config.newsletter, {
        subject: this.options.rendered.subject,
        html: parts.html,
        text: parts.text,
        messageId: delivery.messageId,
        recipient: { email: delivery.email, name: delivery.name },
        unsubscribeUrl: link,
        token: signToken(secret, delivery.subscriberId, 'unsubscribe'),
      });

      try {
        await this.options.transport.send(mail);
      } catch (error) {
        this.recordFailure(delivery, error);
        return;
      }
      markDeliverySent(db, delivery.id);
      this.transientErrorsInRow = 0;
      this.connectionErrorsInRow = 0;
      this.count('sent');
    } catch (error) {
      logger.error({ issueId: this.issueId, subscriberId: delivery.subscriberId, err: error }, 'delivery failed unexpectedly; stopping the send');
      this.fatalError ??= error as Error;
    }
  }

  private recordFailure(delivery: ClaimedDelivery, error: unknown): void {
    const { db, config, logger } = this.options.context;
    const failure = classifySendError(error);
    const ids = { issueId: this.issueId, subscriberId: delivery.subscriberId, responseCode: failure.responseCode };

    if (failure.kind === 'bounce') {
      markDeliveryBounced(db, delivery.id, delivery.subscriberId, failure.reason);
      this.count('bounced');
      logger.warn(ids, 'delivery bounced: subscriber suppressed');
      return;
    }

    const attempts = delivery.attempts + 1;
    if (attempts >= config.send.maxAttempts) {
      markDeliveryFailed(db, delivery.id, failure.reason, null, failure.responseCode);
      this.count('failed');
      logger.warn({ ...ids, attempts }, 'delivery failed: no attempts left');
    } else {
      const delayMs = config.send.retryBaseSeconds * 1000 * 2 ** (attempts - 1) * (0.8 + Math.random() * 0.4);
      markDeliveryFailed(db, delivery.id, failure.reason, nowIso(new Date(Date.now() + delayMs)), failure.responseCode);
      logger.info({ ...ids, attempts, retryInMs: Math.round(delayMs) }, 'delivery failed: will retry');
    }
    this.adjustRate(failure.slowDown, failure.responseCode === null, error);
  }

  private adjustRate(serverAskedToSlowDown: boolean, connectionError: boolean, error: unknown): void {
    const { logger } = this.options.context;
    this.transientErrorsInRow += 1;
    this.connectionErrorsInRow = connectionError ? this.connectionErrorsInRow + 1 : 0;

    if (serverAskedToSlowDown || this.transientErrorsInRow >= TRANSIENT_ERRORS_TO_SLOW_DOWN) {
      this.limiter.slowDown();
      this.transientErrorsInRow = 0;
      logger.warn({ issueId: this.issueId, messagesPerSecond: this.limiter.currentRate }, 'send rate lowered after server pushback');
    }

    if (this.connectionErrorsInRow >= CONNECTION_ERRORS_TO_STOP && this.fatalError === null) {
      this.fatalError = new AppError(
        'SEND_FAILED',
        `the mail server at ${this.options.transport.destination} failed ${CONNECTION_ERRORS_TO_STOP} messages in a row without an SMTP reply (last: ${errorMessage(error)}); check SMTP_URL and the server, then run \`ai-daily-summary send ${this.issueId}\` again to continue`,
        { issueId: this.issueId },
      );
    }
  }

  private count(outcome: keyof SendCounts): void {
    this.counts[outcome] += 1;
    this.options.onProgress(this.counts);
  }
}

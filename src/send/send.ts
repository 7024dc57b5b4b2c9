import crypto from 'node:crypto';
import path from 'node:path';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { elapsedMs } from '../log';
import { personalize, PREVIEW_UNSUBSCRIBE_PATH, renderIssue } from '../render/render';
import { writeTransaction } from '../store/db';
import { applySoftBounces, countDeliveries, countUnfinishedDeliveries, countUnreachedDeliveries, createDeliveries, requeueInterruptedDeliveries, requeueUnreachedDeliveries } from '../store/deliveries';
import { getIssue, setIssueStatus } from '../store/issues';
import { DeliveryRun } from './delivery-run';
import { addressDomain, headerSafe } from './headers';
import { buildMailOptions, isDeliverableAddress } from './message';
import { startProgress } from './progress';
import { acquireSendLock } from './send-lock';
import { createMailTransport, OUTBOX_DIR } from './transport';

/** Outcome of one `sendIssue` call; counts are of this call only, not of earlier runs. */
export interface SendReport {
  issueId: number;
  sent: number;
  failed: number;
  bounced: number;
  skipped: number;
  /** The issue was already sent before this call, so nothing was sent. */
  alreadySent: boolean;
  durationMs: number;
  destination: string;
  messagesPerSecond: number;
}

/**
 * Send an issue to every confirmed subscriber through its delivery ledger. A call after a crash
 * or a stop continues where the last one ended; a call on a sent issue sends nothing and returns
 * `alreadySent`. The issue moves to `sending`, then to `sent` once every delivery is finished.
 * An aborted `signal` stops it cleanly with the issue left in `sending`, ready to resume.
 */
export async function sendIssue(context: AppContext, issueId: number, options: { signal?: AbortSignal; progress?: boolean } = {}): Promise<SendReport> {
  const start = performance.now();
  const { db, config, logger } = context;
  const issue = getIssue(db, issueId);
  if (!issue) throw new AppError('ISSUE_NOT_FOUND', `issue ${issueId} not found; list issues with \`ai-daily-summary drafts list\``, { issueId });

  const destination = createMailTransportDestination(context);
  if (issue.status === 'sent') {
    logger.info({ issueId, issueDate: issue.issue_date, sentAt: issue.sent_at }, 'issue already sent; nothing to send');
    return { issueId, sent: 0, failed: 0, bounced: 0, skipped: 0, alreadySent: true, durationMs: elapsedMs(start), destination, messagesPerSecond: 0 };
  }
  if (issue.status === 'cancelled') {
    throw new AppError('ISSUE_STATE', `issue ${issueId} is cancelled and cannot be sent; compose a new issue for ${issue.issue_date}`, { issueId });
  }

  const transport = createMailTransport(config);
  let lock: { release(): void } | null = null;
  try {
    lock = acquireSendLock(db, issueId, logger);
    const rendered = await renderIssue(context, issueId);

    // Open the ledger: add confirmed subscribers, and re-queue what a crashed run left in flight
    // and what an unreachable server kept from being delivered.
    const { added, requeued } = writeTransaction(db, () => {
      setIssueStatus(db, issueId, 'sending');
      return {
        added: createDeliveries(db, issueId, messageIdDomain(context)),
        requeued: requeueInterruptedDeliveries(db, issueId) + requeueUnreachedDeliveries(db, issueId, config.send.maxAttempts),
      };
    });
    const ledger = countDeliveries(db, issueId);
    const total = ledger.queued + ledger.failed;
    logger.info({ issueId, destination: transport.destination, added, requeued, alreadySent: ledger.sent, toSend: total }, 'send started');

    // Deliver, with progress on a terminal or in the log.
    const progress = startProgress({ total, bar: options.progress === true, logger, issueId });
    const run = new DeliveryRun({ context, rendered, transport, signal: options.signal, onProgress: (counts) => progress.update(counts) });
    let stopped: boolean;
    try {
      ({ stopped } = await run.run());
    } catch (error) {
      setIssueStatus(db, issueId, 'failed', (error as Error).message);
      throw error;
    } finally {
      progress.stop();
    }

    // Finish the issue once no delivery is left to try.
    // Deliveries that never reached a mail server keep the issue open, so a later send retries them.
    const unfinished = countUnfinishedDeliveries(db, issueId, config.send.maxAttempts);
    const unreached = countUnreachedDeliveries(db, issueId, config.send.maxAttempts);
    if (!stopped && unfinished === 0 && unreached > 0) {
      const reason = `${unreached} deliveries could not reach the mail server; check SMTP_URL and run \`ai-daily-summary send ${issueId}\` again`;
      setIssueStatus(db, issueId, 'failed', reason);
      logger.error({ issueId, unreached }, 'deliveries could not reach the mail server; the issue stays open for another send');
    } else if (!stopped && unfinished === 0) {
      const suppressed = applySoftBounces(db, issueId, config.send.softBounceLimit);
      setIssueStatus(db, issueId, 'sent');
      if (suppressed > 0) logger.warn({ issueId, suppressed }, 'subscribers suppressed after repeated soft bounces');
    }

    const durationMs = elapsedMs(start);
    const report: SendReport = {
      issueId,
      ...run.counts,
      alreadySent: false,
      durationMs,
      destination: transport.destination,
      messagesPerSecond: Math.round((run.counts.sent / Math.max(durationMs, 1)) * 1000 * 10) / 10,
    };
    logger.info({ ...report, stopped, unfinished }, stopped ? 'send stopped; run send again to continue' : 'send finished');
    return report;
  } finally {
    transport.close();
    lock?.release();
  }
}

/**
 * Send one copy of an issue to each address, marked `[test]` in the subject, with a dummy
 * unsubscribe link and a random Message-ID. Touches neither the ledger nor the issue status.
 */
export async function sendTestCopy(context: AppContext, issueId: number, addresses: string[]): Promise<{ destination: string; messageIds: string[] }> {
  const invalid = addresses.filter((address) => !isDeliverableAddress(address));
  if (addresses.length === 0 || invalid.length > 0) {
    throw new AppError('USAGE', `--test needs valid email addresses; "${invalid.join('", "')}" is not one`);
  }

  const rendered = await renderIssue(context, issueId);
  const link = context.config.publicUrl + PREVIEW_UNSUBSCRIBE_PATH;
  const parts = personalize(rendered, { unsubscribeUrl: link, name: null });
  const transport = createMailTransport(context.config);
  const messageIds: string[] = [];
  try {
    for (const address of addresses) {
      const messageId = `<test-${issueId}.${crypto.randomUUID()}@${messageIdDomain(context)}>`;
      const mail = buildMailOptions(context.config.newsletter, {
        subject: `[test] ${rendered.subject}`,
        html: parts.html,
        text: parts.text,
        messageId,
        recipient: { email: address, name: null },
        unsubscribeUrl: link,
        token: 'preview',
      });
      await transport.send(mail);
      messageIds.push(messageId);
    }
  } finally {
    transport.close();
  }
  context.logger.info({ issueId, copies: messageIds.length, destination: transport.destination }, 'test copies sent');
  return { destination: transport.destination, messageIds };
}

/** Return the domain of Message-IDs: the From address's domain, else the list id. */
function messageIdDomain(context: AppContext): string {
  return addressDomain(context.config.newsletter.from) || headerSafe(context.config.newsletter.listId).replace(/[^A-Za-z0-9.-]/g, '') || 'localhost';
}

/** Return where messages would go, as MailTransport.destination names it, without opening a transport. */
function createMailTransportDestination(context: AppContext): string {
  if (context.config.smtpUrl === null) return path.join(context.config.dataDir, OUTBOX_DIR);
  const url = new URL(context.config.smtpUrl);
  return `${url.protocol}//${url.host}`;
}

import net from 'node:net';
import pino from 'pino';
import { countDeliveries } from '../../src/store/deliveries';
import { getIssue } from '../../src/store/issues';
import { getSubscriber } from '../../src/store/subscribers';
import { sendIssue } from '../../src/send/send';
import { createTestContext, type TestContext } from '../helpers/context';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { insertSampleIssue, insertSubscribers } from '../render/fixtures/issue-fixture';
import { smtpReply, useFastSending } from './fixtures/send-context';

let sink: SmtpSink;
let context: TestContext;
const rejections = new Map<string, number>();

/** reader2 always gets 550; reader3 gets 450 twice, then success; reader4 always gets 451. */
function answerRecipient(address: string): void {
  const seen = (rejections.get(address) ?? 0) + 1;
  rejections.set(address, seen);
  if (address === 'reader2@example.com') throw smtpReply(550, '5.1.1 mailbox unavailable');
  if (address === 'reader3@example.com' && seen <= 2) throw smtpReply(450, '4.2.1 try again later');
  if (address === 'reader4@example.com') throw smtpReply(451, '4.3.0 temporary failure');
}

beforeEach(async () => {
  rejections.clear();
  sink = await startSmtpSink({ onRecipient: answerRecipient });
  context = createTestContext({ SMTP_URL: sink.url });
  useFastSending(context, { maxAttempts: 3, softBounceLimit: 2 });
});

afterEach(async () => {
  context.cleanup();
  await sink.close();
});

describe('SMTP replies', () => {
  test('5xx bounces, 4xx retries', async () => {
    const { issueId } = insertSampleIssue(context.db);
    const [first, second, third, fourth] = insertSubscribers(context.db, 4) as [number, number, number, number];

    const report = await sendIssue(context, issueId);

    expect(report).toMatchObject({ sent: 2, bounced: 1, failed: 1 });
    expect(sink.messages.map((message) => message.envelopeTo[0]).sort()).toEqual(['reader1@example.com', 'reader3@example.com']);
    expect(rejections.get('reader2@example.com')).toBe(1);
    expect(rejections.get('reader3@example.com')).toBe(3);
    expect(rejections.get('reader4@example.com')).toBe(3);
    expect(countDeliveries(context.db, issueId)).toEqual({ queued: 0, sending: 0, sent: 2, failed: 1, bounced: 1 });
    expect(getSubscriber(context.db, first)?.status).toBe('confirmed');
    expect(getSubscriber(context.db, second)).toMatchObject({ status: 'bounced', bounce_reason: expect.stringMatching(/^550 /) });
    expect(getSubscriber(context.db, third)).toMatchObject({ status: 'confirmed', soft_bounce_count: 0 });
    expect(getSubscriber(context.db, fourth)).toMatchObject({ status: 'confirmed', soft_bounce_count: 1 });
    expect(getIssue(context.db, issueId)?.status).toBe('sent');
  });

  test('soft bounces suppress after the limit', async () => {
    const firstIssue = insertSampleIssue(context.db, { issueDate: '2024-06-14' }).issueId;
    const secondIssue = insertSampleIssue(context.db, { issueDate: '2024-06-15' }).issueId;
    const thirdIssue = insertSampleIssue(context.db, { issueDate: '2024-06-16' }).issueId;
    const ids = insertSubscribers(context.db, 4);
    const fourth = ids[3]!;

    await sendIssue(context, firstIssue);
    expect(getSubscriber(context.db, fourth)).toMatchObject({ status: 'confirmed', soft_bounce_count: 1 });

    await sendIssue(context, secondIssue);
    expect(getSubscriber(context.db, fourth)).toMatchObject({ status: 'bounced', soft_bounce_count: 2 });
    expect(getSubscriber(context.db, fourth)?.bounce_reason).toMatch(/soft bounces/);

    rejections.clear();
    await sendIssue(context, thirdIssue);
    expect(rejections.has('reader4@example.com')).toBe(false);
    expect(rejections.has('reader2@example.com')).toBe(false);
  });

  test('success resets the soft-bounce count', async () => {
    const { issueId } = insertSampleIssue(context.db);
    const [first] = insertSubscribers(context.db, 1) as [number];
    context.db.prepare('UPDATE subscribers SET soft_bounce_count = 1 WHERE id = ?').run(first);

    await sendIssue(context, issueId);

    expect(getSubscriber(context.db, first)?.soft_bounce_count).toBe(0);
  });
});

describe('server pushback', () => {
  test('421 lowers the rate', async () => {
    const logLines: string[] = [];
    context.logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    await sink.close();
    let recipientCommands = 0;
    sink = await startSmtpSink({
      onRecipient: () => {
        recipientCommands += 1;
        if (recipientCommands === 1) throw smtpReply(421, '4.7.0 too many messages, slow down');
      },
    });
    context.config.smtpUrl = sink.url;
    const { issueId } = insertSampleIssue(context.db);
    insertSubscribers(context.db, 3);

    const report = await sendIssue(context, issueId);

    const lowered = logLines.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'send rate lowered after server pushback');
    expect(report.sent).toBe(3);
    expect(lowered).toMatchObject({ issueId, messagesPerSecond: 50_000 });
    expect(logLines.join('\n')).not.toContain('@example.com');
  });
});

describe('unreachable server', () => {
  test('stops with SEND_FAILED', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const offline = createTestContext({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    useFastSending(offline, { maxAttempts: 5, retryBaseSeconds: 60 });
    try {
      const { issueId } = insertSampleIssue(offline.db);
      const ids = insertSubscribers(offline.db, 40);

      await expect(sendIssue(offline, issueId)).rejects.toMatchObject({ code: 'SEND_FAILED' });

      expect(getIssue(offline.db, issueId)?.status).toBe('failed');
      const counts = countDeliveries(offline.db, issueId);
      expect(counts.sent).toBe(0);
      expect(counts.sending).toBe(0);
      expect(counts.queued + counts.failed).toBe(40);
      for (const id of ids) expect(getSubscriber(offline.db, id)?.soft_bounce_count).toBe(0);
    } finally {
      offline.cleanup();
    }
  });

  test('send after the outage reaches everyone', async () => {
    const port = await freePort();
    const offline = createTestContext({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    useFastSending(offline, { maxAttempts: 2 });
    let restored: SmtpSink | null = null;
    try {
      const { issueId } = insertSampleIssue(offline.db);
      insertSubscribers(offline.db, 3);

      const duringOutage = await sendIssue(offline, issueId);
      expect(duringOutage.failed).toBe(3);
      expect(getIssue(offline.db, issueId)?.status).toBe('failed');

      restored = await startSmtpSink({ port });
      const report = await sendIssue(offline, issueId);

      expect(report.sent).toBe(3);
      expect(restored.messages).toHaveLength(3);
      expect(getIssue(offline.db, issueId)?.status).toBe('sent');
    } finally {
      await restored?.close();
      offline.cleanup();
    }
  });

  test('unreached delivery keeps the issue open', async () => {
    const port = await freePort();
    const offline = createTestContext({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    useFastSending(offline, { maxAttempts: 2 });
    try {
      const { issueId } = insertSampleIssue(offline.db);
      insertSubscribers(offline.db, 1);

      const report = await sendIssue(offline, issueId);

      expect(report.sent).toBe(0);
      expect(report.failed).toBe(1);
      expect(getIssue(offline.db, issueId)?.status).toBe('failed');
      expect(getIssue(offline.db, issueId)?.status_reason).toMatch(/could not reach the mail server/);
    } finally {
      offline.cleanup();
    }
  });
});

/** Return a loopback port with nothing listening on it. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

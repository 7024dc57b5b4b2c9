import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { countDeliveries, deliveryMessageId } from '../../src/store/deliveries';
import { getIssue } from '../../src/store/issues';
import { getSubscriber } from '../../src/store/subscribers';
import { sendIssue, sendTestCopy } from '../../src/send/send';
import { signToken, unsubscribeUrl } from '../../src/subscriptions/tokens';
import { createTestContext, type TestContext } from '../helpers/context';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { insertSampleIssue, insertSubscriber, insertSubscribers } from '../render/fixtures/issue-fixture';
import { rawHeaderValues, useFastSending } from './fixtures/send-context';

let sink: SmtpSink;
let context: TestContext;

beforeEach(async () => {
  sink = await startSmtpSink();
  context = createTestContext({ SMTP_URL: sink.url });
  useFastSending(context);
});

afterEach(async () => {
  context.cleanup();
  await sink.close();
});

describe('sendIssue over SMTP', () => {
  test('one message per confirmed subscriber', async () => {
    const { issueId } = insertSampleIssue(context.db);
    insertSubscribers(context.db, 3);
    insertSubscriber(context.db, 'gone@example.com', null, 'unsubscribed');
    insertSubscriber(context.db, 'later@example.com', null, 'pending');

    const report = await sendIssue(context, issueId);

    expect(report).toMatchObject({ issueId, sent: 3, failed: 0, bounced: 0, skipped: 0, alreadySent: false, destination: sink.url });
    expect(sink.messages.map((message) => message.envelopeTo).flat().sort()).toEqual(['reader1@example.com', 'reader2@example.com', 'reader3@example.com']);
    expect(getIssue(context.db, issueId)?.status).toBe('sent');
    expect(countDeliveries(context.db, issueId)).toEqual({ queued: 0, sending: 0, sent: 3, failed: 0, bounced: 0 });
  });

  test('message has both parts and list headers', async () => {
    const { issueId } = insertSampleIssue(context.db);
    const [subscriberId] = insertSubscribers(context.db, 1) as [number];

    await sendIssue(context, issueId);

    const [message] = sink.messages;
    const token = signToken(context.secret, subscriberId, 'unsubscribe');
    const link = unsubscribeUrl(context.config.publicUrl, context.secret, subscriberId);
    expect(message!.parsed.html).toContain(`href="${link}"`);
    expect(message!.parsed.text).toContain(`Unsubscribe: ${link}`);
    expect(rawHeaderValues(message!.raw, 'List-Unsubscribe')).toEqual([`<${link}>, <mailto:unsubscribe@localhost?subject=unsubscribe-${token}>`]);
    expect(rawHeaderValues(message!.raw, 'List-Unsubscribe-Post')).toEqual(['List-Unsubscribe=One-Click']);
    expect(rawHeaderValues(message!.raw, 'List-Id')).toEqual(['AI Daily Summary <ai-daily-summary.localhost>']);
    expect(message!.parsed.messageId).toBe(deliveryMessageId(issueId, subscriberId, 'localhost'));
    expect(message!.parsed.subject).toBe('AI Daily Summary: Friday, 14 June 2024');
  });

  test('ledger Message-ID matches the message', async () => {
    const { issueId } = insertSampleIssue(context.db);
    const [subscriberId] = insertSubscribers(context.db, 1) as [number];

    await sendIssue(context, issueId);

    const stored = context.db.prepare('SELECT message_id FROM deliveries WHERE issue_id = ? AND subscriber_id = ?').pluck().get(issueId, subscriberId);
    expect(stored).toBe(deliveryMessageId(issueId, subscriberId, 'localhost'));
  });

  test('second send sends nothing', async () => {
    const { issueId } = insertSampleIssue(context.db);
    insertSubscribers(context.db, 2);
    await sendIssue(context, issueId);

    const again = await sendIssue(context, issueId);

    expect(again).toMatchObject({ sent: 0, alreadySent: true });
    expect(sink.messages).toHaveLength(2);
  });

  test('deliveries are unique per issue and subscriber', async () => {
    const { issueId } = insertSampleIssue(context.db);
    const [subscriberId] = insertSubscribers(context.db, 1) as [number];
    await sendIssue(context, issueId);

    const duplicate = () =>
      context.db.prepare("INSERT INTO deliveries (issue_id, subscriber_id, message_id, updated_at) VALUES (?, ?, 'x', 'now')").run(issueId, subscriberId);

    expect(duplicate).toThrow(/UNIQUE/);
  });

  test('cancelled issue is ISSUE_STATE', async () => {
    const { issueId } = insertSampleIssue(context.db, { status: 'cancelled' });

    await expect(sendIssue(context, issueId)).rejects.toMatchObject({ code: 'ISSUE_STATE' });
    expect(sink.messages).toHaveLength(0);
  });

  test('unknown issue is ISSUE_NOT_FOUND', async () => {
    await expect(sendIssue(context, 404)).rejects.toMatchObject({ code: 'ISSUE_NOT_FOUND' });
  });

  test('subscriber unsubscribed mid-send is skipped', async () => {
    const { issueId } = insertSampleIssue(context.db);
    const [first, second] = insertSubscribers(context.db, 2) as [number, number];
    context.db.prepare("INSERT INTO deliveries (issue_id, subscriber_id, message_id, updated_at) VALUES (?, ?, 'm1', 'now'), (?, ?, 'm2', 'now')").run(issueId, first, issueId, second);
    context.db.prepare("UPDATE subscribers SET status = 'unsubscribed' WHERE id = ?").run(second);

    const report = await sendIssue(context, issueId);

    expect(report).toMatchObject({ sent: 1, skipped: 1 });
    expect(sink.messages.map((message) => message.envelopeTo)).toEqual([['reader1@example.com']]);
  });
});

describe('sendIssue resume', () => {
  test('rows left in sending are sent again', async () => {
    const { issueId } = insertSampleIssue(context.db);
    const ids = insertSubscribers(context.db, 4);
    await sendIssue(context, issueId);
    // Simulate a crash after two messages: the issue is sending, two rows were in flight.
    context.db.prepare("UPDATE issues SET status = 'sending' WHERE id = ?").run(issueId);
    context.db.prepare("UPDATE deliveries SET status = 'sending' WHERE subscriber_id IN (?, ?)").run(ids[2], ids[3]);
    sink.messages.length = 0;

    const report = await sendIssue(context, issueId);

    expect(report.sent).toBe(2);
    expect(sink.messages.map((message) => message.envelopeTo[0]).sort()).toEqual(['reader3@example.com', 'reader4@example.com']);
    expect(getIssue(context.db, issueId)?.status).toBe('sent');
  });

  test('abort stops and resume completes', async () => {
    const { issueId } = insertSampleIssue(context.db);
    insertSubscribers(context.db, 300);
    context.config.send.rateLimit = 200;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);

    const first = await sendIssue(context, issueId, { signal: controller.signal });

    expect(first.sent).toBeGreaterThan(0);
    expect(first.sent).toBeLessThan(300);
    expect(getIssue(context.db, issueId)?.status).toBe('sending');
    expect(countDeliveries(context.db, issueId).sending).toBe(0);

    context.config.send.rateLimit = 100_000;
    const second = await sendIssue(context, issueId);

    expect(first.sent + second.sent).toBe(300);
    const addresses = sink.messages.map((message) => message.envelopeTo[0]);
    expect(new Set(addresses).size).toBe(300);
    expect(addresses).toHaveLength(300);
    expect(getIssue(context.db, issueId)?.status).toBe('sent');
  });
});

describe('sendIssue to the outbox', () => {
  test('writes one .eml per subscriber', async () => {
    const outboxContext = createTestContext();
    try {
      const { issueId } = insertSampleIssue(outboxContext.db);
      insertSubscribers(outboxContext.db, 2);

      const report = await sendIssue(outboxContext, issueId);

      const outbox = path.join(outboxContext.config.dataDir, 'outbox');
      const files = fs.readdirSync(outbox).filter((file) => file.endsWith('.eml'));
      expect(report).toMatchObject({ sent: 2, destination: outbox });
      expect(files).toHaveLength(2);
      const raw = fs.readFileSync(path.join(outbox, files[0]!));
      const parsed = await simpleParser(raw);
      expect(rawHeaderValues(raw, 'List-Unsubscribe-Post')).toEqual(['List-Unsubscribe=One-Click']);
      expect(rawHeaderValues(raw, 'List-Unsubscribe')).toHaveLength(1);
      expect(parsed.html).toContain('Sources');
      expect(parsed.text).toContain('Sources');
    } finally {
      outboxContext.cleanup();
    }
  });
});

describe('sendTestCopy', () => {
  test('mails only the given addresses', async () => {
    const { issueId } = insertSampleIssue(context.db, { status: 'draft' });
    insertSubscribers(context.db, 3);

    const result = await sendTestCopy(context, issueId, ['editor@example.com', 'second@example.com']);

    expect(result.messageIds).toHaveLength(2);
    expect(sink.messages.map((message) => message.envelopeTo[0])).toEqual(['editor@example.com', 'second@example.com']);
    expect(sink.messages[0]!.parsed.subject).toMatch(/^\[test\] /);
    expect(getIssue(context.db, issueId)?.status).toBe('draft');
    expect(countDeliveries(context.db, issueId)).toEqual({ queued: 0, sending: 0, sent: 0, failed: 0, bounced: 0 });
  });

  test('invalid address is USAGE', async () => {
    const { issueId } = insertSampleIssue(context.db);

    await expect(sendTestCopy(context, issueId, ['not an address'])).rejects.toMatchObject({ code: 'USAGE' });
    expect(sink.messages).toHaveLength(0);
    expect(getSubscriber(context.db, 1)).toBeUndefined();
  });
});

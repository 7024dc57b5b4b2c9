import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { sendIssue } from '../../src/send/send';
import { buildServer } from '../../src/server/app';
import { findSubscriberByEmail } from '../../src/store/subscribers';
import { addSubscriber } from '../../src/subscriptions/list';
import { createTestContext, type TestContext } from '../helpers/context';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { insertFixtureIssue } from './admin-fixtures';

let sink: SmtpSink;
let context: TestContext;
let app: FastifyInstance;
let baseUrl: string;
let httpLog: string[];

beforeEach(async () => {
  sink = await startSmtpSink();
  context = createTestContext({ SMTP_URL: sink.url });
  httpLog = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      httpLog.push(chunk.toString('utf8'));
      callback();
    },
  });
  // The server logs at debug level into httpLog; the send stage keeps the silent logger.
  app = await buildServer({ ...context, logger: pino({ level: 'debug' }, stream) });
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterEach(async () => {
  await app.close();
  await sink.close();
  context.cleanup();
});

async function waitForMessages(count: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (sink.messages.length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} messages in the SMTP sink, got ${sink.messages.length}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function messagesTo(address: string): SmtpSink['messages'] {
  return sink.messages.filter((message) => message.envelopeTo.includes(address));
}

/** Extract the one-click path from a received newsletter's single List-Unsubscribe header. */
function oneClickPathOf(message: SmtpSink['messages'][number]): string {
  const headers = message.raw.toString('utf8').split('\r\n\r\n')[0]?.replace(/\r\n[ \t]+/g, ' ') ?? '';
  const lines = headers.split('\r\n').filter((line) => /^list-unsubscribe:/i.test(line));
  expect(lines).toHaveLength(1);
  const url = /<(https?:\/\/[^>]+)>/.exec(lines[0] as string)?.[1];
  if (url === undefined) throw new Error(`no http URL in ${lines[0]}`);
  return new URL(url).pathname;
}

describe('subscription flow over HTTP and SMTP', () => {
  test('subscribe, confirm, receive, one-click, receive no more', async () => {
    addSubscriber(context.db, { email: 'other@example.com', confirmed: true });

    // Subscribe through the form and confirm through the emailed link.
    const subscribe = await fetch(`${baseUrl}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'jane@example.com', name: 'Jane Doe' }).toString(),
    });
    expect(subscribe.status).toBe(200);
    await waitForMessages(1);
    const link = /https?:\/\/\S+\/confirm\/\S+/.exec(sink.messages[0]?.parsed.text ?? '')?.[0] as string;
    const confirm = await fetch(baseUrl + new URL(link).pathname, { method: 'POST' });
    expect(confirm.status).toBe(200);
    expect(findSubscriberByEmail(context.db, 'jane@example.com')?.status).toBe('confirmed');

    // The next issue reaches her.
    const first = insertFixtureIssue(context.db, { status: 'approved', issueDate: '2026-11-20' });
    const firstReport = await sendIssue(context, first.issueId);
    expect(firstReport.sent).toBe(2);
    expect(messagesTo('jane@example.com')).toHaveLength(2);

    // One-click POST from the newsletter's List-Unsubscribe header.
    const newsletter = messagesTo('jane@example.com')[1] as SmtpSink['messages'][number];
    const oneClick = await fetch(baseUrl + oneClickPathOf(newsletter), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(findSubscriberByEmail(context.db, 'jane@example.com')?.status).toBe('unsubscribed');

    // The issue after that goes to the other subscriber only.
    const second = insertFixtureIssue(context.db, { status: 'approved', issueDate: '2026-11-21' });
    const secondReport = await sendIssue(context, second.issueId);
    expect(secondReport.sent).toBe(1);
    expect(messagesTo('jane@example.com')).toHaveLength(2);
    expect(messagesTo('other@example.com')).toHaveLength(2);

    // The request log contains ids and paths, never the address or a token.
    const log = httpLog.join('');
    const confirmToken = new URL(link).pathname.split('/')[2] as string;
    const unsubscribeToken = oneClickPathOf(newsletter).split('/')[2] as string;
    expect(log).toContain('"url":"/u/:token"');
    expect(log).toContain('"url":"/confirm/:token"');
    expect(log).toContain('"msg":"subscription confirmed"');
    expect(log).not.toContain('jane@example.com');
    expect(log).not.toContain(confirmToken);
    expect(log).not.toContain(unsubscribeToken);
  });
});

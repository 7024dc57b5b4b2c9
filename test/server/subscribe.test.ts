import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app';
import { findSubscriberByEmail, getSubscriber } from '../../src/store/subscribers';
import { addSubscriber, unsubscribe } from '../../src/subscriptions/list';
import { MAX_CONFIRMATIONS_PER_DAY } from '../../src/subscriptions/opt-in';
import { signToken } from '../../src/subscriptions/tokens';
import { createTestContext, type TestContext } from '../helpers/context';
import { describeShared, readCase } from '../helpers/shared';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

let sink: SmtpSink;
let context: TestContext;
let app: FastifyInstance;
let baseUrl: string;
let rejectRecipients = false;

beforeEach(async () => {
  rejectRecipients = false;
  sink = await startSmtpSink({
    onRecipient: () => {
      if (rejectRecipients) throw Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
    },
  });
  context = createTestContext({ SMTP_URL: sink.url });
  app = await buildServer(context);
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterEach(async () => {
  await app.close();
  await sink.close();
  context.cleanup();
});

function postForm(path: string, fields: Record<string, string>): Promise<Response> {
  return fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

async function waitForMessages(count: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (sink.messages.length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} messages in the SMTP sink, got ${sink.messages.length}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Close the server, which waits for confirmation emails still being sent. */
async function settle(): Promise<void> {
  await app.close();
}

/** Extract the path of the confirmation link from a received message. */
function confirmPathOf(index: number): string {
  const text = sink.messages[index]?.parsed.text ?? '';
  const link = /https?:\/\/\S+\/confirm\/\S+/.exec(text)?.[0];
  if (link === undefined) throw new Error(`no confirmation link in message ${index}: ${text}`);
  return new URL(link).pathname;
}

describe('GET /subscribe', () => {
  test('form page without JavaScript', async () => {
    const response = await fetch(`${baseUrl}/subscribe`);
    const page = await response.text();

    expect(response.status).toBe(200);
    expect(page).toContain('<form method="post" action="/subscribe">');
    expect(page).toContain('name="email" type="email"');
    expect(page).toContain('name="website"');
    expect(page).not.toMatch(/<script/i);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('double opt-in', () => {
  test('subscribe, confirmation mail, confirm', async () => {
    const response = await postForm('/subscribe', { email: 'jane@example.com', name: 'Jane Doe', website: '' });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Check your inbox');

    await waitForMessages(1);
    const message = sink.messages[0];
    expect(message?.envelopeTo).toEqual(['jane@example.com']);
    expect(message?.parsed.subject).toBe('Confirm your subscription to AI Daily Summary');
    expect(findSubscriberByEmail(context.db, 'jane@example.com')).toMatchObject({ status: 'pending', name: 'Jane Doe', source: 'form' });

    const path = confirmPathOf(0);
    expect(message?.parsed.html).toContain(`href="${context.config.publicUrl}${path}"`);
    expect(message?.parsed.html).not.toMatch(/<script/i);

    // A GET, as a link scanner would make, only shows the button.
    const page = await fetch(baseUrl + path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`<form method="post" action="${path}">`);
    expect(findSubscriberByEmail(context.db, 'jane@example.com')?.status).toBe('pending');

    const confirm = await fetch(baseUrl + path, { method: 'POST' });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('You are subscribed');
    expect(findSubscriberByEmail(context.db, 'jane@example.com')?.status).toBe('confirmed');

    const again = await fetch(baseUrl + path, { method: 'POST' });
    expect(again.status).toBe(200);
  });

  test('same page for every address kind', async () => {
    addSubscriber(context.db, { email: 'known@example.com', confirmed: true });
    const gone = addSubscriber(context.db, { email: 'gone@example.com', confirmed: true }).subscriber;
    unsubscribe(context.db, gone.id);
    addSubscriber(context.db, { email: 'pending@example.com', confirmed: false });

    const answers = [];
    for (const email of ['new@example.com', 'known@example.com', 'gone@example.com', 'pending@example.com']) {
      const response = await postForm('/subscribe', { email });
      answers.push({ status: response.status, body: await response.text() });
    }

    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([200]));
    expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
    await settle();
    expect(sink.messages.map((message) => message.envelopeTo[0]).sort()).toEqual(['gone@example.com', 'new@example.com', 'pending@example.com']);
  });

  test('form cannot rename a known subscriber', async () => {
    addSubscriber(context.db, { email: 'jane@example.com', name: 'Jane', confirmed: true });
    await postForm('/subscribe', { email: 'JANE@example.com', name: 'Mallory' });
    await settle();
    expect(findSubscriberByEmail(context.db, 'jane@example.com')?.name).toBe('Jane');
    expect(sink.messages).toHaveLength(0);
  });

  test('unsubscribed person confirms again', async () => {
    const { subscriber } = addSubscriber(context.db, { email: 'jane@example.com', confirmed: true });
    unsubscribe(context.db, subscriber.id);

    await postForm('/subscribe', { email: 'jane@example.com' });
    await waitForMessages(1);
    expect(getSubscriber(context.db, subscriber.id)?.status).toBe('unsubscribed');

    const confirm = await fetch(baseUrl + confirmPathOf(0), { method: 'POST' });
    expect(confirm.status).toBe(200);
    expect(getSubscriber(context.db, subscriber.id)?.status).toBe('confirmed');
  });

  test('link older than an unsubscribe is rejected', async () => {
    await postForm('/subscribe', { email: 'jane@example.com' });
    await waitForMessages(1);
    const path = confirmPathOf(0);
    await fetch(baseUrl + path, { method: 'POST' });
    const id = findSubscriberByEmail(context.db, 'jane@example.com')?.id as number;
    context.db.prepare('UPDATE subscribers SET status = ?, unsubscribed_at = ? WHERE id = ?').run('unsubscribed', new Date(Date.now() + 5000).toISOString(), id);

    const response = await fetch(baseUrl + path, { method: 'POST' });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('older than your last unsubscribe');
    expect(getSubscriber(context.db, id)?.status).toBe('unsubscribed');
  });

  test('expired and tampered links get 4xx', async () => {
    const { subscriber } = addSubscriber(context.db, { email: 'jane@example.com', confirmed: false });
    const expired = signToken(context.secret, subscriber.id, 'confirm', new Date(Date.now() - 1000));
    const valid = signToken(context.secret, subscriber.id, 'confirm', new Date(Date.now() + 3600_000));
    const unsubscribeToken = signToken(context.secret, subscriber.id, 'unsubscribe');
    const unknown = signToken(context.secret, 999, 'confirm', new Date(Date.now() + 3600_000));

    for (const token of [expired, `${valid}x`, valid.replace(/\.[^.]+$/, '.AAAA'), unsubscribeToken, 'nonsense', '%E0%A4%A']) {
      const get = await fetch(`${baseUrl}/confirm/${token}`);
      const post = await fetch(`${baseUrl}/confirm/${token}`, { method: 'POST' });
      expect([token, get.status]).toEqual([token, 400]);
      expect([token, post.status]).toEqual([token, 400]);
    }
    expect((await fetch(`${baseUrl}/confirm/${unknown}`, { method: 'POST' })).status).toBe(404);
    expect(getSubscriber(context.db, subscriber.id)?.status).toBe('pending');
  });
});

describe('POST /subscribe checks', () => {
  test('invalid address shows the form again', async () => {
    const response = await postForm('/subscribe', { email: '<script>alert(1)</script>', name: '"><b>x' });
    const page = await response.text();

    expect(response.status).toBe(400);
    expect(page).toContain('This is not a valid email address');
    expect(page).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(page).toContain('value="&quot;&gt;&lt;b&gt;x"');
    expect(page).not.toContain('<script>alert');
  });

  test('empty address asks for one', async () => {
    const response = await postForm('/subscribe', { email: '' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Enter your email address.');
  });

  test('honeypot filled stores and sends nothing', async () => {
    const response = await postForm('/subscribe', { email: 'bot@example.com', website: 'https://spam.example' });

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Check your inbox');
    await settle();
    expect(findSubscriberByEmail(context.db, 'bot@example.com')).toBeUndefined();
    expect(sink.messages).toHaveLength(0);
  });

  test('per-address limit on confirmation emails', async () => {
    for (let attempt = 0; attempt < MAX_CONFIRMATIONS_PER_DAY + 2; attempt += 1) {
      expect((await postForm('/subscribe', { email: 'jane@example.com' })).status).toBe(200);
    }
    await settle();
    expect(sink.messages).toHaveLength(MAX_CONFIRMATIONS_PER_DAY);
  });

  test('per-client limit returns 429', async () => {
    const statuses = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      statuses.push((await postForm('/subscribe', { email: `reader${attempt}@example.com` })).status);
    }

    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses[10]).toBe(429);
  });

  test('SMTP rejection still returns 200', async () => {
    rejectRecipients = true;
    const response = await postForm('/subscribe', { email: 'jane@example.com' });
    expect(response.status).toBe(200);
    await settle();
    expect(sink.messages).toHaveLength(0);
    expect(findSubscriberByEmail(context.db, 'jane@example.com')?.status).toBe('pending');
  });
});

describe('error pages', () => {
  test('unknown path is a 404 page', async () => {
    const response = await fetch(`${baseUrl}/nowhere`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Page not found');
  });

  test('unexpected error is a generic 500 page', async () => {
    const other = await buildServer(context);
    other.get('/broken', async () => {
      throw new Error('database file is corrupt at /secret/path');
    });

    const otherUrl = await other.listen({ port: 0, host: '127.0.0.1' });
    const response = await fetch(`${otherUrl}/broken`);
    const page = await response.text();
    await other.close();

    expect(response.status).toBe(500);
    expect(page).toContain('Something went wrong');
    expect(page).not.toContain('/secret/path');
  });

  test('malformed form body is a 400 page', async () => {
    const response = await fetch(`${baseUrl}/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<h1>The request could not be processed</h1>');
  });
});

describeShared('shared case B19 through the form', () => {
  test('CRLF name reaches no header', async () => {
    const shared = JSON.parse(readCase('B19-crlf-display-name.json').toString('utf8')) as { subscriber: { name: string; address: string } };

    const response = await postForm('/subscribe', { email: shared.subscriber.address, name: shared.subscriber.name });
    expect(response.status).toBe(200);
    await waitForMessages(1);

    const message = sink.messages[0] as SmtpSink['messages'][number];
    const headerLines = message.raw.toString('utf8').split('\r\n\r\n')[0]?.split('\r\n') ?? [];
    expect(headerLines.filter((line) => /^to:/i.test(line))).toHaveLength(1);
    expect(headerLines.filter((line) => /^bcc:/i.test(line))).toEqual([]);
    expect(message.envelopeTo).toEqual(['jane@example.com']);
    expect(message.parsed.to).toMatchObject({ value: [{ address: 'jane@example.com', name: '' }] });
    expect(findSubscriberByEmail(context.db, 'jane@example.com')?.name).toBe('Jane Doe Bcc: someone@example.net');
  });
});

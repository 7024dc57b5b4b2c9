import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app';
import { getSubscriber } from '../../src/store/subscribers';
import { addSubscriber } from '../../src/subscriptions/list';
import { signToken, unsubscribeUrl } from '../../src/subscriptions/tokens';
import { createTestContext, type TestContext } from '../helpers/context';
import { describeShared, readCase } from '../helpers/shared';

let context: TestContext;
let app: FastifyInstance;
let baseUrl: string;

beforeEach(async () => {
  context = createTestContext();
  app = await buildServer(context);
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterEach(async () => {
  await app.close();
  context.cleanup();
});

function addJane(): number {
  return addSubscriber(context.db, { email: 'jane@example.com', name: 'Jane Doe', confirmed: true }).subscriber.id;
}

/** Build the path of a subscriber's unsubscribe URL, as the email carries it. */
function unsubscribePath(subscriberId: number): string {
  return new URL(unsubscribeUrl(context.config.publicUrl, context.secret, subscriberId)).pathname;
}

function oneClickPost(path: string, headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }, body = 'List-Unsubscribe=One-Click'): Promise<Response> {
  return fetch(baseUrl + path, { method: 'POST', headers, body });
}

describe('GET /u/:token', () => {
  test('shows one button and changes nothing', async () => {
    const id = addJane();
    const path = unsubscribePath(id);

    const response = await fetch(baseUrl + path);
    const page = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page).toContain(`<form method="post" action="${path}">`);
    expect(page).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(page.match(/<button/g)).toHaveLength(1);
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('name="viewport"');
    expect(getSubscriber(context.db, id)?.status).toBe('confirmed');
  });

  test('HEAD changes nothing', async () => {
    const id = addJane();
    const response = await fetch(baseUrl + unsubscribePath(id), { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(getSubscriber(context.db, id)?.status).toBe('confirmed');
  });

  test('says so when already unsubscribed', async () => {
    const id = addJane();
    await oneClickPost(unsubscribePath(id));

    const response = await fetch(baseUrl + unsubscribePath(id));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('already unsubscribed');
  });
});

describe('POST /u/:token', () => {
  test('one-click body unsubscribes with 200', async () => {
    const id = addJane();

    const response = await oneClickPost(unsubscribePath(id));

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('href="/subscribe"');
    expect(getSubscriber(context.db, id)?.status).toBe('unsubscribed');
  });

  test('repeated POST is harmless', async () => {
    const id = addJane();
    await oneClickPost(unsubscribePath(id));
    const firstTime = getSubscriber(context.db, id)?.unsubscribed_at;

    const again = await oneClickPost(unsubscribePath(id));

    expect(again.status).toBe(200);
    expect(getSubscriber(context.db, id)?.status).toBe('unsubscribed');
    expect(getSubscriber(context.db, id)?.unsubscribed_at).toBe(firstTime);
  });

  test('multipart one-click body unsubscribes', async () => {
    const id = addJane();
    const form = new FormData();
    form.append('List-Unsubscribe', 'One-Click');

    const response = await fetch(baseUrl + unsubscribePath(id), { method: 'POST', body: form });

    expect(response.status).toBe(200);
    expect(getSubscriber(context.db, id)?.status).toBe('unsubscribed');
  });

  test('page form post unsubscribes', async () => {
    const id = addJane();
    const page = await (await fetch(baseUrl + unsubscribePath(id))).text();
    const action = /action="([^"]+)"/.exec(page)?.[1] as string;

    const response = await oneClickPost(action);

    expect(response.status).toBe(200);
    expect(getSubscriber(context.db, id)?.status).toBe('unsubscribed');
  });

  test('bounced subscriber stays bounced', async () => {
    const id = addJane();
    context.db.prepare("UPDATE subscribers SET status = 'bounced' WHERE id = ?").run(id);

    const response = await oneClickPost(unsubscribePath(id));

    expect(response.status).toBe(200);
    expect(getSubscriber(context.db, id)?.status).toBe('bounced');
  });
});

describe('invalid unsubscribe links', () => {
  test('100 tampered tokens all get 4xx', async () => {
    const id = addJane();
    const token = signToken(context.secret, id, 'unsubscribe');
    const tampered = tamperedTokens(token, 100);
    expect(new Set(tampered).size).toBe(100);

    const answers = [];
    for (const bad of tampered) {
      const path = `/u/${bad}`;
      const [get, post] = await Promise.all([fetch(baseUrl + path), oneClickPost(path)]);
      answers.push({ bad, get: get.status, post: post.status, page: (await post.text()).includes('<h1>') });
    }

    const wrong = answers.filter((answer) => answer.get < 400 || answer.get >= 500 || answer.post < 400 || answer.post >= 500 || !answer.page);
    expect(wrong).toEqual([]);
    expect(getSubscriber(context.db, id)?.status).toBe('confirmed');
  });

  test('confirm token is rejected', async () => {
    const id = addJane();
    const response = await oneClickPost(`/u/${signToken(context.secret, id, 'confirm', new Date(Date.now() + 3600_000))}`);
    expect(response.status).toBe(400);
    expect(getSubscriber(context.db, id)?.status).toBe('confirmed');
  });

  test('invalid page says what to do', async () => {
    const response = await fetch(`${baseUrl}/u/not-a-token`);
    const page = await response.text();
    expect(response.status).toBe(400);
    expect(page).toContain('This unsubscribe link is not valid');
    expect(page).toContain('mailto:unsubscribe@localhost');
  });

  test('unknown subscriber gets 404', async () => {
    const response = await oneClickPost(unsubscribePath(4242));
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Subscription not found');
  });

  test('unsupported body type is 4xx', async () => {
    const id = addJane();
    const response = await oneClickPost(unsubscribePath(id), { 'content-type': 'application/xml' }, '<x/>');
    expect(response.status).toBe(415);
    expect(getSubscriber(context.db, id)?.status).toBe('confirmed');
  });
});

describeShared('shared case B21 over HTTP', () => {
  test('GET shows a page, one-click POST unsubscribes', async () => {
    const shared = JSON.parse(readCase('B21-list-unsubscribe.json').toString('utf8')) as {
      subscriber: { name: string; address: string };
    };
    const { subscriber } = addSubscriber(context.db, { email: shared.subscriber.address, name: shared.subscriber.name, confirmed: true });
    const path = unsubscribePath(subscriber.id);

    const get = await fetch(baseUrl + path);
    expect(get.status).toBe(200);
    expect(await get.text()).toContain('Unsubscribe');
    expect(getSubscriber(context.db, subscriber.id)?.status).toBe('confirmed');

    const post = await oneClickPost(path);
    expect(post.status).toBe(200);
    expect(getSubscriber(context.db, subscriber.id)?.status).toBe('unsubscribed');
  });
});

/** Distinct corruptions of a valid token: flipped characters, cuts, swapped ids, odd encodings. */
function tamperedTokens(token: string, count: number): string[] {
  const [id, expiry, signature] = token.split('.') as [string, string, string];
  const candidates = new Set<string>([
    '',
    'x',
    '..',
    `${id}.${expiry}`,
    `${id}.${expiry}.`,
    `${id}..${signature}`,
    `.${expiry}.${signature}`,
    `${token}.extra`,
    `${token}=`,
    `${(parseInt(id, 36) + 1).toString(36)}.${expiry}.${signature}`,
    `0.${expiry}.${signature}`,
    `${id}.zzzzzz.${signature}`,
    `${id}.${expiry}.${signature.slice(0, -1)}`,
    `${id}.${expiry}.${signature}A`,
    `${id.toUpperCase()}X.${expiry}.${signature}`,
    encodeURIComponent('%'),
    '%E0%A4%A',
    '%00',
    encodeURIComponent('<script>alert(1)</script>'),
    encodeURIComponent("' OR 1=1 --"),
    'a'.repeat(95),
    'a'.repeat(300),
  ]);

  // Replace each signature character with another one until there are enough.
  for (let index = 0; candidates.size < count; index += 1) {
    const position = index % signature.length;
    const original = signature[position] as string;
    const replacement = original === 'A' ? 'B' : 'A';
    const changed = signature.slice(0, position) + replacement + signature.slice(position + 1);
    candidates.add(`${id}.${expiry}.${changed}${index >= signature.length ? '-'.repeat(Math.floor(index / signature.length)) : ''}`);
  }
  return [...candidates].slice(0, count);
}

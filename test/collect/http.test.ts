import zlib from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectFeeds } from '../../src/collect/collect';
import { parseRetryAfter } from '../../src/collect/http';
import { findFeedByUrl, getFeed, type CollectFeedRow } from '../../src/store/feeds';
import type { TestContext } from '../helpers/context';
import { startHttpServer, type TestServer } from '../helpers/http-server';
import { describeShared, readCase } from '../helpers/shared';
import { createContextWithConfig, rssFeed } from './context';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

describe('collect over loopback HTTP', () => {
  let context: TestContext;
  let server: TestServer | null = null;

  const serve = async (handler: Handler) => {
    server = await startHttpServer(handler);
    return server.url;
  };

  beforeEach(() => {
    context = createContextWithConfig('collect:\n  timeoutSeconds: 1\n  connectTimeoutSeconds: 1\n  maxBytes: 100000\n');
  });

  afterEach(async () => {
    await server?.close();
    server = null;
    context.cleanup();
  });

  test('304 answer skips parsing', async () => {
    const requests: (string | undefined)[] = [];
    const url = await serve((request, response) => {
      requests.push(request.headers['if-none-match'] as string | undefined);
      if (request.headers['if-none-match'] === '"v1"') {
        response.writeHead(304).end();
        return;
      }
      response.writeHead(200, { etag: '"v1"', 'last-modified': 'Tue, 04 Jun 2024 08:00:00 GMT', 'content-type': 'application/rss+xml' });
      response.end(rssFeed(['First story about conditional requests']));
    });

    const first = await collectFeeds(context, { sources: [`${url}/feed`] });
    const second = await collectFeeds(context, { sources: [`${url}/feed`] });

    expect(first.feeds[0]!.status).toBe('ok');
    expect(second.feeds[0]!.status).toBe('not-modified');
    expect(second.feedsOk).toBe(1);
    expect(requests).toEqual([undefined, '"v1"']);
    expect(findFeedByUrl(context.db, `${url}/feed`)!.last_modified).toBe('Tue, 04 Jun 2024 08:00:00 GMT');
  });

  test('410 disables the feed', async () => {
    const url = await serve((_request, response) => response.writeHead(410).end('gone'));
    const report = await collectFeeds(context, { sources: [`${url}/gone`] });

    expect(report.feedsFailed).toBe(1);
    expect(report.feeds[0]!.error).toMatch(/410 Gone/);
    const feed = findFeedByUrl(context.db, `${url}/gone`)!;
    expect(feed.enabled).toBe(0);
    expect(feed.disabled_reason).toBe('HTTP 410 Gone');

    const again = await collectFeeds(context, { sources: [`${url}/gone`] });
    expect(again.feeds[0]!.status).toBe('skipped');
  });

  test('301 then relative 302 followed', async () => {
    const url = await serve((request, response) => {
      if (request.url === '/old') response.writeHead(301, { location: `${server!.url}/new.xml` }).end();
      else if (request.url === '/new.xml') response.writeHead(302, { location: '/final.xml' }).end();
      else response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(['Moved feed item']));
    });

    const report = await collectFeeds(context, { sources: [`${url}/old`] });

    expect(report.itemsNew).toBe(1);
    const feed = getFeed(context.db, report.feeds[0]!.feedId!) as CollectFeedRow;
    expect(feed.url).toBe(`${url}/new.xml`);
    expect(feed.final_url).toBe(`${url}/final.xml`);
    expect(report.feeds[0]!.url).toBe(`${url}/new.xml`);
  });

  test('old URL finds the moved feed', async () => {
    const url = await serve((request, response) => {
      if (request.url === '/old') response.writeHead(308, { location: '/new' }).end();
      else response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(['Story of a permanently moved feed']));
    });

    await collectFeeds(context, { sources: [`${url}/old`] });
    const second = await collectFeeds(context, { sources: [`${url}/old`] });

    expect(second.feeds[0]!.url).toBe(`${url}/new`);
    expect(context.db.prepare('SELECT url, moved_from FROM feeds').all()).toEqual([{ url: `${url}/new`, moved_from: `${url}/old` }]);
  });

  test('302 keeps the stored URL', async () => {
    const url = await serve((request, response) => {
      if (request.url === '/feed') response.writeHead(302, { location: '/elsewhere' }).end();
      else response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(['Temporarily moved story item']));
    });
    const report = await collectFeeds(context, { sources: [`${url}/feed`] });
    expect(getFeed(context.db, report.feeds[0]!.feedId!)!.url).toBe(`${url}/feed`);
  });

  test('redirect loop stops after five hops', async () => {
    let hops = 0;
    const url = await serve((request, response) => {
      hops += 1;
      response.writeHead(302, { location: `/loop${hops}` }).end();
    });
    const report = await collectFeeds(context, { sources: [`${url}/loop`] });
    expect(report.feeds[0]!.error).toMatch(/more than 5 redirects/);
    expect(hops).toBe(6);
  });

  test('redirect to file: rejected', async () => {
    const url = await serve((_request, response) => response.writeHead(301, { location: 'file:///etc/hostname' }).end());
    const report = await collectFeeds(context, { sources: [`${url}/feed`] });
    expect(report.feeds[0]!.error).toContain('not an http(s) URL');
    expect(findFeedByUrl(context.db, `${url}/feed`)).toBeDefined();
  });

  test('gzip body decompressed', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/rss+xml; charset=utf-8' });
      response.end(zlib.gzipSync(rssFeed(['Compressed story about gzip'])));
    });
    const report = await collectFeeds(context, { sources: [`${url}/feed`] });
    expect(report.itemsNew).toBe(1);
  });

  test('silent server times out', async () => {
    const url = await serve(() => undefined);
    const report = await collectFeeds(context, { sources: [`${url}/slow`] });
    expect(report.feeds[0]!.status).toBe('failed');
    expect(report.feeds[0]!.error).toMatch(/timed out|no answer/);
    expect(report.feeds[0]!.durationMs).toBeLessThan(5000);
  });

  test('endless body hits size cap', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(16 * 1024, 'a');
      const write = () => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', write);
      };
      write();
    });
    const report = await collectFeeds(context, { sources: [`${url}/endless`] });
    expect(report.feeds[0]!.error).toMatch(/over the limit of 100000 bytes/);
  });

  test('429 honours Retry-After', async () => {
    const url = await serve((_request, response) => response.writeHead(429, { 'retry-after': '7200' }).end());
    const now = new Date('2024-06-04T08:00:00Z');
    const report = await collectFeeds(context, { sources: [`${url}/busy`], now });

    expect(report.feeds[0]!.error).toMatch(/HTTP 429/);
    const feed = findFeedByUrl(context.db, `${url}/busy`)!;
    expect(feed.failure_count).toBe(1);
    expect(new Date(feed.next_attempt_at!).getTime()).toBeGreaterThanOrEqual(now.getTime() + 7200 * 1000 - 5000);

    const later = await collectFeeds(context, { sources: [`${url}/busy`], now: new Date('2024-06-04T09:00:00Z') });
    expect(later.feeds[0]!.status).toBe('skipped');
  });

  test('failures back off exponentially', async () => {
    const url = await serve((_request, response) => response.writeHead(500).end());
    let now = new Date('2024-06-04T08:00:00Z');
    const waits: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await collectFeeds(context, { sources: [`${url}/broken`], now });
      const next = new Date(findFeedByUrl(context.db, `${url}/broken`)!.next_attempt_at!);
      waits.push((next.getTime() - now.getTime()) / 60_000);
      now = next;
    }
    expect(waits).toEqual([30, 60, 120]);
    expect(findFeedByUrl(context.db, `${url}/broken`)!.failure_count).toBe(3);
  });

  test('HTML page is rejected with a hint', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>Blog</body></html>');
    });
    const report = await collectFeeds(context, { sources: [`${url}/blog`] });
    expect(report.feeds[0]!.error).toContain('HTML page');
    expect(report.feeds[0]!.error).toContain(`${url}/feed.xml`);
  });

  test('User-Agent names the product', async () => {
    let userAgent = '';
    const url = await serve((request, response) => {
      userAgent = request.headers['user-agent'] ?? '';
      response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(['A story about user agents']));
    });
    await collectFeeds(context, { sources: [`${url}/feed`] });
    expect(userAgent).toMatch(/^ai-daily-summary\/[\d.]+ \(\+http:\/\/127\.0\.0\.1:8787\)$/);
  });

  test('per-host concurrency bounded', async () => {
    let active = 0;
    let maxActive = 0;
    const url = await serve((_request, response) => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      setTimeout(() => {
        active -= 1;
        response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed([]));
      }, 50);
    });
    const sources = Array.from({ length: 8 }, (_, index) => `${url}/feed${index}`);
    const report = await collectFeeds(context, { sources });
    expect(report.feedsOk).toBe(8);
    expect(maxActive).toBe(2);
  });
});

describeShared('shared HTTP cases', () => {
  let context: TestContext;
  let server: TestServer | null = null;

  beforeEach(() => {
    context = createContextWithConfig('{}\n');
  });

  afterEach(async () => {
    await server?.close();
    context.cleanup();
  });

  test('B11 redirect chain', async () => {
    const exchange = JSON.parse(readCase('B11-redirect-chain.http.json').toString('utf8')) as {
      responses: { request: string; status: number; headers: Record<string, string>; body: string }[];
    };
    // The case's hosts map onto the loopback server: each response is served at its request's path.
    const byPath = new Map(exchange.responses.map((entry) => [new URL(entry.request.split(' ')[1]!).pathname, entry]));
    server = await startHttpServer((request, response) => {
      const entry = byPath.get(request.url ?? '')!;
      const headers = { ...entry.headers };
      if (headers.Location && /^https?:/.test(headers.Location)) headers.Location = server!.url + new URL(headers.Location).pathname;
      response.writeHead(entry.status, headers).end(entry.body);
    });

    const report = await collectFeeds(context, { sources: [`${server.url}/old`] });

    expect(context.db.prepare('SELECT title FROM items').pluck().all()).toEqual(['Moved feed item']);
    const feed = getFeed(context.db, report.feeds[0]!.feedId!) as CollectFeedRow;
    expect(feed.final_url).toBe(`${server.url}/final.xml`);
    expect(feed.url).toBe(`${server.url}/new.xml`);
  });

  test('B12 gzip body', async () => {
    server = await startHttpServer((_request, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/rss+xml; charset=utf-8' }).end(readCase('B12-gzip-body.rss.xml.gz'));
    });
    const report = await collectFeeds(context, { sources: [`${server.url}/feed`] });
    expect(report.feedsFailed).toBe(0);
    expect(context.db.prepare('SELECT title FROM items').pluck().all()).toEqual(['Compressed item']);
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2024-06-04T08:00:00Z');

  test('delay in seconds', () => {
    expect(parseRetryAfter('120', now)).toEqual(new Date('2024-06-04T08:02:00Z'));
  });

  test('HTTP date', () => {
    expect(parseRetryAfter('Tue, 04 Jun 2024 09:00:00 GMT', now)).toEqual(new Date('2024-06-04T09:00:00Z'));
  });

  test.each([null, '', 'soon'])('%s is null', (value) => {
    expect(parseRetryAfter(value, now)).toBeNull();
  });
});

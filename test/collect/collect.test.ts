import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { collectFeeds } from '../../src/collect/collect';
import { findFeedByUrl, listFeeds, upsertFeed } from '../../src/store/feeds';
import { listItemSources } from '../../src/store/items';
import { createTestContext, type TestContext } from '../helpers/context';
import { startFeedServer, type TestServer } from '../helpers/http-server';
import { AI_FEED_FILES, describeShared, REAL_FEEDS_DIR } from '../helpers/shared';
import { createContextWithConfig, rssFeed } from './context';

describe('collectFeeds', () => {
  let context: TestContext;
  let folder: string;

  beforeEach(() => {
    context = createTestContext();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ads-feeds-'));
  });

  afterEach(() => {
    context.cleanup();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const writeFeed = (name: string, body: string) => {
    fs.writeFileSync(path.join(folder, name), body);
    return path.join(folder, name);
  };

  test('folder of files stored once', async () => {
    writeFeed('a.xml', rssFeed(['First story of feed A here', 'Second story of feed A here']));
    writeFeed('README.md', '# not a feed');
    const now = new Date('2024-06-04T09:00:00Z');

    const first = await collectFeeds(context, { sources: [folder], now });
    const second = await collectFeeds(context, { sources: [folder], now });

    expect(first).toEqual(expect.objectContaining({ feedsOk: 1, feedsFailed: 0, itemsNew: 2 }));
    expect(first.feeds[0]!.url).toBe(pathToFileURL(path.join(folder, 'a.xml')).href);
    expect(second.itemsNew).toBe(0);
    expect(second.feeds[0]!.itemsSeen).toBe(2);
    expect(context.db.prepare('SELECT DISTINCT first_seen_at FROM items').pluck().all()).toEqual(['2024-06-04T09:00:00.000Z']);
  });

  test('failing feed does not stop others', async () => {
    const good = writeFeed('good.xml', rssFeed(['A perfectly fine story here']));
    const bad = writeFeed('bad.xml', '{"not": "a feed"}');
    const report = await collectFeeds(context, { sources: [bad, path.join(folder, 'missing.xml'), good] });

    expect(report.feedsOk).toBe(1);
    expect(report.feedsFailed).toBe(2);
    expect(report.itemsNew).toBe(1);
    const failed = report.feeds.filter((feed) => feed.status === 'failed');
    expect(failed.map((feed) => feed.error)).toEqual([expect.stringContaining('missing.xml'), expect.stringContaining('bad.xml')]);
    expect(findFeedByUrl(context.db, pathToFileURL(bad).href)!.failure_count).toBe(1);
    expect(findFeedByUrl(context.db, pathToFileURL(bad).href)!.next_attempt_at).toBeNull();
  });

  test('same story from two feeds kept once', async () => {
    const a = writeFeed('a.xml', rssFeed(['Shared story about model releases'], { channel: 'A', linkBase: 'https://news.example.com/s' }));
    const b = writeFeed('b.xml', rssFeed(['Shared story about model releases'], { channel: 'B', linkBase: 'http://www.news.example.com/s' }));
    const report = await collectFeeds(context, { sources: [a, b] });

    expect(report.itemsNew).toBe(1);

    // Feeds are fetched concurrently, so either one may store the item first.
    const item = context.db.prepare('SELECT id, feed_id, link FROM items').get() as { id: number; feed_id: number; link: string };
    const feedA = findFeedByUrl(context.db, pathToFileURL(a).href)!;
    const feedB = findFeedByUrl(context.db, pathToFileURL(b).href)!;
    const links = new Map([
      [feedA.id, 'https://news.example.com/s/1'],
      [feedB.id, 'http://www.news.example.com/s/1'],
    ]);
    const otherFeedId = item.feed_id === feedA.id ? feedB.id : feedA.id;
    expect(item.link).toBe(links.get(item.feed_id));
    expect(listItemSources(context.db, item.id)).toEqual([expect.objectContaining({ feed_id: otherFeedId, link: links.get(otherFeedId) })]);
  });

  test('near-identical titles grouped', async () => {
    const a = writeFeed('a.xml', rssFeed(['OpenAI releases a new reasoning model'], { linkBase: 'https://one.example/p' }));
    const b = writeFeed('b.xml', rssFeed(['OpenAI Releases a New Reasoning Model!'], { linkBase: 'https://two.example/q' }));
    const now = new Date('2024-06-04T09:00:00Z');

    const first = await collectFeeds(context, { sources: [a, b], now });
    expect(first.itemsNew).toBe(1);

    // After the 48-hour title window the alias still matches the second feed's item.
    const later = await collectFeeds(context, { sources: [b], now: new Date('2024-06-10T09:00:00Z') });
    expect(later.itemsNew).toBe(0);
    expect(context.db.prepare('SELECT count(*) FROM item_sources').pluck().get()).toBe(1);
  });

  test('unrelated short titles not grouped', async () => {
    const a = writeFeed('a.xml', rssFeed(['Weekly update'], { linkBase: 'https://one.example/p' }));
    const b = writeFeed('b.xml', rssFeed(['Weekly update'], { linkBase: 'https://two.example/q' }));
    expect((await collectFeeds(context, { sources: [a, b] })).itemsNew).toBe(2);
  });

  test('table feeds without sources', async () => {
    const file = writeFeed('a.xml', rssFeed(['Story from the feed table']));
    upsertFeed(context.db, { url: pathToFileURL(file).href });
    const report = await collectFeeds(context);
    expect(report.itemsNew).toBe(1);
  });

  test('empty channel is ok', async () => {
    const file = writeFeed('empty.xml', rssFeed([]));
    const report = await collectFeeds(context, { sources: [file] });
    expect(report.feeds[0]).toEqual(expect.objectContaining({ status: 'ok', itemsNew: 0, error: null }));
  });
});

describe('collectFeeds with config feeds', () => {
  test('config feeds synced and collected', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ads-config-feeds-'));
    const file = path.join(folder, 'configured.xml');
    fs.writeFileSync(file, rssFeed(['Configured feed story here']));
    const context = createContextWithConfig(`feeds:\n  - url: ${file}\n    title: Configured\n    tags: [research]\n`);
    try {
      const report = await collectFeeds(context);
      expect(report.itemsNew).toBe(1);
      const [feed] = listFeeds(context.db);
      expect(feed).toEqual(expect.objectContaining({ url: pathToFileURL(file).href, title: 'Configured', tags: '["research"]' }));
    } finally {
      context.cleanup();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

describeShared('collectFeeds on the real corpus', () => {
  let context: TestContext;
  let server: TestServer;

  beforeAll(async () => {
    server = await startFeedServer(REAL_FEEDS_DIR);
  });

  afterAll(() => server.close());

  beforeEach(() => {
    context = createTestContext();
  });

  afterEach(() => context.cleanup());

  test('seven AI feeds over HTTP', async () => {
    const report = await collectFeeds(context, { sources: AI_FEED_FILES.map((file) => `${server.url}/${file}`) });
    expect(report.feedsFailed).toBe(0);
    expect(report.feedsOk).toBe(7);
    expect(report.itemsNew).toBeGreaterThan(900);
    const dump = context.db.prepare("SELECT count(*) FROM items WHERE title LIKE '%\uFFFD%' OR published_at = 'Invalid Date'").pluck().get();
    expect(dump).toBe(0);
  });

  test('whole folder without a crash', async () => {
    const report = await collectFeeds(context, { sources: [REAL_FEEDS_DIR] });
    expect(report.feedsFailed).toBe(0);
    expect(report.feeds).toHaveLength(40);
  });
});

import { collectFeeds } from '../../src/collect/collect';
import { parseFeed } from '../../src/collect/parse';
import { createTestContext, type TestContext } from '../helpers/context';
import { startHttpServer, type TestServer } from '../helpers/http-server';
import { describeShared, readCase } from '../helpers/shared';

function parseCase(name: string) {
  return parseFeed({ bytes: readCase(name), url: `https://example.com/${name}` });
}

describeShared('shared feed cases', () => {
  test('B01 ISO-8859-1 title decodes', async () => {
    const { items } = await parseCase('B01-iso-8859-1-title.rss.xml');
    expect(items).toHaveLength(1);
    expect(items[0]!.title).toBe('Café crème à la façon de Jane Doe');
    expect(items[0]!.title).not.toMatch(/\uFFFD|Ã/);
  });

  test('B02 windows-1252 bytes 0x80-0x9F', async () => {
    const { items } = await parseCase('B02-windows-1252-title.rss.xml');
    expect(items).toHaveLength(1);
    expect(items[0]!.title).toBe('\u201CSmart\u201D quotes, \u20AC 9.99 \u2013 Jane\u2019s pick');
  });

  test('B04 content:encoded wins over description', async () => {
    const [item] = (await parseCase('B04-content-encoded-escaped.rss.xml')).items;
    expect(item!.html).toBe('<p>Full <b>body</b> text.</p>');
    expect(item!.text).toBe('Full body text.');
    expect(item!.summary).toBe('Short teaser.');
    expect(item!.guid).toBe('item-0004');
    expect(item!.author).toBe('Jane Doe');
  });

  test('B05 CDATA title entities decoded once', async () => {
    const [item] = (await parseCase('B05-cdata-title-entities.rss.xml')).items;
    expect(item!.title).toBe('Jane\u2019s notes & links \u2014 part 2');
    expect(item!.title).not.toContain('&#8217;');
  });

  test('B07 Atom alternate link beats self', async () => {
    const parsed = await parseCase('B07-atom-self-before-alternate.atom.xml');
    expect(parsed.items[0]!.link).toBe('https://example.com/posts/logistic-intro');
    expect(parsed.feed.link).toBe('https://example.com/');
  });

  test('B09 localized date is null', async () => {
    const { items } = await parseCase('B09-localized-pubdate.rss.xml');
    expect(items).toHaveLength(2);
    expect(items.find((item) => item.title === 'Standard date item')!.published).toBe('2023-10-23T12:10:00.000Z');
    expect(items.find((item) => item.title === 'Localized date item')!.published).toBeNull();
  });

  test('B13 UTF-8 BOM is skipped', async () => {
    const parsed = await parseCase('B13-utf8-bom.rss.xml');
    expect(parsed.feed.title).toBe('Feed with BOM');
    expect(parsed.items).toHaveLength(1);
    expect(parsed.items[0]!.title).toBe('First item after BOM');
  });

  test('B14 first image enclosure, else null', async () => {
    const { items } = await parseCase('B14-enclosures-and-missing-media.rss.xml');
    expect(items).toHaveLength(2);
    expect(items.find((item) => item.title === 'Item with two enclosures')!.image).toBe('https://example.com/img/cover.jpg');
    expect(items.find((item) => item.title === 'Item with no media at all')!.image).toBeNull();
  });
});

describeShared('shared feed cases over HTTP and the store', () => {
  let context: TestContext;
  let server: TestServer | null = null;

  beforeEach(() => {
    context = createTestContext();
  });

  afterEach(async () => {
    await server?.close();
    server = null;
    context.cleanup();
  });

  test('B01 same title over HTTP without charset', async () => {
    server = await startHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(readCase('B01-iso-8859-1-title.rss.xml'));
    });
    await collectFeeds(context, { sources: [`${server.url}/feed`] });
    expect(context.db.prepare('SELECT title FROM items').pluck().all()).toEqual(['Café crème à la façon de Jane Doe']);
  });

  test('B09 stores null date, never Invalid Date', async () => {
    server = await startHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(readCase('B09-localized-pubdate.rss.xml'));
    });
    const now = new Date('2024-01-01T00:00:00Z');
    const report = await collectFeeds(context, { sources: [`${server.url}/feed`], now });
    expect(report.itemsNew).toBe(2);

    const rows = context.db.prepare('SELECT title, published_at, first_seen_at FROM items ORDER BY id').all() as { title: string; published_at: string | null; first_seen_at: string }[];
    expect(rows.find((row) => row.title === 'Localized date item')!.published_at).toBeNull();
    expect(rows.find((row) => row.title === 'Localized date item')!.first_seen_at).toBe('2024-01-01T00:00:00.000Z');
    const dump = JSON.stringify(context.db.prepare('SELECT * FROM items').all());
    expect(dump).not.toMatch(/Invalid Date|NaN/);
  });

  test('B26 guid scheme change stored once', async () => {
    const fetches = (JSON.parse(readCase('B26-guid-scheme-change.fetches.json').toString('utf8')) as { fetches: { fetched_at: string; body: string }[] }).fetches;
    let body = fetches[0]!.body;
    server = await startHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
    });
    const url = `${server.url}/feeds/news/`;

    const first = await collectFeeds(context, { sources: [url], now: new Date(fetches[0]!.fetched_at) });
    body = fetches[1]!.body;
    const second = await collectFeeds(context, { sources: [url], now: new Date(fetches[1]!.fetched_at) });

    expect(first.itemsNew).toBe(1);
    expect(second.itemsNew).toBe(0);
    expect(context.db.prepare('SELECT count(*) FROM items').pluck().get()).toBe(1);
  });
});

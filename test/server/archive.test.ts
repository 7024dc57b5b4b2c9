import { XMLParser } from 'fast-xml-parser';
import type { FastifyInstance } from 'fastify';
import Parser from 'rss-parser';
import { parseFeed } from '../../src/collect/parse';
import { buildServer } from '../../src/server/app';
import { createTestContext, type TestContext } from '../helpers/context';
import { fetchText, insertFixtureIssue, type FixtureIssue } from './admin-fixtures';

describe('public archive', () => {
  let context: TestContext;
  let app: FastifyInstance;
  let baseUrl: string;
  let sent: FixtureIssue;
  let older: FixtureIssue;
  let draft: FixtureIssue;

  beforeAll(async () => {
    context = createTestContext();
    older = insertFixtureIssue(context.db, { status: 'sent', issueDate: '2026-12-01', sentAt: '2026-12-01T07:00:00.000Z' });
    sent = insertFixtureIssue(context.db, { status: 'sent', issueDate: '2026-12-02', sentAt: '2026-12-02T07:00:00.000Z' });
    draft = insertFixtureIssue(context.db, { status: 'draft', issueDate: '2026-12-03' });
    app = await buildServer(context);
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await app.close();
    context.cleanup();
  });

  test('list shows sent issues only', async () => {
    const response = await fetchText(baseUrl + '/archive');

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('href="/archive/2026-12-02"');
    expect(response.body).toContain('href="/archive/2026-12-01"');
    expect(response.body).not.toContain('2026-12-03');
    expect(response.body.indexOf('2026-12-02')).toBeLessThan(response.body.indexOf('2026-12-01'));
  });

  test('web version lists every source', async () => {
    const response = await fetchText(baseUrl + '/archive/2026-12-02');

    expect(response.statusCode).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    sent.itemIds.forEach((id, index) => {
      const link = context.db.prepare('SELECT link FROM items WHERE id = ?').pluck().get(id) as string;
      expect(response.body).toContain(`<li id="source-${index + 1}"><a href="${link}">`);
    });
    expect(response.body).toContain('Agents &lt;b&gt;in&lt;/b&gt; production');
    expect(response.body).not.toContain('<b>in</b>');
    expect(response.body).toContain('Conclusion');
    expect(response.body).toContain('Top sources');
  });

  test('draft date returns 404', async () => {
    const response = await fetchText(baseUrl + '/archive/2026-12-03');
    expect(response.statusCode).toBe(404);
    expect(draft.issueId).toBeGreaterThan(0);
  });

  test('malformed date returns 404', async () => {
    const response = await fetchText(baseUrl + '/archive/not-a-date');
    expect(response.statusCode).toBe(404);
  });

  test('markdown export has the summary structure', async () => {
    const response = await fetchText(baseUrl + '/archive/2026-12-02.md');
    const markdown = response.body;

    expect(response.statusCode).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/markdown');
    expect(markdown).toMatch(/^# AI Daily Summary: 2026-12-02$/m);
    expect(markdown).toMatch(/^## 1\. Models get smaller$/m);
    expect(markdown).toMatch(/^## 2\. Agents \\<b\\>in\\<\/b\\> production$/m);
    expect(markdown).toContain('**Key items**');
    expect(markdown).toMatch(/^## Conclusion$/m);
    expect(markdown).toMatch(/^## Top sources$/m);
    expect(markdown).toMatch(/^## Sources$/m);
    expect(markdown).toContain('Labs released compact models for phones. [1]');
    expect(markdown.indexOf('## Conclusion')).toBeLessThan(markdown.indexOf('## Top sources'));
    expect(markdown.indexOf('## Top sources')).toBeLessThan(markdown.indexOf('## Sources'));
    expect(markdown).toContain(`[Cited story 1 & more](<https://news.example.com/`);
  });

  test('rss has the required RSS 2.0 elements', async () => {
    const response = await fetchText(baseUrl + '/archive.rss');
    const document = new XMLParser({ ignoreAttributes: false }).parse(response.body);
    const channel = document.rss.channel;
    const items = Array.isArray(channel.item) ? channel.item : [channel.item];

    expect(response.statusCode).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/rss+xml');
    expect(document.rss['@_version']).toBe('2.0');
    expect(channel.title).toBe('AI Daily Summary');
    expect(channel.link).toBe('http://127.0.0.1:8787/archive');
    expect(typeof channel.description).toBe('string');
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(item.title).toBeTruthy();
      expect(item.link).toMatch(/^http:\/\/127\.0\.0\.1:8787\/archive\/2026-12-0[12]$/);
      expect(item.guid['#text']).toBe(item.link);
      expect(item.pubDate).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      expect(item.description).toContain('<h2>');
    }
  });

  test('rss parses back with rss-parser', async () => {
    const response = await fetchText(baseUrl + '/archive.rss');
    const feed = await new Parser().parseString(response.body);

    expect(feed.title).toBe('AI Daily Summary');
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]?.link).toBe('http://127.0.0.1:8787/archive/2026-12-02');
    expect(feed.items[0]?.isoDate).toBe('2026-12-02T07:00:00.000Z');
    expect(feed.items[0]?.content).toContain('Models get smaller');
    expect(feed.items[1]?.link).toBe('http://127.0.0.1:8787/archive/2026-12-01');
    expect(older.issueId).toBeGreaterThan(0);
  });

  test('rss parses back with the collector', async () => {
    const response = await fetchText(baseUrl + '/archive.rss');
    const parsed = await parseFeed({ bytes: Buffer.from(response.body), url: 'http://127.0.0.1:8787/archive.rss', contentType: 'application/rss+xml; charset=utf-8' });

    expect(parsed.feed.format).toBe('rss2');
    expect(parsed.feed.title).toBe('AI Daily Summary');
    expect(parsed.items).toHaveLength(2);
    expect(parsed.items[0]?.link).toBe('http://127.0.0.1:8787/archive/2026-12-02');
    expect(parsed.items[0]?.published).toBe('2026-12-02T07:00:00.000Z');
    expect(parsed.items[0]?.text).toContain('Labs released compact models for phones.');
    expect(parsed.items[0]?.text).not.toContain('<h2>');
  });
});

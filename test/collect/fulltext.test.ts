import { collectFeeds } from '../../src/collect/collect';
import { upsertFeed } from '../../src/store/feeds';
import { createTestContext, type TestContext } from '../helpers/context';
import { startHttpServer, type TestServer } from '../helpers/http-server';

const ARTICLE = `<!DOCTYPE html><html><head><title>Article</title></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h1>Big launch</h1>
${Array.from({ length: 8 }, (_, index) => `<p>Paragraph ${index + 1} of the article explains the launch in detail, with enough words for Readability to keep it as main content.</p>`).join('\n')}
<script>alert(1)</script></article>
<footer>Copyright</footer></body></html>`;

describe('full-text option', () => {
  let context: TestContext;
  let server: TestServer;

  beforeEach(async () => {
    context = createTestContext();
    server = await startHttpServer((request, response) => {
      if (request.url === '/feed') {
        response.writeHead(200, { 'content-type': 'application/rss+xml' });
        response.end(`<rss version="2.0"><channel><title>Teasers</title><link>${server.url}/</link>
<item><title>Big launch teaser item</title><link>${server.url}/article</link><description>Short teaser.</description></item>
<item><title>Missing page teaser item</title><link>${server.url}/missing</link><description>Another teaser.</description></item>
</channel></rss>`);
      } else if (request.url === '/article') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ARTICLE);
      } else {
        response.writeHead(404).end();
      }
    });
  });

  afterEach(async () => {
    await server.close();
    context.cleanup();
  });

  test('teaser replaced by page text', async () => {
    upsertFeed(context.db, { url: `${server.url}/feed`, fullText: true });
    const report = await collectFeeds(context, { sources: [`${server.url}/feed`] });
    expect(report.itemsNew).toBe(2);

    const rows = context.db.prepare('SELECT title, text, html, text_source FROM items ORDER BY id').all() as { title: string; text: string; html: string; text_source: string }[];
    expect(rows[0]!.text_source).toBe('page');
    expect(rows[0]!.text).toContain('Paragraph 8 of the article');
    expect(rows[0]!.text).toContain('\n\n');
    expect(rows[0]!.html).not.toContain('<script');
    expect(rows[1]!).toEqual(expect.objectContaining({ text_source: 'feed', text: 'Another teaser.' }));
  });

  test('feeds without the option keep teasers', async () => {
    await collectFeeds(context, { sources: [`${server.url}/feed`] });
    expect(context.db.prepare("SELECT count(*) FROM items WHERE text_source = 'page'").pluck().get()).toBe(0);
  });
});

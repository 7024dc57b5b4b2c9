import fs from 'node:fs';
import path from 'node:path';
import { parseFeed } from '../../src/collect/parse';
import { AppError } from '../../src/errors';

const FIXTURES = path.join(__dirname, 'fixtures');

function parseFixture(name: string, url = 'https://example.org/feed') {
  return parseFeed({ bytes: fs.readFileSync(path.join(FIXTURES, name)), url });
}

describe('parseFeed formats', () => {
  test('JSON Feed 1.0', async () => {
    const parsed = await parseFixture('jsonfeed-1.0.json');
    expect(parsed.feed).toEqual({ title: 'Synthetic JSON Feed 1.0', link: 'https://example.org/', format: 'jsonfeed', encoding: 'utf-8' });

    const [first, second] = parsed.items;
    expect(first!.guid).toBe('1');
    expect(first!.title).toBe('First JSON item & more');
    expect(first!.link).toBe('https://example.org/posts/first');
    expect(first!.published).toBe('2024-06-04T08:00:00.000Z');
    expect(first!.author).toBe('Feed Author');
    expect(first!.summary).toBe('A short teaser.');
    expect(first!.image).toBe('https://example.org/img/first.png');
    expect(first!.html).toBe('<p>Hello <a href="https://example.org/about">world</a>.</p><p>Second paragraph.</p>');
    expect(first!.text).toBe('Hello world.\n\nSecond paragraph.');

    expect(second!.guid).toBe('2');
    expect(second!.link).toBe('https://example.net/story');
    expect(second!.published).toBeNull();
    expect(second!.text).toBe('Plain text only.\n\nWith two paragraphs.');
  });

  test('Atom 0.3 escaped content', async () => {
    const parsed = await parseFixture('atom-0.3.xml');
    expect(parsed.feed.format).toBe('atom03');
    const [item] = parsed.items;
    expect(item!.link).toBe('https://example.org/2004/06/entry');
    expect(item!.published).toBe('2004-06-04T12:00:00.000Z');
    expect(item!.author).toBe('Old Timer');
    expect(item!.html).toBe('<p>Escaped <em>HTML</em> body.</p>');
  });

  test('RSS 0.91 without guid or date', async () => {
    const parsed = await parseFixture('rss-0.91.xml');
    expect(parsed.feed.format).toBe('rss091');
    expect(parsed.items[0]!.guid).toBeNull();
    expect(parsed.items[0]!.published).toBeNull();
    expect(parsed.items[0]!.link).toBe('http://example.org/091/item');
  });

  test('RSS 1.0 with dc fields', async () => {
    const parsed = await parseFixture('rss-1.0.rdf');
    expect(parsed.feed.format).toBe('rss1');
    expect(parsed.items[0]!.guid).toBe('https://example.org/rdf/1');
    expect(parsed.items[0]!.published).toBe('2024-06-04T00:00:00.000Z');
    expect(parsed.items[0]!.author).toBe('Jane Roe');
  });

  test('Atom text types and xml:base', async () => {
    const parsed = await parseFixture('atom-text-types.xml', 'file:///tmp/feed.atom');
    expect(parsed.feed.title).toBe('Types & bases');
    const [first, second] = parsed.items;

    expect(first!.title).toBe('Use <b> for bold');
    expect(first!.link).toBe('https://example.org/blog/2024/06/post');
    expect(first!.html).toContain('<a href="https://cdn.example.org/assets/page">relative</a>');
    expect(first!.html).toContain('<img src="https://cdn.example.org/assets/pic.png" />');
    expect(first!.html).not.toContain('onerror');
    expect(first!.text).toBe('Introduction\n\nThis is relative.');
    expect(first!.image).toBeNull();

    expect(second!.title).toBe('Café news');
    expect(second!.link).toBe('https://example.org/blog/second');
    expect(second!.html).not.toMatch(/iframe|javascript:/);
    expect(second!.text).toBe('One\n\nTwo\n\nx');
  });

  test('comments dropped from titles', async () => {
    const bytes = Buffer.from('<rss version="2.0"><channel><title>T</title><item><title><!-- generated -->Clean title</title><link>https://e.org/c</link></item></channel></rss>');
    expect((await parseFeed({ bytes, url: 'https://e.org/feed' })).items[0]!.title).toBe('Clean title');
  });

  test('RSS without version attribute', async () => {
    const bytes = Buffer.from('<rss><channel><title>T</title><item><title>No version</title><link>https://e.org/a</link></item></channel></rss>');
    const parsed = await parseFeed({ bytes, url: 'https://e.org/feed' });
    expect(parsed.feed.format).toBe('rss');
    expect(parsed.items[0]!.title).toBe('No version');
  });

  test('RSS 0.90 Netscape namespace', async () => {
    const bytes = Buffer.from('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>N</title><link>https://n.org/</link></channel><item><title>Item 090</title><link>https://n.org/1</link></item></rdf:RDF>');
    const parsed = await parseFeed({ bytes, url: 'https://n.org/feed' });
    expect(parsed.feed.format).toBe('rss090');
    expect(parsed.items.map((item) => item.title)).toEqual(['Item 090']);
  });

  test('paragraph breaks between headings and text', async () => {
    const bytes = Buffer.from('<rss version="2.0"><channel><title>T</title><item><title>P</title><link>https://e.org/p</link><description>&lt;h2&gt;Introduction&lt;/h2&gt;&lt;p&gt;This  is\n text.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;One&lt;/li&gt;&lt;/ul&gt;</description></item></channel></rss>');
    const [item] = (await parseFeed({ bytes, url: 'https://e.org/feed' })).items;
    expect(item!.text).toBe('Introduction\n\nThis is text.\n\n- One');
    expect(item!.text).not.toContain('IntroductionThis');
  });

  test('summary bounded by excerptChars', async () => {
    const long = Array.from({ length: 200 }, (_, index) => `word${index}`).join(' ');
    const bytes = Buffer.from(`<rss version="2.0"><channel><title>T</title><item><title>Long</title><link>https://e.org/l</link><description>${long}</description></item></channel></rss>`);
    const [item] = (await parseFeed({ bytes, url: 'https://e.org/feed' }, { excerptChars: 100 })).items;
    expect([...item!.summary].length).toBeLessThanOrEqual(100);
    expect(item!.summary.endsWith('…')).toBe(true);
    expect(item!.text).toBe(long);
  });

  test.each([
    ['empty body', ''],
    ['not XML', 'hello world'],
    ['unknown root', '<?xml version="1.0"?><note><to>x</to></note>'],
    ['HTML page', '<!DOCTYPE html><html><body>hi</body></html>'],
    ['JSON without items', '{"version": "x"}'],
    ['broken JSON', '{"items": ['],
  ])('rejects %s naming the url', async (_name, body) => {
    let error: unknown;
    try {
      await parseFeed({ bytes: Buffer.from(body), url: 'https://bad.example/feed' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('FEED_PARSE_FAILED');
    expect((error as AppError).message).toContain('https://bad.example/feed');
  });
});

describe('parseFeed on truncated input', () => {
  test('salvages complete items', async () => {
    const bytes = Buffer.from('<rss version="2.0"><channel><title>T</title><item><title>Whole item</title><link>https://e.org/1</link></item><item><title>Cut off ite');
    const { items } = await parseFeed({ bytes, url: 'https://e.org/feed' });
    expect(items[0]!.title).toBe('Whole item');
    expect(items).toHaveLength(2);
  });

  test('salvages items cut inside CDATA', async () => {
    const bytes = Buffer.from('<rss version="2.0"><channel><title>T</title><item><title>Whole item</title><link>https://e.org/1</link></item><item><title>Cut</title><description><![CDATA[<p>Half a <b>para');
    const { items } = await parseFeed({ bytes, url: 'https://e.org/feed' });
    expect(items).toHaveLength(2);
    expect(items[1]!.text).toBe('Half a para');
  });
});

describe('parseFeed nested items', () => {
  test('keeps items nested in items', async () => {
    const bytes = Buffer.from('<rss version="2.0"><channel><title>T</title><item><title>Outer</title><link>https://e.org/1</link><item><title>Inner</title><link>https://e.org/2</link></item><item/></item><item><title>Last</title><link>https://e.org/3</link></item></channel></rss>');
    const { items } = await parseFeed({ bytes, url: 'https://e.org/feed' });
    expect(items.map((item) => item.title)).toEqual(['Outer', 'Inner', 'Last']);
  });
});

describe('parseFeed Atom edge cases', () => {
  test('unreadable date keeps the entry', async () => {
    const bytes = Buffer.from('<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:1</id><title>Dated</title><link href="https://e.org/1"/><published>yesterday-ish</published></entry></feed>');
    const { items } = await parseFeed({ bytes, url: 'https://e.org/feed' });
    expect(items).toHaveLength(1);
    expect(items[0]!.title).toBe('Dated');
    expect(items[0]!.published).toBeNull();
  });

  test('xhtml content keeps nested CDATA', async () => {
    const bytes = Buffer.from('<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:1</id><title>X</title><link href="https://e.org/1"/><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Before <b>bold</b> after</p><style><![CDATA[p{}]]></style><p>End</p></div></content></entry></feed>');
    const [item] = (await parseFeed({ bytes, url: 'https://e.org/feed' })).items;
    expect(item!.text).toBe('Before bold after\n\nEnd');
  });
});

describe('parseFeed sanitising', () => {
  test('drops tracking pixels and scripts', async () => {
    const description = '&lt;p&gt;Story&lt;/p&gt;&lt;img src="http://feeds.example/~r/x" height="1" width="1" alt=""/&gt;&lt;script&gt;x()&lt;/script&gt;&lt;img src="/a.png" width="300" height="200"&gt;';
    const bytes = Buffer.from(`<rss version="2.0"><channel><title>T</title><item><title>Pixel</title><link>https://e.org/p</link><description>${description}</description></item></channel></rss>`);
    const [item] = (await parseFeed({ bytes, url: 'https://e.org/feed' })).items;
    expect(item!.html).toBe('<p>Story</p><img src="https://e.org/a.png" width="300" height="200" />');
  });
});

describe('parseFeed on oversized fields', () => {
  test('cuts a 1 MB title', async () => {
    const title = 'word '.repeat(200_000);
    const bytes = Buffer.from(`<rss version="2.0"><channel><title>T</title><item><title>${title}</title><link>https://e.org/1</link><author>${'a'.repeat(5000)}</author></item></channel></rss>`);

    const [item] = (await parseFeed({ bytes, url: 'https://e.org/feed' })).items;

    expect(item!.title.length).toBeLessThanOrEqual(501);
    expect(item!.title.endsWith('…')).toBe(true);
    expect(item!.author!.length).toBeLessThanOrEqual(201);
  });
});

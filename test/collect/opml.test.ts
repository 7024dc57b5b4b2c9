import { buildOpml, parseOpml } from '../../src/collect/opml';

const OPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Reader export</title></head>
  <body>
    <outline text="Research">
      <outline text="Labs">
        <outline type="rss" text="Lab &amp; Co" xmlUrl="https://lab.example/feed.xml"/>
      </outline>
      <outline type="rss" title="Papers" text="Papers feed" xmlUrl="https://papers.example/rss" category="/AI/ML,news"/>
    </outline>
    <outline type="rss" text="Loose" xmlUrl="https://loose.example/atom"/>
  </body>
</opml>`;

describe('OPML', () => {
  test('nested outlines become tags', () => {
    expect(parseOpml(OPML)).toEqual([
      { url: 'https://lab.example/feed.xml', title: 'Lab & Co', tags: ['Research', 'Labs'] },
      { url: 'https://papers.example/rss', title: 'Papers', tags: ['Research', 'AI', 'ML', 'news'] },
      { url: 'https://loose.example/atom', title: 'Loose', tags: [] },
    ]);
  });

  test('export round-trips', () => {
    const feeds = parseOpml(OPML).map((feed) => ({ url: feed.url, title: feed.title ?? null, tags: feed.tags ?? [] }));
    const again = parseOpml(buildOpml(feeds, 'Round trip'));
    expect(again.map((feed) => ({ url: feed.url, title: feed.title, tags: [...(feed.tags ?? [])].sort() }))).toEqual(
      feeds.map((feed) => ({ url: feed.url, title: feed.title, tags: [...feed.tags].sort() })),
    );
  });

  test('export escapes attributes', () => {
    const xml = buildOpml([{ url: 'https://e.org/?a=1&b=2', title: 'A "quoted" <feed>', tags: [] }], 'T & U');
    expect(xml).toContain('xmlUrl="https://e.org/?a=1&amp;b=2"');
    expect(xml).toContain('<title>T &amp; U</title>');
    expect(parseOpml(xml)[0]!.title).toBe('A "quoted" <feed>');
  });

  test('rejects non-OPML', () => {
    expect(() => parseOpml('<rss version="2.0"/>')).toThrow(/not <opml>/);
  });
});

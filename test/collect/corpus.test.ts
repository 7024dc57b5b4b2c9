import fs from 'node:fs';
import path from 'node:path';
import { parseFeed, type ParsedFeed } from '../../src/collect/parse';
import { describeShared, listRealFeeds, readRealFeed, REAL_FEEDS_DIR } from '../helpers/shared';

/** The format names `parseFeed` reports for the MANIFEST.md format column. */
const FORMATS: Record<string, string> = {
  'RSS 2.0': 'rss2',
  'Atom 1.0': 'atom',
  'RSS 1.0 (RDF)': 'rss1',
  'RSS 0.90 (RDF)': 'rss090',
  'RSS 0.92': 'rss092',
  'RSS (no version)': 'rss',
  'JSON Feed': 'jsonfeed',
};

/** Files whose stored item count differs from MANIFEST.md's raw tag count, and why. */
const COUNT_EXCEPTIONS: Record<string, { items: number; reason: string }> = {
  'feedburner-illegally-nested.rss.xml': { items: 10, reason: 'ten of the twenty <item> tags are empty <item /> elements nested inside real items' },
  'cercle-psy-undeclared-latin1.rss.xml': { items: 9, reason: 'one <item> has an empty title, link and description, so it carries no story' },
};

/** Signs of a wrong decode: U+FFFD, or UTF-8 read as windows-1252 (`Ã©`, `â€™`, `Â` before a space). */
const MOJIBAKE = /\uFFFD|Ã[\u0080-\u00BF]|â€|Â[ \u00A0]/;

interface ManifestRow {
  format: string;
  items: number;
}

function readManifest(): Map<string, ManifestRow> {
  const rows = new Map<string, ManifestRow>();
  const manifest = fs.readFileSync(path.join(REAL_FEEDS_DIR, 'MANIFEST.md'), 'utf8');
  for (const line of manifest.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 6 || !/\.(xml|json)$/.test(cells[1] ?? '')) continue;
    rows.set(cells[1]!, { format: cells[2]!, items: Number(cells[4]) });
  }
  return rows;
}

function allStrings(parsed: ParsedFeed): string[] {
  return [parsed.feed.title, ...parsed.items.flatMap((item) => [item.title, item.summary, item.text, item.html, item.author ?? ''])];
}

describeShared('real feed corpus', () => {
  const manifest = readManifest();
  const files = listRealFeeds();

  test('manifest lists every file', () => {
    expect([...manifest.keys()].sort()).toEqual(files);
  });

  describe.each(files)('%s', (file) => {
    const row = manifest.get(file)!;
    let parsed: ParsedFeed;

    beforeAll(async () => {
      parsed = await parseFeed({ bytes: readRealFeed(file), url: `https://feeds.example.com/${file}` });
    });

    test('format detected', () => {
      expect(parsed.feed.format).toBe(FORMATS[row.format]);
    });

    test('item count matches manifest', () => {
      expect(parsed.items).toHaveLength(COUNT_EXCEPTIONS[file]?.items ?? row.items);
    });

    test('no replacement characters or mojibake', () => {
      const bad = allStrings(parsed).filter((value) => MOJIBAKE.test(value));
      expect(bad).toEqual([]);
    });

    test('dates are ISO-8601 UTC or null', () => {
      for (const item of parsed.items) {
        if (item.published !== null) expect(item.published).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      }
    });

    test('links and images are absolute http(s)', () => {
      for (const item of parsed.items) {
        if (item.link !== null) expect(item.link).toMatch(/^https?:\/\//);
        if (item.image !== null) expect(item.image).toMatch(/^https?:\/\//);
      }
    });

    test('text keeps paragraphs and has no markup', () => {
      for (const item of parsed.items) {
        expect(item.text).not.toMatch(/<\/?(p|div|br|span|a)\b[^>]*>/i);
        expect(item.summary).not.toContain('\n');
      }
    });
  });

  test('legacy charset titles have no U+FFFD', async () => {
    for (const file of ['golem-iso-8859-1.rss.xml', 'jn-pt-iso-8859-1.rss.xml', 'ibash-windows-1251.rss.xml', 'oren-ru-windows-1251.rss.xml', 'cercle-psy-undeclared-latin1.rss.xml', 'uol-noticias-no-decl-latin1.rss.xml']) {
      const { items } = await parseFeed({ bytes: readRealFeed(file), url: `https://feeds.example.com/${file}` });
      expect(items.map((item) => item.title).filter((title) => title.includes('\uFFFD'))).toEqual([]);
    }
  });

  test('known decoded titles', async () => {
    const jn = await parseFeed({ bytes: readRealFeed('jn-pt-iso-8859-1.rss.xml'), url: 'https://feeds.example.com/jn' });
    expect(jn.feed.title).toBe('Jornal de Notícias - Últimas Notícias');
    const euro = await parseFeed({ bytes: readRealFeed('minimal-windows-1252-euro.rss.xml'), url: 'https://feeds.example.com/euro' });
    expect(euro.feed.title).toContain('€');
    const oren = await parseFeed({ bytes: readRealFeed('oren-ru-windows-1251.rss.xml'), url: 'https://feeds.example.com/oren' });
    expect(oren.feed.title).toBe('Новости Оренбурга и области / Раздел Новости');
  });

  test('paragraph breaks survive in long content', async () => {
    const { items } = await parseFeed({ bytes: readRealFeed('cloudflare-blog.rss.xml'), url: 'https://blog.cloudflare.com/rss/' });
    expect(items[0]!.text).toContain('\n\n');
    expect(items[0]!.text.split('\n\n').length).toBeGreaterThan(10);
  });

  test('xml:base resolves relative links', async () => {
    const { items } = await parseFeed({ bytes: readRealFeed('intertwingly-xhtml.atom.xml'), url: 'file:///tmp/intertwingly.atom' });
    expect(items[0]!.link).toBe('http://intertwingly.net/blog/2012/07/16/Inhibiting-Suspend');
    expect(items.every((item) => !/href="\//.test(item.html))).toBe(true);
  });

  test('feedburner origLink wins over proxy link', async () => {
    const { items } = await parseFeed({ bytes: readRealFeed('feedburner-illegally-nested.rss.xml'), url: 'https://feeds.example.com/dvorak' });
    expect(items[0]!.link).toMatch(/^http:\/\/www\.pcmag\.com\//);
  });
});

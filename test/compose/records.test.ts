import { buildItemRecords, MAX_EXCERPT_CHARS } from '../../src/compose/claude/records';
import { estimateTokens } from '../../src/compose/claude/tokens';
import type { ItemRow } from '../../src/domain';

function item(id: number, excerptChars: number, overrides: Partial<ItemRow> = {}): ItemRow {
  const words = 'lorem ipsum dolor sit amet consectetur '.repeat(Math.ceil(excerptChars / 39) + 1);
  return {
    id,
    feed_id: 1,
    dedup_key: `k${id}`,
    guid: null,
    link: `https://example.com/${id}`,
    title: `Story ${id}`,
    author: null,
    published_at: '2026-12-04T05:00:00.000Z',
    first_seen_at: '2026-12-04T05:30:00.000Z',
    summary: words.slice(0, excerptChars).trim(),
    text: words,
    html: '',
    image: null,
    text_source: 'feed',
    ...overrides,
  };
}

const FEEDS = new Map([[1, 'Example AI']]);

describe('buildItemRecords', () => {
  test('keeps excerpts whole within budget', () => {
    const result = buildItemRecords([item(1, 100), item(2, 200)], FEEDS, 10_000);

    expect(result.shortenedCount).toBe(0);
    expect(result.records.map((record) => record.excerpt.length)).toEqual([100, 200].map((length) => item(0, length).summary.length));
    expect(result.records[0]).toMatchObject({ id: 1, source: 'Example AI', title: 'Story 1', date: '2026-12-04' });
    expect(result.text.split('\n').slice(0, 3)).toEqual([
      'Sources: S1 = Example AI',
      'Articles (id | source | date | title | excerpt):',
      `1 | S1 | 2026-12-04 | Story 1 | ${result.records[0]!.excerpt}`,
    ]);
    expect(result.tokens).toBe(estimateTokens(result.text));
  });

  test('shortens the longest excerpts first', () => {
    const items = [item(1, 100), item(2, 600), item(3, 650), item(4, 120)];

    const result = buildItemRecords(items, FEEDS, 380, 700);

    const lengths = result.records.map((record) => record.excerpt.length);
    expect(result.tokens).toBeLessThanOrEqual(380);
    expect(lengths[0]).toBe(items[0]!.summary.length);
    expect(lengths[3]).toBe(items[3]!.summary.length);
    expect(lengths[1]).toBeLessThan(600);
    expect(lengths[2]).toBeLessThan(650);
    expect(result.shortenedCount).toBe(2);
  });

  test('caps excerpts at the maximum', () => {
    const result = buildItemRecords([item(1, 2000)], FEEDS, 100_000);

    expect(result.records[0]!.excerpt.length).toBeLessThanOrEqual(MAX_EXCERPT_CHARS);
  });

  test('drops excerpts when even titles barely fit', () => {
    const items = Array.from({ length: 20 }, (_value, index) => item(index + 1, 400));

    const result = buildItemRecords(items, FEEDS, 300);

    expect(result.records.every((record) => record.excerpt === '')).toBe(true);
    expect(result.records).toHaveLength(20);
  });

  test('strips links from titles and excerpts', () => {
    const result = buildItemRecords([item(1, 0, { title: 'See https://x.example.com/a now', summary: 'Read [this](https://y.example.com) first.' })], FEEDS, 10_000);

    expect(result.text).not.toMatch(/https?:|example\.com/);
  });

  test('replaces pipes inside fields', () => {
    const result = buildItemRecords([item(1, 0, { title: 'A | B', summary: 'x | y' })], FEEDS, 10_000);

    expect(result.text).toContain('1 | S1 | 2026-12-04 | A / B | x / y');
  });

  test('uses text when the excerpt is empty', () => {
    const result = buildItemRecords([item(1, 0, { summary: '', text: 'Body text only.' })], FEEDS, 10_000);

    expect(result.records[0]!.excerpt).toBe('Body text only.');
  });
});

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
    expect(result.text.split('\n').slice(0, 3)).toEqual(['# Example AI', '## 2026-12-04', `1: Story 1 | ${result.records[0]!.excerpt}`]);
    expect(result.tokens).toBe(estimateTokens(result.text));
  });

  test('groups lines under source and date', () => {
    const feeds = new Map([[1, 'Example AI'], [2, 'Other Lab']]);
    const items = [
      item(1, 0, { summary: '', text: '' }),
      item(2, 0, { feed_id: 2, summary: '', text: '' }),
      item(3, 0, { summary: '', text: '', published_at: '2026-12-03T09:00:00.000Z' }),
      item(4, 0, { summary: '', text: '' }),
    ];

    const result = buildItemRecords(items, feeds, 10_000);

    expect(result.text).toBe(
      ['# Example AI', '## 2026-12-04', '1: Story 1', '4: Story 4', '## 2026-12-03', '3: Story 3', '# Other Lab', '## 2026-12-04', '2: Story 2'].join('\n'),
    );
  });

  test('drops excerpts that repeat the title', () => {
    const items = [
      item(1, 0, { title: 'Introducing Claude Tag', summary: 'Introducing Claude Tag' }),
      item(2, 0, { title: 'Introducing GeneBench-Pro', summary: 'Introducing GeneBench-Pro, a new benchmark for genomics.' }),
      item(3, 0, { title: 'Chips ship to cloud providers', summary: 'Chips ship to cloud providers. Prices per token fall.' }),
    ];

    const result = buildItemRecords(items, FEEDS, 10_000);

    expect(result.records.map((record) => record.excerpt)).toEqual(['', 'a new benchmark for genomics.', 'Prices per token fall.']);
    expect(result.text).toContain('\n1: Introducing Claude Tag\n');
  });

  test('strips a prefix shared by one source', () => {
    const items = [1, 2, 3].map((id) => item(id, 0, { summary: `Abstract Model ${id} learns task ${id}.` }));

    const result = buildItemRecords(items, FEEDS, 10_000);

    expect(result.records.map((record) => record.excerpt)).toEqual(['Model 1 learns task 1.', 'Model 2 learns task 2.', 'Model 3 learns task 3.']);
  });

  test('cuts excerpts at a sentence boundary', () => {
    const summary = `${'First sentence has facts. '.repeat(6)}Second part is cut off mid`;

    const result = buildItemRecords([item(1, 0, { summary })], FEEDS, 10_000);

    expect(result.records[0]!.excerpt).toBe('First sentence has facts. '.repeat(6).trim());
    expect(result.records[0]!.excerpt.length).toBeLessThanOrEqual(MAX_EXCERPT_CHARS);
  });

  test('shortens the longest excerpts first', () => {
    const items = [item(1, 100), item(2, 600), item(3, 650), item(4, 120)];

    const budget = buildItemRecords(items, FEEDS, 100_000, 700).tokens - 100;

    const result = buildItemRecords(items, FEEDS, budget, 700);

    const lengths = result.records.map((record) => record.excerpt.length);
    expect(result.tokens).toBeLessThanOrEqual(budget);
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

    const result = buildItemRecords(items, FEEDS, 90);

    expect(result.records.every((record) => record.excerpt === '')).toBe(true);
    expect(result.records.every((record) => record.title.startsWith('Story'))).toBe(true);
    expect(result.records).toHaveLength(20);
  });

  test('strips links from titles and excerpts', () => {
    const result = buildItemRecords([item(1, 0, { title: 'See https://x.example.com/a now', summary: 'Read [this](https://y.example.com) first.' })], FEEDS, 10_000);

    expect(result.text).not.toMatch(/https?:|example\.com/);
  });

  test('replaces pipes inside fields', () => {
    const result = buildItemRecords([item(1, 0, { title: 'A | B', summary: 'x | y' })], FEEDS, 10_000);

    expect(result.text).toContain('\n1: A / B | x / y');
  });

  test('shortens titles when titles alone exceed budget', () => {
    const title = 'A very long title about inference chips and the energy they use per token';
    const items = Array.from({ length: 20 }, (_value, index) => item(index + 1, 100, { title: `${title} ${index}` }));

    const result = buildItemRecords(items, FEEDS, 250);

    expect(result.records.every((record) => record.excerpt === '')).toBe(true);
    expect(result.records.every((record) => record.title.length < title.length)).toBe(true);
    expect(result.records.every((record) => record.title.length >= 40)).toBe(true);
    expect(result.records).toHaveLength(20);
  });

  test('uses text when the excerpt is empty', () => {
    const result = buildItemRecords([item(1, 0, { summary: '', text: 'Body text only.' })], FEEDS, 10_000);

    expect(result.records[0]!.excerpt).toBe('Body text only.');
  });
});

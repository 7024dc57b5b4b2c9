import { composeOffline } from '../../src/compose/offline/compose-offline';
import { containsLink } from '../../src/compose/text';
import type { Digest, ItemRow } from '../../src/domain';
import { createTestContext, type TestContext } from '../helpers/context';
import { insertFeed, insertItem, TOPICAL_ITEMS, type ItemFixture } from './fixtures';

const OPTIONS = { minThemes: 2, maxThemes: 6, field: 'AI' };

let context: TestContext;

beforeEach(() => {
  context = createTestContext();
});

afterEach(() => context.cleanup());

function storeItems(fixtures: ItemFixture[]): ItemRow[] {
  const feedId = insertFeed(context.db);
  const ids = fixtures.map((fixture) => insertItem(context.db, feedId, fixture));
  return ids.map((id) => context.db.prepare('SELECT * FROM items WHERE id = ?').get(id) as ItemRow);
}

function themeOfItem(digest: Digest, itemId: number): string | undefined {
  return digest.themes.find((theme) => theme.keyItems.some((keyItem) => keyItem.itemId === itemId))?.title;
}

describe('composeOffline', () => {
  test('groups items by shared keywords', () => {
    const items = storeItems(TOPICAL_ITEMS);

    const digest = composeOffline(items, OPTIONS);

    expect(digest.themes.length).toBeGreaterThanOrEqual(3);
    const [agentA, agentB, agentC, openA, openB, chipA, chipB] = items.map((item) => item.id) as number[];
    expect(themeOfItem(digest, agentA!)).toBe(themeOfItem(digest, agentB!));
    expect(themeOfItem(digest, agentA!)).toBe(themeOfItem(digest, agentC!));
    expect(themeOfItem(digest, openA!)).toBe(themeOfItem(digest, openB!));
    expect(themeOfItem(digest, chipA!)).toBe(themeOfItem(digest, chipB!));
    expect(themeOfItem(digest, agentA!)).not.toBe(themeOfItem(digest, openA!));
    expect(themeOfItem(digest, openA!)).not.toBe(themeOfItem(digest, chipA!));
  });

  test('titles themes with key phrases', () => {
    const items = storeItems(TOPICAL_ITEMS);

    const titles = composeOffline(items, OPTIONS).themes.map((theme) => theme.title.toLowerCase());

    expect(titles.some((title) => title.includes('agent'))).toBe(true);
    expect(titles.some((title) => title.includes('open-weight') || title.includes('model'))).toBe(true);
    expect(titles.some((title) => title.includes('chip'))).toBe(true);
    expect(new Set(titles).size).toBe(titles.length);
  });

  test('summary sentences are verbatim from cited items', () => {
    const items = storeItems(TOPICAL_ITEMS);
    const byId = new Map(items.map((item) => [item.id, item]));

    const digest = composeOffline(items, OPTIONS);

    for (const theme of digest.themes) {
      expect(theme.summary.length).toBeGreaterThan(0);
      for (const statement of theme.summary) {
        expect(statement.itemIds.length).toBeGreaterThan(0);
        for (const id of statement.itemIds) expect(byId.get(id)!.text).toContain(statement.text);
      }
      for (const keyItem of theme.keyItems) expect(byId.get(keyItem.itemId)!.text).toContain(keyItem.sentence);
    }
  });

  test('prefers informative sentences to first lines', () => {
    const items = storeItems(TOPICAL_ITEMS);
    const firstSentences = items.map((item) => item.text.split('. ')[0]! + '.');

    const digest = composeOffline(items, OPTIONS);

    const quoted = digest.themes.flatMap((theme) => theme.summary.map((statement) => statement.text));
    const firstLines = quoted.filter((text) => firstSentences.includes(text));
    expect(firstLines.length).toBeLessThan(quoted.length);
  });

  test('lists every item once', () => {
    const items = storeItems(TOPICAL_ITEMS);

    const digest = composeOffline(items, OPTIONS);

    expect([...digest.itemIds].sort((a, b) => a - b)).toEqual(items.map((item) => item.id));
    expect(digest.topItemIds.length).toBeGreaterThan(0);
    expect(digest.topItemIds.every((id) => digest.itemIds.includes(id))).toBe(true);
    expect(digest.conclusion).toHaveLength(1);
    expect(digest.conclusion[0]!.text).toMatch(/^This issue covers 7 articles from 1 feed in \d themes: /);
  });

  test('is deterministic', () => {
    const items = storeItems(TOPICAL_ITEMS);

    const first = composeOffline(items, OPTIONS);
    const second = composeOffline(items.map((item) => ({ ...item })), OPTIONS);

    expect(second).toEqual(first);
  });

  test('merges one story from two feeds', () => {
    const items = storeItems(TOPICAL_ITEMS);
    const otherFeed = insertFeed(context.db, 'https://other.example.net/feed.xml', 'Other AI news');
    const copyId = insertItem(context.db, otherFeed, {
      title: 'Coding agents now fix failing tests',
      text: 'The coding agent runs the test suite before it proposes a patch, according to the release notes. The agent reads the failing test, edits the code and runs the tests again until they pass.',
      feedId: otherFeed,
    });
    const copy = context.db.prepare('SELECT * FROM items WHERE id = ?').get(copyId) as ItemRow;

    const digest = composeOffline([...items, copy], OPTIONS);

    const keyItemIds = digest.themes.flatMap((theme) => theme.keyItems.map((keyItem) => keyItem.itemId));
    expect(keyItemIds.filter((id) => id === items[0]!.id || id === copyId)).toHaveLength(1);
    const position = digest.itemIds.indexOf(copyId);
    const leadPosition = digest.itemIds.indexOf(items[0]!.id);
    expect(Math.abs(position - leadPosition)).toBe(1);
    const story = [items[0]!, copy];
    const statements = digest.themes.flatMap((theme) => theme.summary).filter((statement) => statement.itemIds.some((id) => id === copyId || id === items[0]!.id));
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.itemIds).toEqual(story.filter((item) => item.text.includes(statement.text)).map((item) => item.id));
    }
  });

  test('skips sentences with links or mojibake', () => {
    const items = storeItems([
      { title: 'Agents paper one', text: 'Read the agents paper at https://example.com/agents for the details of the method. The agents planned their tasks with a shared memory of past steps and tools.' },
      { title: 'Agents paper two', text: 'The agents in this study cafÃ© moved between tasks without losing their goals at all. The agents reached the goal in most tasks of the benchmark suite we built.' },
      { title: 'Chips for inference', text: 'Inference chips with more memory cut the cost per token for hosted models. The chips ship to cloud providers in the spring of next year.' },
    ]);

    const digest = composeOffline(items, OPTIONS);

    const texts = digest.themes.flatMap((theme) => [...theme.summary.map((s) => s.text), ...theme.keyItems.map((k) => k.sentence)]);
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) {
      expect(containsLink(text)).toBe(false);
      expect(text).not.toContain('Ã');
    }
  });

  test('drops a glued Abstract heading', () => {
    const items = storeItems([
      { title: 'Agents benchmark for long tasks', text: 'Abstract We present a benchmark of long tasks that agents must plan with memory. The agents in the benchmark lose track of goals after many steps and tools.' },
      { title: 'Agents with memory modules', text: 'Memory modules help agents keep their goals across long tasks and many steps. The agents with memory finished more of the long tasks than the others.' },
    ]);

    const digest = composeOffline(items, OPTIONS);

    const texts = digest.themes.flatMap((theme) => [...theme.summary.map((s) => s.text), ...theme.keyItems.map((k) => k.sentence)]);
    expect(texts.some((text) => text.startsWith('We present a benchmark'))).toBe(true);
    expect(texts.some((text) => text.startsWith('Abstract'))).toBe(false);
  });

  test('title-only item gets an empty sentence', () => {
    const items = storeItems([
      { title: 'Introducing Claude Opus 5', text: '' , summary: '' },
      { title: 'Introducing Claude for Small Business', text: '', summary: '' },
      ...TOPICAL_ITEMS.slice(0, 3),
    ]);

    const digest = composeOffline(items, OPTIONS);

    const keyItems = digest.themes.flatMap((theme) => theme.keyItems);
    expect(keyItems.find((keyItem) => keyItem.itemId === items[0]!.id)?.sentence).toBe('');
    expect(digest.themes.every((theme) => theme.keyItems.length > 0)).toBe(true);
  });

  test('one item makes one theme', () => {
    const items = storeItems([TOPICAL_ITEMS[0]!]);

    const digest = composeOffline(items, OPTIONS);

    expect(digest.themes).toHaveLength(1);
    expect(digest.themes[0]!.keyItems[0]!.itemId).toBe(items[0]!.id);
    expect(digest.itemIds).toEqual([items[0]!.id]);
  });

  test('respects maxThemes', () => {
    const items = storeItems(TOPICAL_ITEMS);

    const digest = composeOffline(items, { ...OPTIONS, minThemes: 2, maxThemes: 2 });

    expect(digest.themes).toHaveLength(2);
    expect(digest.itemIds).toHaveLength(items.length);
  });
});

describe('composeOffline edge cases', () => {
  let edgeContext: TestContext;

  beforeEach(() => {
    edgeContext = createTestContext();
  });

  afterEach(() => edgeContext.cleanup());

  test('unrelated items get distinct titles', () => {
    const feedId = insertFeed(edgeContext.db);
    const ids = [
      insertItem(edgeContext.db, feedId, { title: 'Quantum chemistry simulation speeds up', text: 'The simulation of molecules ran ten times faster on the new cluster this spring.' }),
      insertItem(edgeContext.db, feedId, { title: 'Robot hands learn to fold laundry', text: 'The robot hands folded shirts and towels after a week of practice in the lab.' }),
    ];
    const items = ids.map((id) => edgeContext.db.prepare('SELECT * FROM items WHERE id = ?').get(id) as ItemRow);

    const digest = composeOffline(items, OPTIONS);

    expect(digest.themes).toHaveLength(2);
    const titles = digest.themes.map((theme) => theme.title);
    expect(titles).not.toContain('Other news');
    expect(new Set(titles).size).toBe(2);
  });

  test('other news comes last', () => {
    const feedId = insertFeed(edgeContext.db);
    const fixtures = [
      ...TOPICAL_ITEMS,
      { title: 'Quantum chemistry simulation speeds up', text: 'The simulation of molecules ran ten times faster on the new cluster this spring.' },
      { title: 'Robot hands learn to fold laundry', text: 'The robot hands folded shirts and towels after a week of practice in the lab.' },
      { title: 'Weather forecasts reach two weeks', text: 'Forecasters extended the range of their predictions with larger ensembles of runs.' },
    ];
    const items = fixtures.map((fixture) => edgeContext.db.prepare('SELECT * FROM items WHERE id = ?').get(insertItem(edgeContext.db, feedId, fixture)) as ItemRow);

    const digest = composeOffline(items, OPTIONS);

    const titles = digest.themes.map((theme) => theme.title);
    expect(titles).toHaveLength(4);
    expect(titles[3]).toBe('Other news');
    expect(digest.itemIds).toHaveLength(items.length);
  });
});

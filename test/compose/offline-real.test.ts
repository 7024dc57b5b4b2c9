import { composeIssue } from '../../src/compose/compose';
import { containsLink, hasMojibake } from '../../src/compose/text';
import type { Digest, ItemRow } from '../../src/domain';
import { renderIssue } from '../../src/render/render';
import { getIssue } from '../../src/store/issues';
import { createTestContext, type TestContext } from '../helpers/context';
import { describeShared } from '../helpers/shared';
import { collectRealAiFeeds } from './real-items';

describeShared('offline composer on the real AI feeds', () => {
  let context: TestContext;
  let digest: Digest;
  let byId: Map<number, ItemRow>;
  let issueId: number;

  beforeAll(async () => {
    context = createTestContext();
    await collectRealAiFeeds(context);
    const result = await composeIssue(context, { now: new Date('2026-12-04T06:30:00.000Z'), since: new Date('2000-01-01T00:00:00Z') });
    issueId = result.issueId;
    digest = JSON.parse(getIssue(context.db, result.issueId)!.digest_json) as Digest;
    const items = context.db.prepare('SELECT * FROM items').all() as ItemRow[];
    byId = new Map(items.map((item) => [item.id, item]));
  });

  afterAll(() => context.cleanup());

  test('makes three to six themes', () => {
    expect(digest.themes.length).toBeGreaterThanOrEqual(3);
    expect(digest.themes.length).toBeLessThanOrEqual(6);
  });

  test('every theme cites items', () => {
    for (const theme of digest.themes) {
      const cited = [...theme.keyItems.map((keyItem) => keyItem.itemId), ...theme.summary.flatMap((statement) => statement.itemIds)];
      expect(cited.length).toBeGreaterThan(0);
      for (const id of cited) expect(digest.itemIds).toContain(id);
    }
  });

  test('summary sentences are verbatim in cited items', () => {
    const statements = digest.themes.flatMap((theme) => theme.summary);
    expect(statements.length).toBeGreaterThanOrEqual(3);
    for (const statement of statements) {
      expect(statement.itemIds.length).toBeGreaterThan(0);
      for (const id of statement.itemIds) expect(byId.get(id)!.text).toContain(statement.text);
    }
  });

  test('texts carry no link or mojibake', () => {
    const texts = [
      ...digest.themes.flatMap((theme) => [theme.title, ...theme.summary.map((s) => s.text), ...theme.keyItems.map((k) => k.sentence)]),
      ...digest.conclusion.map((statement) => statement.text),
    ];
    for (const text of texts) {
      expect(containsLink(text)).toBe(false);
      expect(hasMojibake(text)).toBe(false);
    }
  });

  test('email links are item links or local', async () => {
    const rendered = await renderIssue(context, issueId);

    const itemLinks = new Set([...byId.values()].map((item) => item.link));
    const links = [...`${rendered.html}\n${rendered.text}`.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((match) => match[0].replace(/&amp;/g, '&'));
    expect(links.length).toBeGreaterThan(0);
    const foreign = links.filter((link) => !itemLinks.has(link) && !link.startsWith(context.config.publicUrl) && !link.startsWith('http://www.w3.org/'));
    expect(foreign).toEqual([]);
  });

  test('theme titles are distinct', () => {
    const titles = digest.themes.map((theme) => theme.title.toLowerCase());
    expect(new Set(titles).size).toBe(titles.length);
  });
});

import { composeIssue } from '../../src/compose/compose';
import type { Digest, IssueRow } from '../../src/domain';
import { AppError } from '../../src/errors';
import { getIssue, setIssueStatus } from '../../src/store/issues';
import { createTestContext, type TestContext } from '../helpers/context';
import { createConfiguredContext } from './contexts';
import { insertFeed, insertItem, TOPICAL_ITEMS } from './fixtures';

const NOW = new Date('2026-12-04T06:30:00.000Z');

let context: TestContext;
let feedId: number;

beforeEach(() => {
  context = createTestContext();
  feedId = insertFeed(context.db);
});

afterEach(() => context.cleanup());

function insertTopicalItems(): number[] {
  return TOPICAL_ITEMS.map((fixture) => insertItem(context.db, feedId, fixture));
}

function issueItems(issueId: number): { item_id: number; included: number; rank: number | null }[] {
  return context.db.prepare('SELECT item_id, included, rank FROM issue_items WHERE issue_id = ? ORDER BY rank, item_id').all(issueId) as never;
}

describe('composeIssue', () => {
  test('stores an offline draft', async () => {
    const ids = insertTopicalItems();

    const result = await composeIssue(context, { now: NOW });

    expect(result).toMatchObject({ issueDate: '2026-12-04', composer: 'offline', itemCount: ids.length, fallbackReason: null });
    expect(result.themeCount).toBeGreaterThanOrEqual(2);
    const issue = getIssue(context.db, result.issueId)!;
    expect(issue.status).toBe('draft');
    expect(issue.composer).toBe('offline');
    const digest = JSON.parse(issue.digest_json) as Digest;
    expect(digest.themes).toHaveLength(result.themeCount);
    expect([...digest.itemIds].sort((a, b) => a - b)).toEqual(ids);
    expect(JSON.parse(issue.warnings_json)).toEqual([]);
    expect(issue.usage_json).toBeNull();
  });

  test('ranks every item in issue_items', async () => {
    const ids = insertTopicalItems();

    const { issueId } = await composeIssue(context, { now: NOW });

    const rows = issueItems(issueId);
    const digest = JSON.parse(getIssue(context.db, issueId)!.digest_json) as Digest;
    expect(rows.map((row) => row.item_id)).toEqual(digest.itemIds);
    expect(rows.map((row) => row.rank)).toEqual(ids.map((_id, index) => index + 1));
    expect(rows.every((row) => row.included === 1)).toBe(true);
  });

  test('subject names date and two themes', async () => {
    insertTopicalItems();

    const { issueId } = await composeIssue(context, { now: NOW });

    const issue = getIssue(context.db, issueId)!;
    const digest = JSON.parse(issue.digest_json) as Digest;
    expect(issue.subject).toBe(`AI Daily Summary — 4 Dec 2026: ${digest.themes[0]!.title}, ${digest.themes[1]!.title}`);
    expect(issue.subject).not.toMatch(/[\r\n]/);
  });

  test('issue date follows the schedule timezone', async () => {
    const tokyo = createConfiguredContext('schedule:\n  timezone: Asia/Tokyo\n');
    try {
      const tokyoFeed = insertFeed(tokyo.db);
      insertItem(tokyo.db, tokyoFeed, TOPICAL_ITEMS[0]!);
      insertItem(tokyo.db, tokyoFeed, TOPICAL_ITEMS[3]!);

      const result = await composeIssue(tokyo, { now: new Date('2026-12-04T20:00:00.000Z') });

      expect(result.issueDate).toBe('2026-12-05');
    } finally {
      tokyo.cleanup();
    }
  });

  test('no items raises NO_ITEMS', async () => {
    const attempt = composeIssue(context, { now: NOW });

    await expect(attempt).rejects.toThrow(AppError);
    await expect(composeIssue(context, { now: NOW })).rejects.toMatchObject({ code: 'NO_ITEMS' });
    await expect(composeIssue(context, { now: NOW })).rejects.toThrow(/no new items since 2026-12-03T06:30:00.000Z; run collect first or pass --since/);
  });

  test('first issue takes the last firstIssueHours', async () => {
    const recent = insertItem(context.db, feedId, { ...TOPICAL_ITEMS[0]!, publishedAt: '2026-12-03T07:00:00.000Z' });
    insertItem(context.db, feedId, { ...TOPICAL_ITEMS[3]!, publishedAt: '2026-12-03T06:00:00.000Z' });

    const { issueId } = await composeIssue(context, { now: NOW });

    expect(issueItems(issueId).map((row) => row.item_id)).toEqual([recent]);
  });

  test('since widens the window', async () => {
    insertItem(context.db, feedId, { ...TOPICAL_ITEMS[0]!, publishedAt: '2026-12-03T07:00:00.000Z' });
    insertItem(context.db, feedId, { ...TOPICAL_ITEMS[3]!, publishedAt: '2020-06-01T00:00:00.000Z' });

    const result = await composeIssue(context, { now: NOW, since: new Date('2000-01-01T00:00:00Z') });

    expect(result.itemCount).toBe(2);
  });

  test('undated items are ordered by first-seen time', async () => {
    const small = createConfiguredContext('compose:\n  maxItems: 2\n');
    try {
      const smallFeed = insertFeed(small.db);
      const firstBatch = '2026-12-04T00:30:00.000Z';
      const older = insertItem(small.db, smallFeed, { ...TOPICAL_ITEMS[0]!, publishedAt: '2026-12-04T01:00:00.000Z', firstSeenAt: firstBatch });
      const undated = insertItem(small.db, smallFeed, { ...TOPICAL_ITEMS[1]!, publishedAt: null, firstSeenAt: '2026-12-04T03:00:00.000Z' });
      const newer = insertItem(small.db, smallFeed, { ...TOPICAL_ITEMS[2]!, publishedAt: '2026-12-04T05:00:00.000Z' });

      const { issueId } = await composeIssue(small, { now: NOW });

      const rows = small.db.prepare('SELECT item_id, included FROM issue_items WHERE issue_id = ?').all(issueId) as { item_id: number; included: number }[];
      expect(rows.filter((row) => row.included === 1).map((row) => row.item_id).sort()).toEqual([undated, newer].sort());
      expect(rows.filter((row) => row.included === 0).map((row) => row.item_id)).toEqual([older]);
    } finally {
      small.cleanup();
    }
  });

  test('undated first batch is not new', async () => {
    const firstBatch = '2026-12-04T05:30:00.000Z';
    insertItem(context.db, feedId, { ...TOPICAL_ITEMS[0]!, publishedAt: null, firstSeenAt: firstBatch });
    insertItem(context.db, feedId, { ...TOPICAL_ITEMS[1]!, publishedAt: null, firstSeenAt: firstBatch });
    const dated = insertItem(context.db, feedId, { ...TOPICAL_ITEMS[3]!, publishedAt: '2026-12-04T02:00:00.000Z', firstSeenAt: firstBatch });

    const { issueId } = await composeIssue(context, { now: NOW });

    expect(issueItems(issueId).map((row) => row.item_id)).toEqual([dated]);
  });

  test('undated-only first batch raises NO_ITEMS', async () => {
    insertItem(context.db, feedId, { ...TOPICAL_ITEMS[0]!, publishedAt: null });
    insertItem(context.db, feedId, { ...TOPICAL_ITEMS[1]!, publishedAt: null });

    await expect(composeIssue(context, { now: NOW })).rejects.toMatchObject({ code: 'NO_ITEMS' });
  });

  test('backfill ranks undated first batch last', async () => {
    const small = createConfiguredContext('compose:\n  maxItems: 3\n');
    try {
      const datedFeed = insertFeed(small.db, 'https://feeds.example.com/dated.xml', 'Dated');
      const undatedFeed = insertFeed(small.db, 'https://feeds.example.com/undated.xml', 'Undated');
      const firstBatch = '2026-12-04T05:30:00.000Z';
      const undatedIds = [0, 1, 2].map((index) =>
        insertItem(small.db, undatedFeed, { ...TOPICAL_ITEMS[index]!, link: `https://example.com/undated-${index}`, publishedAt: null, firstSeenAt: firstBatch }),
      );
      const old = insertItem(small.db, datedFeed, { ...TOPICAL_ITEMS[3]!, publishedAt: '2019-05-01T00:00:00.000Z', firstSeenAt: firstBatch });
      const older = insertItem(small.db, datedFeed, { ...TOPICAL_ITEMS[4]!, publishedAt: '2018-05-01T00:00:00.000Z', firstSeenAt: firstBatch });

      const { issueId } = await composeIssue(small, { now: NOW, since: new Date('2000-01-01T00:00:00Z') });

      const rows = small.db.prepare('SELECT item_id, included FROM issue_items WHERE issue_id = ?').all(issueId) as { item_id: number; included: number }[];
      const included = rows.filter((row) => row.included === 1).map((row) => row.item_id);
      expect(included).toContain(old);
      expect(included).toContain(older);
      expect(included.filter((id) => undatedIds.includes(id))).toHaveLength(1);
      expect(rows.filter((row) => row.included === 0)).toHaveLength(2);
    } finally {
      small.cleanup();
    }
  });

  test('backfill skips undated items seen before since', async () => {
    const firstBatch = '2026-11-01T05:30:00.000Z';
    insertItem(context.db, feedId, { ...TOPICAL_ITEMS[0]!, publishedAt: null, firstSeenAt: firstBatch });
    const dated = insertItem(context.db, feedId, { ...TOPICAL_ITEMS[3]!, publishedAt: '2026-12-02T00:00:00.000Z', firstSeenAt: firstBatch });

    const { issueId } = await composeIssue(context, { now: NOW, since: new Date('2026-12-01T00:00:00Z') });

    expect(issueItems(issueId).map((row) => row.item_id)).toEqual([dated]);
  });

  test('next issue takes items new since the last', async () => {
    insertTopicalItems();
    await composeIssue(context, { now: NOW });
    const later = insertItem(context.db, feedId, { ...TOPICAL_ITEMS[5]!, link: 'https://example.com/later', publishedAt: '2026-12-04T20:00:00.000Z' });
    const laterAgain = insertItem(context.db, feedId, { ...TOPICAL_ITEMS[0]!, link: 'https://example.com/later-2', publishedAt: '2026-12-05T01:00:00.000Z' });

    const next = await composeIssue(context, { now: new Date('2026-12-05T06:30:00.000Z') });

    expect(issueItems(next.issueId).map((row) => row.item_id).sort()).toEqual([later, laterAgain].sort());
  });

  test('items of a live issue are not picked again', async () => {
    insertTopicalItems();
    await composeIssue(context, { now: NOW });

    const next = composeIssue(context, { now: new Date('2026-12-05T06:30:00.000Z'), since: new Date('2000-01-01T00:00:00Z') });

    await expect(next).rejects.toMatchObject({ code: 'NO_ITEMS' });
  });

  test('recompose cancels the live draft', async () => {
    insertTopicalItems();
    const first = await composeIssue(context, { now: NOW });

    const second = await composeIssue(context, { now: new Date('2026-12-04T07:00:00.000Z') });

    expect(second.issueId).not.toBe(first.issueId);
    expect(second.itemCount).toBe(first.itemCount);
    expect(getIssue(context.db, first.issueId)!.status).toBe('cancelled');
    expect(getIssue(context.db, first.issueId)!.cancelled_at).not.toBeNull();
    expect(getIssue(context.db, second.issueId)!.status).toBe('draft');
  });

  test.each(['approved', 'sending', 'sent', 'failed'] as const)('%s issue raises ISSUE_STATE', async (status) => {
    insertTopicalItems();
    const first = await composeIssue(context, { now: NOW });
    setIssueStatus(context.db, first.issueId, status);

    const attempt = composeIssue(context, { now: NOW, since: new Date('2000-01-01T00:00:00Z') });

    await expect(attempt).rejects.toMatchObject({ code: 'ISSUE_STATE' });
    await expect(composeIssue(context, { now: NOW })).rejects.toThrow(new RegExp(`issue of 2026-12-04 \\(id ${first.issueId}\\) is already ${status}`));
    const live = context.db.prepare("SELECT * FROM issues WHERE status <> 'cancelled'").all() as IssueRow[];
    expect(live.map((issue) => issue.id)).toEqual([first.issueId]);
  });
});

import { storeDraftIssue, type DraftIssue } from '../../src/compose/store-issue';
import type { IssueRow } from '../../src/domain';
import { getIssue, setIssueStatus } from '../../src/store/issues';
import { createTestContext, type TestContext } from '../helpers/context';
import { insertFeed, insertItem } from './fixtures';

let context: TestContext;
let itemIds: number[];

beforeEach(() => {
  context = createTestContext();
  const feedId = insertFeed(context.db);
  itemIds = ['One', 'Two', 'Three'].map((title) => insertItem(context.db, feedId, { title }));
});

afterEach(() => context.cleanup());

function draft(overrides: Partial<DraftIssue> = {}): DraftIssue {
  return {
    issueDate: '2026-12-04',
    subject: 'AI Daily Summary — 4 Dec 2026: One',
    digest: { themes: [{ title: 'One', summary: [], keyItems: [{ itemId: itemIds[0]!, sentence: '' }] }], conclusion: [], topItemIds: [itemIds[0]!], itemIds: [itemIds[1]!, itemIds[0]!] },
    composer: 'offline',
    fallbackReason: null,
    warnings: ['a warning'],
    usage: null,
    leftOutItemIds: [itemIds[2]!],
    createdAt: '2026-12-04T06:30:00.000Z',
    ...overrides,
  };
}

describe('storeDraftIssue', () => {
  test('stores the issue and its items', () => {
    const { issueId, replacedIssueId } = storeDraftIssue(context.db, draft());

    const issue = getIssue(context.db, issueId)!;
    expect(replacedIssueId).toBeNull();
    expect(issue).toMatchObject({ status: 'draft', issue_date: '2026-12-04', composer: 'offline', warnings_json: '["a warning"]', usage_json: null });
    const rows = context.db.prepare('SELECT item_id, included, rank FROM issue_items WHERE issue_id = ? ORDER BY included DESC, rank').all(issueId);
    expect(rows).toEqual([
      { item_id: itemIds[1], included: 1, rank: 1 },
      { item_id: itemIds[0], included: 1, rank: 2 },
      { item_id: itemIds[2], included: 0, rank: null },
    ]);
  });

  test('cancels a live draft of the date', () => {
    const first = storeDraftIssue(context.db, draft());

    const second = storeDraftIssue(context.db, draft({ composer: 'claude', usage: { model: 'm' } }));

    expect(second.replacedIssueId).toBe(first.issueId);
    expect(getIssue(context.db, first.issueId)).toMatchObject({ status: 'cancelled', status_reason: 'replaced by a new compose' });
    expect(getIssue(context.db, second.issueId)).toMatchObject({ status: 'draft', composer: 'claude', usage_json: '{"model":"m"}' });
  });

  test('sent issue of the date raises ISSUE_STATE', () => {
    const first = storeDraftIssue(context.db, draft());
    setIssueStatus(context.db, first.issueId, 'sent');

    expect(() => storeDraftIssue(context.db, draft())).toThrow(expect.objectContaining({ code: 'ISSUE_STATE' }));
    const live = context.db.prepare("SELECT id FROM issues WHERE status <> 'cancelled'").all() as Pick<IssueRow, 'id'>[];
    expect(live).toEqual([{ id: first.issueId }]);
  });

  test('failed issue message names send', () => {
    const first = storeDraftIssue(context.db, draft());
    setIssueStatus(context.db, first.issueId, 'failed');

    expect(() => storeDraftIssue(context.db, draft())).toThrow(`retry its delivery with \`ai-daily-summary send ${first.issueId}\``);
  });
});

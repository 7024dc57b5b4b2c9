import type { Digest, IssueRow } from '../domain';
import { AppError } from '../errors';
import type { Database } from '../store/db';
import { getIssue, parseDigest } from '../store/issues';

/** An item as the operator pages and the archive show it: title, link and feed from the items table. */
export interface ItemSummary {
  id: number;
  title: string;
  link: string | null;
  feedTitle: string;
  publishedAt: string | null;
}

/** An issue with its digest and every item it cites or considered, read in one place. */
export interface IssueView {
  issue: IssueRow;
  digest: Digest;
  /** Every item the digest refers to, by id. */
  items: Map<number, ItemSummary>;
  /** Items the composer considered but left out of the issue. */
  leftOut: ItemSummary[];
  warnings: string[];
}

/** Load an issue and the items it refers to, or raise ISSUE_NOT_FOUND. */
export function loadIssueView(db: Database, issueId: number): IssueView {
  const issue = getIssue(db, issueId);
  if (!issue) {
    throw new AppError('ISSUE_NOT_FOUND', `issue ${issueId} not found; the drafts list at /admin shows every issue`, { issueId });
  }
  return buildIssueView(db, issue);
}

/** Build the view of an issue row already read. */
export function buildIssueView(db: Database, issue: IssueRow): IssueView {
  const digest = parseDigest(issue);
  const items = new Map(selectItems(db, citedItemIds(digest)).map((item) => [item.id, item]));
  const leftOut = selectLeftOutItems(db, issue.id);
  return { issue, digest, items, leftOut, warnings: parseWarnings(issue.warnings_json) };
}

/** Collect every item id a digest mentions: sources, top sources, key items and statement citations. */
export function citedItemIds(digest: Digest): number[] {
  const ids = new Set<number>([...digest.itemIds, ...digest.topItemIds]);
  for (const theme of digest.themes) {
    theme.keyItems.forEach((keyItem) => ids.add(keyItem.itemId));
    theme.summary.forEach((statement) => statement.itemIds.forEach((id) => ids.add(id)));
  }
  digest.conclusion.forEach((statement) => statement.itemIds.forEach((id) => ids.add(id)));
  return [...ids];
}

/** Collect the item ids one theme cites, key items first, then in order of first mention. */
export function themeItemIds(theme: Digest['themes'][number]): number[] {
  const ids = new Set<number>(theme.keyItems.map((keyItem) => keyItem.itemId));
  theme.summary.forEach((statement) => statement.itemIds.forEach((id) => ids.add(id)));
  return [...ids];
}

const ITEM_COLUMNS = `items.id AS id, items.title AS title, items.link AS link,
  coalesce(feeds.title, feeds.url) AS feedTitle, items.published_at AS publishedAt`;

function selectItems(db: Database, ids: number[]): ItemSummary[] {
  if (ids.length === 0) return [];
  const statement = db.prepare(
    `SELECT ${ITEM_COLUMNS} FROM items JOIN feeds ON feeds.id = items.feed_id
     WHERE items.id IN (SELECT value FROM json_each(?))`,
  );
  return statement.all(JSON.stringify(ids)) as ItemSummary[];
}

function selectLeftOutItems(db: Database, issueId: number): ItemSummary[] {
  const statement = db.prepare(
    `SELECT ${ITEM_COLUMNS} FROM issue_items
     JOIN items ON items.id = issue_items.item_id JOIN feeds ON feeds.id = items.feed_id
     WHERE issue_items.issue_id = ? AND issue_items.included = 0
     ORDER BY coalesce(items.published_at, items.first_seen_at) DESC`,
  );
  return statement.all(issueId) as ItemSummary[];
}

/** Read warnings_json, a list of strings or of objects with a `message`, as plain lines. */
function parseWarnings(warningsJson: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(warningsJson);
  } catch {
    return [`warnings_json is not valid JSON: ${warningsJson.slice(0, 200)}`];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.map((warning: unknown) => {
    if (typeof warning === 'string') return warning;
    if (warning && typeof warning === 'object' && typeof (warning as { message?: unknown }).message === 'string') {
      return (warning as { message: string }).message;
    }
    return JSON.stringify(warning);
  });
}

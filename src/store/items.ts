import type { Statement } from 'better-sqlite3';
import type { ItemRow } from '../domain';
import { nowIso, type Database } from './db';

/** Prepared statements per connection: collect runs the same few queries for every item and feed. */
const statementCache = new WeakMap<Database, Map<string, Statement>>();

/**
 * Return the connection's prepared statement for `sql`, preparing it on first use. Callers must
 * not change its mode (pluck, raw, expand) unless every caller of that SQL does the same.
 */
export function statement(db: Database, sql: string): Statement {
  let statements = statementCache.get(db);
  if (!statements) {
    statements = new Map();
    statementCache.set(db, statements);
  }
  let prepared = statements.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    statements.set(sql, prepared);
  }
  return prepared;
}

/** The last instant isoAt formatted, and its ISO-8601 string. */
const lastIso = { millis: NaN, iso: '' };

/**
 * Format epoch milliseconds as nowIso does, reusing the previous result for the same instant,
 * because one collect run stores and compares every item with the same `now`.
 */
function isoAt(millis: number): string {
  if (millis !== lastIso.millis) {
    lastIso.iso = nowIso(new Date(millis));
    lastIso.millis = millis;
  }
  return lastIso.iso;
}

/** An item ready to insert: everything but the id. */
export interface NewItem {
  feedId: number;
  dedupKey: string;
  titleKey: string | null;
  guid: string | null;
  link: string | null;
  title: string;
  author: string | null;
  publishedAt: string | null;
  summary: string;
  text: string;
  html: string;
  image: string | null;
  textSource: 'feed' | 'page';
}

export function getItem(db: Database, id: number): ItemRow | undefined {
  return statement(db, 'SELECT * FROM items WHERE id = ?').get(id) as ItemRow | undefined;
}

/** Find the item stored under a dedup key or one of its aliases; returns its id and feed id. */
export function findItemByDedupKey(db: Database, dedupKey: string): { id: number; feed_id: number } | undefined {
  const lookup = statement(
    db,
    `SELECT id, feed_id FROM items WHERE dedup_key = ?
     UNION ALL
     SELECT items.id, items.feed_id FROM item_aliases JOIN items ON items.id = item_aliases.item_id WHERE item_aliases.dedup_key = ?
     LIMIT 1`,
  );
  return lookup.get(dedupKey, dedupKey) as { id: number; feed_id: number } | undefined;
}

/** Record another dedup key under which a stored item was seen. */
export function addItemAlias(db: Database, dedupKey: string, itemId: number): void {
  statement(db, 'INSERT OR IGNORE INTO item_aliases (dedup_key, item_id) VALUES (?, ?)').run(dedupKey, itemId);
}

/**
 * Find an item of another feed with the same folded title, first seen within `windowHours`
 * before `now`, because that is the same story published under a near-identical title.
 */
export function findItemByTitleKey(db: Database, titleKey: string, feedId: number, now: Date, windowHours: number): { id: number } | undefined {
  const since = isoAt(now.getTime() - windowHours * 3_600_000);
  return statement(db, 'SELECT id FROM items WHERE title_key = ? AND feed_id <> ? AND first_seen_at >= ? ORDER BY id LIMIT 1')
    .get(titleKey, feedId, since) as { id: number } | undefined;
}

/** Insert a new item first seen at `now`; returns its id. */
export function insertItem(db: Database, item: NewItem, now: Date): number {
  const insert = statement(
    db,
    `INSERT INTO items (feed_id, dedup_key, title_key, guid, link, title, author, published_at, first_seen_at,
       summary, text, html, image, text_source)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Positional parameters, because named ones need a copy of the item with firstSeenAt added and a
  // lookup by name for each column.
  const result = insert.run(
    item.feedId, item.dedupKey, item.titleKey, item.guid, item.link, item.title, item.author, item.publishedAt, isoAt(now.getTime()),
    item.summary, item.text, item.html, item.image, item.textSource,
  );
  return Number(result.lastInsertRowid);
}

/** Record that another feed carried a stored story ("also covered by"); repeats are ignored. */
export function addItemSource(db: Database, itemId: number, feedId: number, link: string | null, now: Date): void {
  statement(db, 'INSERT OR IGNORE INTO item_sources (item_id, feed_id, link, seen_at) VALUES (?, ?, ?, ?)').run(itemId, feedId, link, nowIso(now));
}

/** List the other feeds that carried an item, with their links. */
export function listItemSources(db: Database, itemId: number): { feed_id: number; link: string | null; seen_at: string }[] {
  return statement(db, 'SELECT feed_id, link, seen_at FROM item_sources WHERE item_id = ? ORDER BY seen_at, feed_id').all(itemId) as {
    feed_id: number;
    link: string | null;
    seen_at: string;
  }[];
}

/** Replace an item's text with the article page's main content (full-text option). */
export function updateItemPageText(db: Database, id: number, page: { html: string; text: string; summary: string }): void {
  statement(db, "UPDATE items SET html = ?, text = ?, summary = ?, text_source = 'page' WHERE id = ?").run(page.html, page.text, page.summary, id);
}

/** Number of items of a feed. */
export function countItemsOfFeed(db: Database, feedId: number): number {
  return statement(db, 'SELECT count(*) FROM items WHERE feed_id = ?').pluck().get(feedId) as number;
}

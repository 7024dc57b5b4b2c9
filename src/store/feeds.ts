import type { FeedRow } from '../domain';
import { nowIso, type Database } from './db';
import { statement } from './items';

/** Fields a feed is registered with (config file, `feeds add`, `--feeds` or OPML import). */
export interface FeedInput {
  url: string;
  title?: string | null;
  tags?: string[];
  fullText?: boolean;
}

export function getFeed(db: Database, id: number): FeedRow | undefined {
  return statement(db, 'SELECT * FROM feeds WHERE id = ?').get(id) as FeedRow | undefined;
}

/** Find a feed by its URL, or by the URL it had before a permanent redirect. */
export function findFeedByUrl(db: Database, url: string): FeedRow | undefined {
  const current = statement(db, 'SELECT * FROM feeds WHERE url = ?').get(url) as FeedRow | undefined;
  return current ?? (statement(db, 'SELECT * FROM feeds WHERE moved_from = ? ORDER BY id LIMIT 1').get(url) as FeedRow | undefined);
}

/** List every feed in the order they were added. */
export function listFeeds(db: Database): FeedRow[] {
  return statement(db, 'SELECT * FROM feeds WHERE listed = 1 ORDER BY id').all() as FeedRow[];
}

export function listEnabledFeeds(db: Database): FeedRow[] {
  return statement(db, 'SELECT * FROM feeds WHERE enabled = 1 AND listed = 1 ORDER BY id').all() as FeedRow[];
}

/**
 * Insert the feed, or return the existing row with that URL. With `overwrite` (config sync,
 * `feeds add`), the given title, tags and full-text option replace those of an existing row.
 * With `enable` (`feeds add`), a disabled row is enabled again.
 */
export function upsertFeed(
  db: Database,
  input: FeedInput,
  options: { overwrite?: boolean; enable?: boolean; now?: Date; listed?: boolean } = {},
): FeedRow {
  const existing = findFeedByUrl(db, input.url);
  if (!existing) {
    const result = statement(db, 'INSERT INTO feeds (url, title, tags, full_text, created_at, listed) VALUES (?, ?, ?, ?, ?, ?)')
      .run(input.url, input.title ?? null, JSON.stringify(input.tags ?? []), input.fullText ? 1 : 0, nowIso(options.now), options.listed === false ? 0 : 1);
    return getFeed(db, Number(result.lastInsertRowid))!;
  }
  if (options.overwrite || options.enable) {
    // The config or `feeds add` names a feed that an earlier `--feeds` run stored unlisted.
    statement(db, 'UPDATE feeds SET listed = 1 WHERE id = ?').run(existing.id);
  }
  if (options.enable) {
    statement(db, 'UPDATE feeds SET enabled = 1, disabled_reason = NULL, failure_count = 0, next_attempt_at = NULL WHERE id = ?').run(existing.id);
  }
  if (!options.overwrite) return getFeed(db, existing.id)!;

  let fullTextFlag = existing.full_text;
  if (input.fullText !== undefined) fullTextFlag = input.fullText ? 1 : 0;

  statement(db, 'UPDATE feeds SET title = coalesce(?, title), tags = ?, full_text = ? WHERE id = ?').run(
    input.title ?? null,
    JSON.stringify(input.tags ?? JSON.parse(existing.tags)),
    fullTextFlag,
    existing.id,
  );
  return getFeed(db, existing.id)!;
}

/** Feed fields a successful fetch learned. */
export interface FetchSuccess {
  title: string | null;
  siteUrl: string | null;
  format: string | null;
  encoding: string | null;
  etag: string | null;
  lastModified: string | null;
  /** URL the last redirect led to (feeds.final_url); null for files. */
  finalUrl: string | null;
}

/** A feeds row with the columns the collect stage added (see migrations 1xx). */
export interface CollectFeedRow extends FeedRow {
  final_url: string | null;
  moved_from: string | null;
}

/** Record a fetch that returned the feed (200) and reset the failure count. */
export function recordFeedSuccess(db: Database, id: number, success: FetchSuccess, now: Date): void {
  statement(
    db,
    `UPDATE feeds SET title = coalesce(title, ?), site_url = coalesce(?, site_url), format = ?, encoding = ?,
       etag = ?, last_modified = ?, final_url = ?, last_fetched_at = ?, last_success_at = ?,
       failure_count = 0, last_error = NULL, next_attempt_at = NULL
     WHERE id = ?`,
  ).run(
    success.title || null,
    success.siteUrl,
    success.format,
    success.encoding,
    success.etag,
    success.lastModified,
    success.finalUrl,
    nowIso(now),
    nowIso(now),
    id,
  );
}

/** Record a 304 Not Modified response: the feed is healthy and unchanged. */
export function recordFeedNotModified(db: Database, id: number, now: Date): void {
  statement(
    db,
    'UPDATE feeds SET last_fetched_at = ?, last_success_at = ?, failure_count = 0, last_error = NULL, next_attempt_at = NULL WHERE id = ?',
  ).run(nowIso(now), nowIso(now), id);
}

/** Record a failed fetch or parse; `disabledReason` disables the feed (410 Gone). */
export function recordFeedFailure(
  db: Database,
  id: number,
  failure: { error: string; nextAttemptAt: Date | null; disabledReason?: string | null },
  now: Date,
): void {
  const disabled = failure.disabledReason ? 1 : 0;
  statement(
    db,
    `UPDATE feeds SET last_fetched_at = ?, failure_count = failure_count + 1, last_error = ?, next_attempt_at = ?,
       enabled = CASE WHEN ? = 1 THEN 0 ELSE enabled END, disabled_reason = coalesce(?, disabled_reason)
     WHERE id = ?`,
  ).run(nowIso(now), failure.error, failure.nextAttemptAt ? nowIso(failure.nextAttemptAt) : null, disabled, failure.disabledReason ?? null, id);
}

/**
 * Point the feed at the URL a permanent redirect (301/308) named. Returns false and leaves the
 * row as it is when another feed already has that URL.
 */
export function updateFeedUrl(db: Database, id: number, url: string): boolean {
  const other = statement(db, 'SELECT id FROM feeds WHERE url = ?').get(url) as { id: number } | undefined;
  if (other && other.id !== id) return false;
  statement(db, 'UPDATE feeds SET moved_from = coalesce(moved_from, url), url = ? WHERE id = ?').run(url, id);
  return true;
}

/**
 * Remove a feed and delete its items that no issue references. When an issue still cites some of
 * its items, the feed is disabled instead, so that those issues keep their sources. Returns which.
 */
export function removeFeed(db: Database, id: number): 'deleted' | 'disabled' {
  db.prepare('DELETE FROM item_sources WHERE feed_id = ?').run(id);
  db.prepare('DELETE FROM items WHERE feed_id = ? AND id NOT IN (SELECT item_id FROM issue_items)').run(id);

  const remaining = db.prepare('SELECT count(*) FROM items WHERE feed_id = ?').pluck().get(id) as number;
  if (remaining > 0) {
    db.prepare("UPDATE feeds SET enabled = 0, disabled_reason = 'removed by the operator; kept because issues cite its items' WHERE id = ?").run(id);
    return 'disabled';
  }
  db.prepare('DELETE FROM feeds WHERE id = ?').run(id);
  return 'deleted';
}

/** Return the feed's tags, stored as a JSON array. */
export function feedTags(feed: FeedRow): string[] {
  try {
    const tags = JSON.parse(feed.tags) as unknown;
    return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
  } catch {
    return [];
  }
}

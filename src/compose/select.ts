import type { ItemRow } from '../domain';
import type { Database } from '../store/db';

export interface SelectionOptions {
  /** Start of the window, from `--since`; null picks the default window. */
  since: Date | null;
  now: Date;
  /** Window of the first issue, when no earlier issue bounds "new". */
  firstIssueHours: number;
  maxItems: number;
  /** A live draft that this compose replaces: its items are free to be picked again. */
  replacedIssueId: number | null;
}

export interface Selection {
  windowStart: Date;
  /** Picked items, most recent first. */
  items: ItemRow[];
  /** Items in the window beyond `maxItems`, recorded as left out. */
  leftOut: ItemRow[];
}

/**
 * Pick the items of an issue: those dated at or after the window start and not already
 * considered by a live (not cancelled) issue, most recent first, at most `maxItems`.
 * An item's date is its published date or, for an undated item, its first-seen time, so
 * undated items are ordered by when they were collected.
 * The window starts at `since`, else at the creation of the newest live issue, else
 * `firstIssueHours` before `now`.
 */
export function selectItems(db: Database, options: SelectionOptions): Selection {
  const windowStart = options.since ?? defaultWindowStart(db, options);

  const rows = db
    .prepare(
      `SELECT items.* FROM items
       WHERE coalesce(published_at, first_seen_at) >= @windowStart
         AND NOT EXISTS (
           SELECT 1 FROM issue_items
           JOIN issues ON issues.id = issue_items.issue_id
           WHERE issue_items.item_id = items.id
             AND issues.status <> 'cancelled'
             AND issues.id IS NOT @replacedIssueId
         )
       ORDER BY coalesce(published_at, first_seen_at) DESC, id DESC`,
    )
    .all({ windowStart: windowStart.toISOString(), replacedIssueId: options.replacedIssueId }) as ItemRow[];

  return {
    windowStart,
    items: rows.slice(0, options.maxItems),
    leftOut: rows.slice(options.maxItems),
  };
}

function defaultWindowStart(db: Database, options: SelectionOptions): Date {
  const lastCreatedAt = db
    .prepare(
      `SELECT max(created_at) FROM issues
       WHERE status <> 'cancelled' AND id IS NOT @replacedIssueId`,
    )
    .pluck()
    .get({ replacedIssueId: options.replacedIssueId }) as string | null;

  if (lastCreatedAt) return new Date(lastCreatedAt);
  return new Date(options.now.getTime() - options.firstIssueHours * 3_600_000);
}

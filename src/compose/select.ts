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
  /** Picked items, most recent first, then the items of unknown age. */
  items: ItemRow[];
  /** Items in the window beyond `maxItems`, recorded as left out. */
  leftOut: ItemRow[];
}

/**
 * Pick the items of an issue: those in the window and not already considered by a live
 * (not cancelled) issue, most recent first, at most `maxItems`.
 *
 * An item's date is its published date. An undated item's first-seen time is evidence of its
 * age only when the item arrived after its feed's first collect, because a feed's first batch
 * contains its whole back catalogue (a 2018 post collected today is not news from today). So:
 * - a dated item is in the window when it was published at or after the window start;
 * - an undated item seen after its feed's first batch is dated by its first-seen time;
 * - an undated item of its feed's first batch has an unknown age. It is never "new" for the
 *   default window, and an explicit `since` window takes it only when it was first seen at or
 *   after `since`, ranked after every item with a date.
 *
 * The window starts at `since`, else at the creation of the newest live issue, else
 * `firstIssueHours` before `now`.
 */
export function selectItems(db: Database, options: SelectionOptions): Selection {
  const windowStart = options.since ?? defaultWindowStart(db, options);

  // The first filter is the one the items_order index covers, and the first batch of each feed
  // is looked up only for the undated items that pass it.
  const rows = db
    .prepare(
      `WITH candidates AS (
         SELECT items.*,
                CASE
                  WHEN published_at IS NOT NULL THEN published_at
                  WHEN first_seen_at > (SELECT min(batch.first_seen_at) FROM items AS batch WHERE batch.feed_id = items.feed_id)
                    THEN first_seen_at
                END AS known_date
         FROM items
         WHERE coalesce(published_at, first_seen_at) >= @windowStart
           AND NOT EXISTS (
             SELECT 1 FROM issue_items
             JOIN issues ON issues.id = issue_items.issue_id
             WHERE issue_items.item_id = items.id
               AND issues.status <> 'cancelled'
               AND issues.id IS NOT @replacedIssueId
           )
       )
       SELECT * FROM candidates
       WHERE known_date IS NOT NULL OR @takesUndatedBatch
       ORDER BY known_date IS NULL, known_date DESC, id DESC`,
    )
    .all({
      windowStart: windowStart.toISOString(),
      replacedIssueId: options.replacedIssueId,
      takesUndatedBatch: options.since === null ? 0 : 1,
    }) as Array<ItemRow & { known_date?: string | null }>;

  const items = rows.map(({ known_date: _knownDate, ...item }) => item as ItemRow);
  return {
    windowStart,
    items: items.slice(0, options.maxItems),
    leftOut: items.slice(options.maxItems),
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

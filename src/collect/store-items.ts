import { writeTransaction, type Database } from '../store/db';
import { addItemAlias, addItemSource, findItemByDedupKey, findItemByTitleKey, insertItem } from '../store/items';
import { dedupKey, titleKey } from './dedup';
import type { NormalizedItem } from './normalize';

/** Window in which two feeds' items with the same folded title count as one story. */
const SAME_TITLE_WINDOW_HOURS = 48;

export interface StoredItems {
  itemsNew: number;
  itemsSeen: number;
  /** Ids of the new items with their parsed form, for the full-text step. */
  inserted: { id: number; item: NormalizedItem }[];
}

/**
 * Store a feed's items in one write transaction. An item whose dedup key is already stored is
 * seen again, not stored; when another feed stored it, this feed is added to its sources. An
 * item of another feed with the same folded title within 48 hours is treated the same way.
 */
export function storeFeedItems(db: Database, feedId: number, items: NormalizedItem[], now: Date): StoredItems {
  return writeTransaction(db, () => {
    const stored: StoredItems = { itemsNew: 0, itemsSeen: 0, inserted: [] };
    const feedKey = `feed:${feedId}`;

    for (const item of items) {
      const key = dedupKey(item, feedKey);
      const existing = findItemByDedupKey(db, key);
      if (existing) {
        if (existing.feed_id !== feedId) addItemSource(db, existing.id, feedId, item.link, now);
        stored.itemsSeen += 1;
        continue;
      }

      const folded = titleKey(item.title);
      const sameTitle = folded ? findItemByTitleKey(db, folded, feedId, now, SAME_TITLE_WINDOW_HOURS) : undefined;
      if (sameTitle) {
        addItemSource(db, sameTitle.id, feedId, item.link, now);
        addItemAlias(db, key, sameTitle.id);
        stored.itemsSeen += 1;
        continue;
      }

      const id = insertItem(
        db,
        {
          feedId,
          dedupKey: key,
          titleKey: folded,
          guid: item.guid,
          link: item.link,
          title: item.title,
          author: item.author,
          publishedAt: item.published,
          summary: item.summary,
          text: item.text,
          html: item.html,
          image: item.image,
          textSource: 'feed',
        },
        now,
      );
      stored.itemsNew += 1;
      stored.inserted.push({ id, item });
    }
    return stored;
  });
}

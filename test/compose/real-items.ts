import path from 'node:path';
import { collectFeeds } from '../../src/collect/collect';
import type { AppContext } from '../../src/context';
import { AI_FEED_FILES, REAL_FEEDS_DIR } from '../helpers/shared';

/** Collect the seven AI feeds of the shared corpus, read in place, into the context's database. */
export async function collectRealAiFeeds(context: AppContext, now = new Date('2026-12-04T05:00:00.000Z')): Promise<number> {
  const report = await collectFeeds(context, { sources: AI_FEED_FILES.map((file) => path.join(REAL_FEEDS_DIR, file)), now });
  const failed = report.feeds.filter((feed) => feed.status === 'failed');
  if (failed.length > 0) throw new Error(`collect failed for ${failed.map((feed) => `${feed.url}: ${feed.error}`).join('; ')}`);
  return report.itemsNew;
}

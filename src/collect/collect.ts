import type { AppContext } from '../context';
import { elapsedMs } from '../log';
import { listEnabledFeeds, upsertFeed, type CollectFeedRow } from '../store/feeds';
import { collectFeed, type CollectRun } from './collect-feed';
import { createDispatcher, userAgentOf } from './http';
import { createKeyedLimiter } from './limiter';
import { feedUrlOf, isFileUrl, resolveSources } from './sources';

/** The outcome of one feed in a collect run. */
export interface FeedResult {
  feedId: number | null;
  url: string;
  title: string | null;
  status: 'ok' | 'not-modified' | 'failed' | 'skipped';
  itemsNew: number;
  itemsSeen: number;
  error: string | null;
  durationMs: number;
}

export interface CollectReport {
  feeds: FeedResult[];
  feedsOk: number;
  feedsFailed: number;
  itemsNew: number;
  durationMs: number;
}

export interface CollectOptions {
  /** Feed URLs, feed files or folders of feed files; without it, the config's and the table's feeds. */
  sources?: string[];
  /** The time recorded as first_seen_at and compared with each feed's next attempt. */
  now?: Date;
}

/**
 * Collect feeds into the database: fetch, parse, store the new items. One failing feed never
 * stops the others and never makes this throw; it is reported with its URL and reason. Feeds
 * that are disabled or backing off after failures are reported as skipped.
 */
export async function collectFeeds(context: AppContext, options: CollectOptions = {}): Promise<CollectReport> {
  const start = performance.now();
  const now = options.now ?? new Date();
  const { config, logger } = context;

  const { feeds, unresolved } = selectFeeds(context, options.sources, now);
  logger.info({ feeds: feeds.length + unresolved.length }, 'collect started');

  const dispatcher = createDispatcher(config.collect, config.collect.perHostConcurrency);
  const run: CollectRun = { context, now, dispatcher, userAgent: userAgentOf(config.publicUrl) };
  const limit = createKeyedLimiter(config.collect.concurrency, config.collect.perHostConcurrency);

  let results: FeedResult[];
  try {
    results = await Promise.all(
      feeds.map((feed) => {
        const skipReason = skipReasonOf(feed, now);
        if (skipReason) return Promise.resolve(skipped(feed, skipReason));
        return limit(hostOf(feed.url), () => collectFeed(run, feed));
      }),
    );
  } finally {
    await dispatcher.close();
  }

  const report = summarise([...unresolved, ...results], start);
  logger.info(
    { feedsOk: report.feedsOk, feedsFailed: report.feedsFailed, itemsNew: report.itemsNew, durationMs: report.durationMs },
    'collect finished',
  );
  return report;
}

/** Select the feed rows to collect, and report the sources that name nothing collectable. */
function selectFeeds(context: AppContext, sources: string[] | undefined, now: Date): { feeds: CollectFeedRow[]; unresolved: FeedResult[] } {
  const { db, config, logger } = context;

  if (sources) {
    const unresolved: FeedResult[] = [];
    const feeds: CollectFeedRow[] = [];
    for (const source of resolveSources(sources)) {
      if (source.error !== null) {
        logger.warn({ url: source.url, reason: source.error }, 'feed source not found');
        unresolved.push({ feedId: null, url: source.url, title: null, status: 'failed', itemsNew: 0, itemsSeen: 0, error: source.error, durationMs: 0 });
        continue;
      }
      feeds.push(upsertFeed(db, { url: source.url }, { now, listed: false }) as CollectFeedRow);
    }
    return { feeds: dedupeById(feeds), unresolved };
  }

  for (const feed of config.feeds) {
    upsertFeed(db, { url: feedUrlOf(feed.url), title: feed.title ?? null, tags: feed.tags, fullText: feed.fullText }, { overwrite: true, now });
  }
  return { feeds: listEnabledFeeds(db) as CollectFeedRow[], unresolved: [] };
}

function skipReasonOf(feed: CollectFeedRow, now: Date): string | null {
  if (!feed.enabled) return `disabled: ${feed.disabled_reason ?? 'by the operator'}; run "feeds add ${feed.url}" to enable it again`;
  if (!isFileUrl(feed.url) && feed.next_attempt_at && new Date(feed.next_attempt_at) > now) {
    return `backing off after ${feed.failure_count} failure(s) until ${feed.next_attempt_at}: ${feed.last_error ?? 'unknown error'}`;
  }
  return null;
}

function skipped(feed: CollectFeedRow, reason: string): FeedResult {
  return { feedId: feed.id, url: feed.url, title: feed.title, status: 'skipped', itemsNew: 0, itemsSeen: 0, error: reason, durationMs: 0 };
}

function hostOf(url: string): string {
  try {
    return isFileUrl(url) ? url : new URL(url).host;
  } catch {
    return url;
  }
}

function dedupeById(feeds: CollectFeedRow[]): CollectFeedRow[] {
  const seen = new Set<number>();
  return feeds.filter((feed) => !seen.has(feed.id) && seen.add(feed.id));
}

function summarise(feeds: FeedResult[], start: number): CollectReport {
  return {
    feeds,
    feedsOk: feeds.filter((feed) => feed.status === 'ok' || feed.status === 'not-modified').length,
    feedsFailed: feeds.filter((feed) => feed.status === 'failed').length,
    itemsNew: feeds.reduce((sum, feed) => sum + feed.itemsNew, 0),
    durationMs: elapsedMs(start),
  };
}

import type { Dispatcher } from 'undici';
import type { AppContext } from '../context';
import { errorMessage, isAppError } from '../errors';
import { elapsedMs } from '../log';
import { recordFeedFailure, recordFeedNotModified, recordFeedSuccess, updateFeedUrl, type CollectFeedRow } from '../store/feeds';
import { updateItemPageText } from '../store/items';
import { nextAttemptAt } from './backoff';
import type { FeedResult } from './collect';
import { fetchFeedBytes } from './fetch-feed';
import { HttpFailure, httpGet } from './http';
import { parseFeed } from './parse';
import { isFileUrl } from './sources';
import { storeFeedItems } from './store-items';

/** Settings and resources one collect run shares between its feeds. */
export interface CollectRun {
  context: AppContext;
  now: Date;
  dispatcher: Dispatcher;
  userAgent: string;
}

/**
 * Fetch, parse and store one feed, and record the outcome on its row. Every error is caught and
 * becomes a `failed` result with the reason, and the feed's next attempt is set.
 */
export async function collectFeed(run: CollectRun, feed: CollectFeedRow): Promise<FeedResult> {
  const start = performance.now();
  const { context, now } = run;
  const { db, logger, config } = context;
  const base = { feedId: feed.id, url: feed.url, title: feed.title };

  try {
    const fetched = await fetchFeedBytes(feed.url, {
      limits: config.collect,
      userAgent: run.userAgent,
      dispatcher: run.dispatcher,
      etag: feed.etag,
      lastModified: feed.last_modified,
    });

    if (fetched.status === 'not-modified') {
      recordFeedNotModified(db, feed.id, now);
      return { ...base, status: 'not-modified', itemsNew: 0, itemsSeen: 0, error: null, durationMs: elapsedMs(start) };
    }

    const parsed = await parseFeed({ bytes: fetched.bytes, url: fetched.finalUrl, contentType: fetched.contentType }, { excerptChars: config.collect.excerptChars });
    const stored = storeFeedItems(db, feed.id, parsed.items, now);

    let url = feed.url;
    if (fetched.permanentUrl !== feed.url) {
      if (updateFeedUrl(db, feed.id, fetched.permanentUrl)) url = fetched.permanentUrl;
      else logger.warn({ feedId: feed.id, url: feed.url, movedTo: fetched.permanentUrl }, 'feed moved permanently to a URL another feed already has; keeping the old URL');
    }

    recordFeedSuccess(
      db,
      feed.id,
      {
        title: parsed.feed.title,
        siteUrl: parsed.feed.link,
        format: parsed.feed.format,
        encoding: parsed.feed.encoding,
        etag: fetched.etag,
        lastModified: fetched.lastModified,
        finalUrl: isFileUrl(fetched.finalUrl) ? null : fetched.finalUrl,
      },
      now,
    );

    if (feed.full_text) await fetchFullTexts(run, feed.id, stored.inserted);

    const title = feed.title ?? (parsed.feed.title || null);
    return { feedId: feed.id, url, title, status: 'ok', itemsNew: stored.itemsNew, itemsSeen: stored.itemsSeen, error: null, durationMs: elapsedMs(start) };
  } catch (error) {
    const reason = errorMessage(error);
    logger.warn({ feedId: feed.id, url: feed.url, err: isAppError(error) ? undefined : error, reason }, 'feed failed');
    recordFailure(run, feed, error);
    return { ...base, status: 'failed', itemsNew: 0, itemsSeen: 0, error: reason, durationMs: elapsedMs(start) };
  }
}

function recordFailure(run: CollectRun, feed: CollectFeedRow, error: unknown): void {
  const { db, config } = run.context;
  const http = error instanceof HttpFailure ? error : null;
  const isGone = http?.httpStatus === 410;

  const next = isFileUrl(feed.url) || isGone ? null : nextAttemptAt(run.now, feed.failure_count, config.schedule.collectEveryMinutes, http?.retryAfter ?? null);
  recordFeedFailure(db, feed.id, { error: errorMessage(error), nextAttemptAt: next, disabledReason: isGone ? 'HTTP 410 Gone' : null }, run.now);
}

/** Replace teaser text with the article page's main content, for feeds with the full-text option. */
async function fetchFullTexts(run: CollectRun, feedId: number, inserted: { id: number; item: { link: string | null; text: string } }[]): Promise<void> {
  const { context } = run;
  // Loaded on first use, because jsdom takes about 0.5 s to load (Node 20, this project's jsdom 26)
  // and most feeds never need it.
  const { extractArticle, TEASER_MAX_CHARS } = await import('./fulltext');

  for (const { id, item } of inserted) {
    if (!item.link || item.text.length >= TEASER_MAX_CHARS) continue;
    try {
      const page = await httpGet({
        url: item.link,
        accept: 'text/html,application/xhtml+xml',
        userAgent: run.userAgent,
        dispatcher: run.dispatcher,
        limits: context.config.collect,
      });
      const article = extractArticle(page.bytes, page.finalUrl, page.contentType, context.config.collect.excerptChars);
      if (article && article.text.length > item.text.length) updateItemPageText(context.db, id, article);
    } catch (error) {
      context.logger.warn({ feedId, itemId: id, url: item.link, reason: errorMessage(error) }, 'full text fetch failed; keeping the feed text');
    }
  }
}

import type { Config } from '../config/load';
import { fetchFeedBytes } from './fetch-feed';
import { createDispatcher, userAgentOf } from './http';
import { parseFeed, type ParsedFeed } from './parse';
import { feedUrlOf } from './sources';

/**
 * Fetch one feed file or URL and parse it, touching no database (`feeds parse`). Throws
 * AppError FEED_FETCH_FAILED or FEED_PARSE_FAILED naming the location.
 */
export async function parseFeedSource(location: string, config: Config): Promise<ParsedFeed> {
  const url = feedUrlOf(location);
  const dispatcher = createDispatcher(config.collect, 1);
  try {
    const fetched = await fetchFeedBytes(url, {
      limits: config.collect,
      userAgent: userAgentOf(config.publicUrl),
      dispatcher,
    });
    return await parseFeed({ bytes: fetched.bytes, url: fetched.finalUrl, contentType: fetched.contentType }, { excerptChars: config.collect.excerptChars });
  } finally {
    await dispatcher.close();
  }
}

import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Dispatcher } from 'undici';
import { AppError, errorMessage } from '../errors';
import { httpGet, type HttpLimits, type HttpResult } from './http';
import { isFileUrl } from './sources';

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5';

export interface FetchFeedOptions {
  limits: HttpLimits;
  userAgent: string;
  dispatcher: Dispatcher;
  etag?: string | null;
  lastModified?: string | null;
}

/**
 * Read a feed's bytes from a file:// URL or over HTTP. Files obey the same size limit and have
 * no conditional GET, redirects or content type.
 */
export async function fetchFeedBytes(url: string, options: FetchFeedOptions): Promise<HttpResult> {
  if (!isFileUrl(url)) {
    return httpGet({ url, accept: FEED_ACCEPT, ...options });
  }

  const filePath = fileURLToPath(url);
  try {
    const stat = await fs.stat(filePath);
    if (stat.size > options.limits.maxBytes) {
      throw new AppError('FEED_FETCH_FAILED', `feed file ${filePath} is ${stat.size} bytes, over the limit of ${options.limits.maxBytes} (collect.maxBytes)`, { url });
    }
    const bytes = await fs.readFile(filePath);
    return { status: 'ok', bytes, contentType: null, etag: null, lastModified: null, finalUrl: url, permanentUrl: url };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('FEED_FETCH_FAILED', `feed file ${filePath} could not be read: ${errorMessage(error)}`, { url }, { cause: error });
  }
}

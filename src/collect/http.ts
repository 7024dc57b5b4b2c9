import { Agent, fetch, type Dispatcher } from 'undici';
import { AppError, errorMessage } from '../errors';

/** Limits of one HTTP fetch, from config.collect. */
export interface HttpLimits {
  connectTimeoutSeconds: number;
  timeoutSeconds: number;
  maxBytes: number;
  maxRedirects: number;
}

export interface HttpRequest {
  url: string;
  userAgent: string;
  accept: string;
  etag?: string | null;
  lastModified?: string | null;
  limits: HttpLimits;
  dispatcher: Dispatcher;
}

/** A fetched body or a 304 response, with the URLs the redirects led to. */
export interface HttpResult {
  status: 'ok' | 'not-modified';
  bytes: Buffer;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  /** The URL the last redirect led to. */
  finalUrl: string;
  /** The URL to store: the target of the leading run of permanent redirects (301, 308). */
  permanentUrl: string;
}

/** An HTTP failure with what the retry policy needs. */
export class HttpFailure extends AppError {
  constructor(
    url: string,
    reason: string,
    readonly httpStatus: number | null,
    readonly retryAfter: Date | null,
    cause?: unknown,
  ) {
    super('FEED_FETCH_FAILED', `feed ${url} could not be fetched: ${reason}`, { url, httpStatus }, { cause });
  }
}

/** Create an undici dispatcher with the connect timeout and a bounded connection pool per origin. */
export function createDispatcher(limits: HttpLimits, connectionsPerOrigin: number): Agent {
  return new Agent({
    connect: { timeout: limits.connectTimeoutSeconds * 1000 },
    connections: connectionsPerOrigin,
    headersTimeout: limits.timeoutSeconds * 1000,
    bodyTimeout: limits.timeoutSeconds * 1000,
  });
}

/** Build the User-Agent of every fetch: the product and the URL where its operator can be reached. */
export function userAgentOf(publicUrl: string): string {
  return `ai-daily-summary/0.1 (+${publicUrl})`;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GET a URL with conditional headers, following at most `maxRedirects` redirects by hand so
 * that permanent ones can update the stored URL. The whole exchange, body included, must end
 * within `timeoutSeconds`, and a body over `maxBytes` is rejected. gzip, deflate and br bodies
 * are decompressed by undici.
 */
export async function httpGet(request: HttpRequest): Promise<HttpResult> {
  const { limits } = request;
  const signal = AbortSignal.timeout(limits.timeoutSeconds * 1000);

  let url = request.url;
  let permanentUrl = request.url;
  let onlyPermanent = true;

  for (let hop = 0; ; hop += 1) {
    const response = await send(url, request, signal);

    if (REDIRECTS.has(response.status)) {
      await response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      if (!location) throw new HttpFailure(url, `HTTP ${response.status} redirect without a Location header`, response.status, null);
      if (hop >= limits.maxRedirects) {
        throw new HttpFailure(request.url, `more than ${limits.maxRedirects} redirects; check the feed URL`, response.status, null);
      }

      const target = new URL(location, url);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        throw new HttpFailure(url, `redirect to ${target.href}, which is not an http(s) URL`, response.status, null);
      }
      url = target.href;
      onlyPermanent &&= response.status === 301 || response.status === 308;
      if (onlyPermanent) permanentUrl = url;
      continue;
    }

    const common = {
      contentType: response.headers.get('content-type'),
      etag: response.headers.get('etag'),
      lastModified: response.headers.get('last-modified'),
      finalUrl: url,
      permanentUrl,
    };

    if (response.status === 304) {
      await response.body?.cancel().catch(() => undefined);
      return { status: 'not-modified', bytes: Buffer.alloc(0), ...common };
    }

    if (response.status < 200 || response.status > 299) {
      await response.body?.cancel().catch(() => undefined);
      throw statusFailure(url, response.status, response.headers.get('retry-after'));
    }

    const bytes = await readCapped(response, url, limits.maxBytes, signal);
    return { status: 'ok', bytes, ...common };
  }
}

async function send(url: string, request: HttpRequest, signal: AbortSignal) {
  const headers: Record<string, string> = {
    'user-agent': request.userAgent,
    accept: request.accept,
    'accept-encoding': 'gzip, deflate, br',
  };
  if (request.etag) headers['if-none-match'] = request.etag;
  if (request.lastModified) headers['if-modified-since'] = request.lastModified;

  try {
    return await fetch(url, { headers, redirect: 'manual', signal, dispatcher: request.dispatcher });
  } catch (error) {
    throw new HttpFailure(url, describeNetworkError(error, request.limits), null, null, error);
  }
}

function statusFailure(url: string, status: number, retryAfterHeader: string | null): HttpFailure {
  if (status === 410) return new HttpFailure(url, 'HTTP 410 Gone: the feed was removed; find its new URL or remove it', status, null);

  const retryAfter = status === 429 || status === 503 ? parseRetryAfter(retryAfterHeader, new Date()) : null;
  const wait = retryAfter ? ` (retry after ${retryAfter.toISOString()})` : '';
  return new HttpFailure(url, `HTTP ${status}${wait}`, status, retryAfter);
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 section 10.2.3). */
export function parseRetryAfter(value: string | null, now: Date): Date | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return new Date(now.getTime() + Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? new Date(date) : null;
}

async function readCapped(response: Awaited<ReturnType<typeof fetch>>, url: string, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes && !response.headers.get('content-encoding')) {
    await response.body?.cancel().catch(() => undefined);
    throw new HttpFailure(url, `the body is ${declared} bytes, over the limit of ${maxBytes} (collect.maxBytes)`, response.status, null);
  }
  if (!response.body) return Buffer.alloc(0);

  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        await response.body.cancel().catch(() => undefined);
        throw new HttpFailure(url, `the body is over the limit of ${maxBytes} bytes (collect.maxBytes)`, response.status, null);
      }
      chunks.push(Buffer.from(chunk));
    }
  } catch (error) {
    if (error instanceof HttpFailure) throw error;
    const reason = signal.aborted ? 'timed out while reading the body' : `reading the body failed: ${errorMessage(error)}`;
    throw new HttpFailure(url, reason, response.status, null, error);
  }
  return Buffer.concat(chunks);
}

function describeNetworkError(error: unknown, limits: HttpLimits): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return `timed out after ${limits.timeoutSeconds} s (collect.timeoutSeconds)`;
  if (cause?.code === 'UND_ERR_CONNECT_TIMEOUT') return `connecting timed out after ${limits.connectTimeoutSeconds} s (collect.connectTimeoutSeconds)`;
  if (cause?.code === 'UND_ERR_HEADERS_TIMEOUT') return `no answer within ${limits.timeoutSeconds} s (collect.timeoutSeconds)`;
  if (cause?.code) return `${cause.code}: ${cause.message ?? ''}`.trim();
  if (cause?.message) return `${errorMessage(error)}: ${cause.message}`;
  return errorMessage(error);
}

import Anthropic from '@anthropic-ai/sdk';
import type { Logger } from '../../log';

export interface CallOptions {
  /** Epoch milliseconds after which no attempt starts and no wait is made. */
  deadlineAt: number;
  requestTimeoutMs: number;
  logger: Logger;
  /** Injected so tests need not wait; resolves after `ms`. */
  sleep?: (ms: number) => Promise<void>;
  /** Aborted on shutdown: the request in flight is cancelled and no retry starts. */
  signal?: AbortSignal;
}

export interface CallResult {
  message: Anthropic.Message;
  /** Milliseconds of the successful attempt. */
  latencyMs: number;
  attempts: number;
}

/** The Messages API gave up: retries ran past the deadline, or the error is not transient. */
export class ClaudeCallError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClaudeCallError';
  }
}

/** Wait `ms`, or less when `signal` aborts first, so that the retry loop stops at once. */
function abortableSleep(sleep: (ms: number) => Promise<void>, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return sleep(ms);
  return new Promise<void>((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    void sleep(ms).then(done);
  });
}

const BASE_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 16_000;

/**
 * Send one Messages API request, retrying 408, 409, 429, 5xx, 529 and connection failures or
 * timeouts. A retry waits for the server's retry-after (or retry-after-ms) when given, else an
 * exponential backoff from 1 s to 16 s. No attempt starts, and no wait is made, past the
 * deadline; each attempt's timeout is cut to the time left.
 */
export async function callWithRetries(client: Anthropic, request: Anthropic.MessageCreateParamsNonStreaming, options: CallOptions): Promise<CallResult> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  for (let attempt = 1; ; attempt += 1) {
    if (options.signal?.aborted) throw new ClaudeCallError('the compose was stopped (shutdown) before Claude returned a reply');
    const remainingMs = options.deadlineAt - Date.now();
    if (remainingMs <= 0) throw new ClaudeCallError('the compose deadline passed before Claude returned a reply');

    const started = performance.now();
    try {
      const message = await client.messages.create(request, { timeout: Math.min(options.requestTimeoutMs, remainingMs), signal: options.signal });
      return { message, latencyMs: Math.round(performance.now() - started), attempts: attempt };
    } catch (error) {
      const description = describeError(error);
      if (options.signal?.aborted) throw new ClaudeCallError('the compose was stopped (shutdown) while waiting for Claude', { cause: error });
      if (!isTransient(error)) throw new ClaudeCallError(`the Messages API failed: ${description}`, { cause: error });

      const waitMs = retryAfterMs(error) ?? Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (attempt - 1));
      if (Date.now() + waitMs >= options.deadlineAt) {
        throw new ClaudeCallError(`the compose deadline passed while retrying after ${attempt} attempt(s): ${description}`, { cause: error });
      }
      options.logger.warn({ attempt, waitMs, error: description }, 'claude request failed, retrying');
      await abortableSleep(sleep, waitMs, options.signal);
    }
  }
}

function isTransient(error: unknown): boolean {
  if (error instanceof Anthropic.APIConnectionError) return true;
  if (!(error instanceof Anthropic.APIError) || error.status === undefined) return false;
  return error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500;
}

/** Return the wait the server requested in retry-after-ms or retry-after (seconds or an HTTP date). */
function retryAfterMs(error: unknown): number | null {
  if (!(error instanceof Anthropic.APIError) || !error.headers) return null;
  const headers = error.headers;

  const milliseconds = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;

  const value = headers.get('retry-after');
  if (value === null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function describeError(error: unknown): string {
  if (error instanceof Anthropic.APIConnectionTimeoutError) return 'request timed out';
  if (error instanceof Anthropic.APIError) return error.status === undefined ? error.message : `HTTP ${error.status}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

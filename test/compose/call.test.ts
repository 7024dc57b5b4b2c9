import Anthropic from '@anthropic-ai/sdk';
import { callWithRetries, ClaudeCallError } from '../../src/compose/claude/call';
import { silentLogger } from '../../src/log';
import { startMessagesApi, type MessagesApi } from '../helpers/messages-api';

const REQUEST: Anthropic.MessageCreateParamsNonStreaming = { model: 'claude-test', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };
const REPLY = { kind: 'text' as const, text: 'hello' };

describe('callWithRetries', () => {
  let api: MessagesApi;
  let client: Anthropic;
  let waits: number[];

  beforeAll(async () => {
    api = await startMessagesApi();
    client = new Anthropic({ apiKey: 'sk-ant-test-key', baseURL: api.url, maxRetries: 0 });
  });

  afterAll(() => api.close());

  beforeEach(() => {
    api.requests.length = 0;
    waits = [];
  });

  function call(deadlineMs = 60_000): ReturnType<typeof callWithRetries> {
    const sleep = (ms: number) => {
      waits.push(ms);
      return Promise.resolve();
    };
    return callWithRetries(client, REQUEST, { deadlineAt: Date.now() + deadlineMs, requestTimeoutMs: 5000, logger: silentLogger(), sleep });
  }

  test('honours retry-after-ms', async () => {
    api.script([{ kind: 'status', status: 429, headers: { 'retry-after-ms': '250' } }, REPLY]);

    const result = await call();

    expect(waits).toEqual([250]);
    expect(result.attempts).toBe(2);
  });

  test('honours a retry-after date', async () => {
    const inTwoSeconds = new Date(Date.now() + 2000).toUTCString();
    api.script([{ kind: 'status', status: 503, headers: { 'retry-after': inTwoSeconds } }, REPLY]);

    await call();

    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[0]).toBeLessThanOrEqual(2000);
  });

  test('backs off exponentially without retry-after', async () => {
    api.script([{ kind: 'status', status: 529 }, { kind: 'status', status: 500 }, { kind: 'status', status: 502 }, REPLY]);

    const result = await call();

    expect(waits).toEqual([1000, 2000, 4000]);
    expect(result.attempts).toBe(4);
  });

  test('stops when the wait passes the deadline', async () => {
    api.script([{ kind: 'status', status: 529 }]);

    // The injected sleep returns at once, so each wait alone is compared with the 3.5 s left.
    await expect(call(3500)).rejects.toThrow(/^the compose deadline passed while retrying after 3 attempt\(s\): HTTP 529/);
    expect(waits).toEqual([1000, 2000]);
  });

  test.each([400, 401, 403, 404, 413])('does not retry %i', async (status) => {
    api.script([{ kind: 'status', status }, REPLY]);

    await expect(call()).rejects.toThrow(ClaudeCallError);
    expect(api.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  test('retries 408 and 409', async () => {
    api.script([{ kind: 'status', status: 408 }, { kind: 'status', status: 409 }, REPLY]);

    const result = await call();

    expect(result.attempts).toBe(3);
  });

  test('stops a hanging call on abort', async () => {
    api.script([{ kind: 'hang' }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutdown')), 200);
    const started = Date.now();

    const result = callWithRetries(client, REQUEST, { deadlineAt: Date.now() + 60_000, requestTimeoutMs: 30_000, logger: silentLogger(), signal: controller.signal });

    await expect(result).rejects.toThrow(ClaudeCallError);
    await expect(result).rejects.toThrow(/stopped \(shutdown\)/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

import { Writable } from 'node:stream';
import pino from 'pino';
import { composeIssue } from '../../src/compose/compose';
import type { AppContext } from '../../src/context';
import type { TestContext } from '../helpers/context';
import { startMessagesApi, type MessagesApi } from '../helpers/messages-api';
import { unknownIdsInput } from './claude-replies';
import { createConfiguredContext } from './contexts';
import { insertFeed, insertItem, TOPICAL_ITEMS } from './fixtures';

const API_KEY = 'sk-ant-secret-test-key-123';

describe('Claude composer logs', () => {
  let api: MessagesApi;
  let context: TestContext;
  let lines: Record<string, unknown>[];
  let raw: string;

  beforeAll(async () => {
    api = await startMessagesApi();
  });

  afterAll(() => api.close());

  beforeEach(() => {
    context = createConfiguredContext('compose:\n  deadlineSeconds: 3\n', { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: api.url });
    lines = [];
    raw = '';
  });

  afterEach(() => context.cleanup());

  function loggingContext(): AppContext {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        raw += chunk.toString('utf8');
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        callback();
      },
    });
    return { ...context, logger: pino({ level: 'debug' }, sink) };
  }

  test('start, retry, fallback and finish lines', async () => {
    const feedId = insertFeed(context.db);
    const ids = TOPICAL_ITEMS.map((fixture) => insertItem(context.db, feedId, fixture));
    api.script([{ kind: 'status', status: 429, retryAfterSeconds: 0 }, { kind: 'tool', input: unknownIdsInput(ids) }]);

    await composeIssue(loggingContext(), { now: new Date('2026-12-04T06:30:00.000Z') });

    const messages = lines.map((line) => line.msg);
    expect(messages[0]).toBe('compose started');
    expect(messages).toContain('claude request failed, retrying');
    expect(messages).toContain('claude reply rejected');
    expect(messages).toContain('claude compose failed, using the offline composer');
    expect(messages[messages.length - 1]).toBe('compose finished');
    const fallback = lines.find((line) => line.msg === 'claude compose failed, using the offline composer')!;
    expect([...(fallback.itemIds as number[])].sort((a, b) => a - b)).toEqual(ids);
    expect(fallback.issueDate).toBe('2026-12-04');
    const finished = lines[lines.length - 1]!;
    expect(finished).toMatchObject({ composer: 'offline-fallback', itemCount: ids.length, issueId: expect.any(Number), durationMs: expect.any(Number) });
    expect(finished.usage).toMatchObject({ calls: 2, model: 'claude-sonnet-4-6' });
  });

  test('API key never logged', async () => {
    const feedId = insertFeed(context.db);
    const ids = TOPICAL_ITEMS.map((fixture) => insertItem(context.db, feedId, fixture));
    api.script([{ kind: 'status', status: 401 }, { kind: 'tool', input: unknownIdsInput(ids) }]);

    await composeIssue(loggingContext(), { now: new Date('2026-12-04T06:30:00.000Z') });

    expect(raw.length).toBeGreaterThan(0);
    expect(raw).not.toContain(API_KEY);
    expect(raw).not.toContain('secret-test-key');
  });
});

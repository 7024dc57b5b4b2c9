import { estimateTokens } from '../../src/compose/claude/tokens';
import { composeIssue } from '../../src/compose/compose';
import type { Digest, IssueRow } from '../../src/domain';
import { renderIssue } from '../../src/render/render';
import { getIssue } from '../../src/store/issues';
import type { TestContext } from '../helpers/context';
import { startMessagesApi, type MessagesApi, type MessagesStep } from '../helpers/messages-api';
import { goodToolInput, inventedUrlsInput, unknownIdsInput } from './claude-replies';
import { createConfiguredContext } from './contexts';
import { insertFeed, insertItem, TOPICAL_ITEMS } from './fixtures';

const NOW = new Date('2026-12-04T06:30:00.000Z');
const CONFIG = 'compose:\n  deadlineSeconds: 4\n  requestTimeoutSeconds: 1.5\n';

let api: MessagesApi;
let context: TestContext;
let ids: number[];

beforeAll(async () => {
  api = await startMessagesApi();
});

afterAll(() => api.close());

beforeEach(() => {
  api.requests.length = 0;
  context = createConfiguredContext(CONFIG, { ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: api.url });
  const feedId = insertFeed(context.db);
  ids = TOPICAL_ITEMS.map((fixture, index) => insertItem(context.db, feedId, { ...fixture, link: `https://news.example.com/story-${index + 1}` }));
});

afterEach(() => context.cleanup());

async function composeWith(steps: MessagesStep[]): Promise<{ issue: IssueRow; digest: Digest }> {
  api.script(steps);
  const result = await composeIssue(context, { now: NOW });
  const issue = getIssue(context.db, result.issueId)!;
  return { issue, digest: JSON.parse(issue.digest_json) as Digest };
}

/** Render the issue and return the http(s) links of its HTML and text that are neither item links nor under PUBLIC_URL. */
async function foreignLinks(issueId: number): Promise<string[]> {
  const rendered = await renderIssue(context, issueId);
  const allowed = new Set((context.db.prepare('SELECT link FROM items').pluck().all() as string[]));
  const links = [...`${rendered.html}\n${rendered.text}\n${rendered.subject}`.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((match) => match[0].replace(/&amp;/g, '&'));
  return links.filter((link) => !allowed.has(link) && !link.startsWith(context.config.publicUrl) && !link.startsWith('http://www.w3.org/'));
}

describe('Claude composer prompt', () => {
  test('fits the input-token budget', async () => {
    const small = createConfiguredContext('compose:\n  inputTokenBudget: 1000\n', { ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: api.url });
    try {
      const feedId = insertFeed(small.db);
      const smallIds = TOPICAL_ITEMS.map((fixture) => insertItem(small.db, feedId, fixture));
      api.script([{ kind: 'tool', input: goodToolInput(smallIds) }]);
      api.requests.length = 0;

      await composeIssue(small, { now: NOW });

      const body = api.requests[0]!.body as { system: { text: string }[]; tools: unknown[]; messages: { content: string }[] };
      const tokens = estimateTokens(body.system[0]!.text) + estimateTokens(JSON.stringify(body.tools[0])) + estimateTokens(body.messages[0]!.content);
      expect(tokens).toBeLessThanOrEqual(1000);
      const lines = body.messages[0]!.content.split('\n').filter((line) => /^\d+: /.test(line));
      expect(lines.map((line) => Number(line.split(':')[0])).sort((a, b) => a - b)).toEqual(smallIds);
      // Unbudgeted, each excerpt keeps the first two sentences of its fixture. The budget cuts some to one.
      const excerpts = lines.map((line) => line.split(' | ')[1] ?? '');
      expect(excerpts.some((excerpt) => !excerpt.includes('. '))).toBe(true);
      for (const excerpt of excerpts) expect(TOPICAL_ITEMS.some((fixture) => fixture.text!.startsWith(excerpt.replace(/…$/, '')))).toBe(true);
    } finally {
      small.cleanup();
    }
  });
});

describe('Claude composer replays', () => {
  test('good tool reply is stored as claude', async () => {
    const { issue, digest } = await composeWith([{ kind: 'tool', input: goodToolInput(ids) }]);

    expect(issue.composer).toBe('claude');
    expect(issue.fallback_reason).toBeNull();
    expect(digest.themes.map((theme) => theme.title)).toEqual(['Coding and browser agents', 'Open-weight models', 'Inference chips']);
    expect(digest.topItemIds).toEqual([ids[0], ids[3], ids[5]]);
    expect([...digest.itemIds].sort((a, b) => a - b)).toEqual(ids);
    expect(issue.subject).toBe('AI Daily Summary — 4 Dec 2026: Coding and browser agents, Open-weight models');
    expect(api.requests).toHaveLength(1);
    expect(await foreignLinks(issue.id)).toEqual([]);
  });

  test('request forces the tool and caches the system prompt', async () => {
    await composeWith([{ kind: 'tool', input: goodToolInput(ids) }]);

    const body = api.requests[0]!.body as { model: string; tool_choice: unknown; tools: { name: string }[]; system: { cache_control?: unknown }[]; messages: { content: string }[] };
    expect(body.model).toBe('claude-sonnet-4-6');
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'write_digest' });
    expect(body.tools.map((tool) => tool.name)).toEqual(['write_digest']);
    expect(body.system[0]!.cache_control).toEqual({ type: 'ephemeral' });
    const headers = api.requests[0]!.headers;
    expect(headers['x-api-key'] ?? headers.authorization).toMatch(/^(Bearer )?sk-ant-test-key$/);
    const userText = body.messages[0]!.content;
    expect(userText).toMatch(/^# Example AI\n## 2026-12-04\n/m);
    for (const id of ids) expect(userText).toMatch(new RegExp(`^${id}: \\S`, 'm'));
    expect(userText).not.toContain('https://news.example.com');
  });

  test('usage is recorded', async () => {
    const { issue } = await composeWith([{ kind: 'tool', input: goodToolInput(ids) }]);

    const usage = JSON.parse(issue.usage_json!) as Record<string, number | string>;
    expect(usage).toMatchObject({ model: 'claude-sonnet-4-6', calls: 1, inputTokens: 1200, outputTokens: 800, cacheCreationInputTokens: 300, cacheReadInputTokens: 0 });
    expect(usage.latencyMs).toEqual(expect.any(Number));
    // 1200 × $3 + 300 × $3.75 + 800 × $15, per million tokens.
    expect(usage.estimatedCostUsd).toBeCloseTo(0.016725, 6);
  });

  test('unknown item ids get one repair call', async () => {
    const { issue, digest } = await composeWith([
      { kind: 'tool', input: unknownIdsInput(ids) },
      { kind: 'tool', input: goodToolInput(ids) },
    ]);

    expect(issue.composer).toBe('claude-after-repair');
    expect(api.requests).toHaveLength(2);
    const repairTurn = JSON.stringify((api.requests[1]!.body.messages as unknown[])[2]);
    expect(repairTurn).toContain('"is_error":true');
    expect(repairTurn).toContain('theme 1 summary sentence 1 cites item id(s) 9001');
    expect(repairTurn).toContain('theme 2 key item 1 cites item id 9002');
    expect(digest.themes.flatMap((theme) => theme.keyItems.map((keyItem) => keyItem.itemId)).every((id) => ids.includes(id))).toBe(true);
    expect(JSON.parse(issue.usage_json!)).toMatchObject({ calls: 2, inputTokens: 2400 });
    expect(await foreignLinks(issue.id)).toEqual([]);
  });

  test('unknown ids twice fall back offline', async () => {
    const { issue, digest } = await composeWith([{ kind: 'tool', input: unknownIdsInput(ids) }]);

    expect(issue.composer).toBe('offline-fallback');
    expect(issue.fallback_reason).toMatch(/^the reply failed validation twice; last problems: .*9001/);
    expect(api.requests).toHaveLength(2);
    expect(digest.themes.length).toBeGreaterThanOrEqual(2);
    expect(await foreignLinks(issue.id)).toEqual([]);
  });

  test('invented URLs are stripped', async () => {
    const { issue, digest } = await composeWith([{ kind: 'tool', input: inventedUrlsInput(ids) }]);

    expect(issue.composer).toBe('claude');
    expect(JSON.stringify(digest)).not.toMatch(/invented|https?:|www\./);
    expect(digest.themes[0]!.summary[0]!.text).toBe('Agents now run tests first, see for more.');
    expect(digest.themes[1]!.keyItems[0]!.sentence).toBe('Read the model card today.');
    expect(JSON.parse(issue.warnings_json)).toEqual([
      'theme 1 summary sentence 1: removed a URL or markdown link from the text',
      'theme 2 key item 1 sentence: removed a URL or markdown link from the text',
      'theme 3 title: removed a URL or markdown link from the text',
    ]);
    expect(await foreignLinks(issue.id)).toEqual([]);
  });

  test('fenced JSON text reply is accepted', async () => {
    const text = `Here is the digest:\n\n\`\`\`json\n${JSON.stringify(goodToolInput(ids), null, 2)}\n\`\`\`\n\nLet me know if you want changes.`;

    const { issue, digest } = await composeWith([{ kind: 'text', text }]);

    expect(issue.composer).toBe('claude');
    expect(digest.themes).toHaveLength(3);
    expect(api.requests).toHaveLength(1);
  });

  test('truncated JSON gets a repair call', async () => {
    const truncated = JSON.stringify(goodToolInput(ids)).slice(0, 200);

    const { issue } = await composeWith([
      { kind: 'text', text: truncated, stopReason: 'max_tokens' },
      { kind: 'tool', input: goodToolInput(ids) },
    ]);

    expect(issue.composer).toBe('claude-after-repair');
    const repairTurn = JSON.stringify((api.requests[1]!.body.messages as unknown[])[2]);
    expect(repairTurn).toContain('cut off at max_tokens');
  });

  test('truncated tool call twice falls back', async () => {
    const { issue } = await composeWith([{ kind: 'tool', input: {}, stopReason: 'max_tokens' }]);

    expect(issue.composer).toBe('offline-fallback');
    expect(issue.fallback_reason).toContain('cut off at max_tokens');
    expect(api.requests).toHaveLength(2);
    expect(await foreignLinks(issue.id)).toEqual([]);
  });

  test('refusal falls back without repair', async () => {
    const { issue } = await composeWith([{ kind: 'refusal' }]);

    expect(issue.composer).toBe('offline-fallback');
    expect(issue.fallback_reason).toBe('Claude refused to write the digest (stop_reason "refusal")');
    expect(api.requests).toHaveLength(1);
    expect(JSON.parse(issue.usage_json!)).toMatchObject({ calls: 1 });
    expect(await foreignLinks(issue.id)).toEqual([]);
  });

  test('429 is retried after retry-after', async () => {
    const { issue } = await composeWith([
      { kind: 'status', status: 429, retryAfterSeconds: 1 },
      { kind: 'tool', input: goodToolInput(ids) },
    ]);

    expect(issue.composer).toBe('claude');
    expect(api.requests).toHaveLength(2);
    expect(api.requests[1]!.receivedAt - api.requests[0]!.receivedAt).toBeGreaterThanOrEqual(950);
  });

  test('529 until the deadline falls back', async () => {
    const started = Date.now();

    const { issue } = await composeWith([{ kind: 'status', status: 529 }]);

    expect(issue.composer).toBe('offline-fallback');
    expect(issue.fallback_reason).toMatch(/^the compose deadline passed while retrying after \d attempt\(s\): HTTP 529/);
    expect(api.requests.length).toBeGreaterThanOrEqual(2);
    expect(Date.now() - started).toBeLessThan(4500);
    expect(await foreignLinks(issue.id)).toEqual([]);
  });

  test('retry-after past the deadline stops at once', async () => {
    const started = Date.now();

    const { issue } = await composeWith([{ kind: 'status', status: 429, retryAfterSeconds: 60 }]);

    expect(issue.composer).toBe('offline-fallback');
    expect(issue.fallback_reason).toMatch(/HTTP 429/);
    expect(api.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test('hang past the timeout falls back', async () => {
    const started = Date.now();

    const { issue } = await composeWith([{ kind: 'hang' }]);

    expect(issue.composer).toBe('offline-fallback');
    expect(issue.fallback_reason).toMatch(/request timed out|deadline passed/);
    expect(Date.now() - started).toBeLessThan(5500);
    expect(await foreignLinks(issue.id)).toEqual([]);
  });

  test('empty topItemIds take first key items', async () => {
    const { issue, digest } = await composeWith([{ kind: 'tool', input: { ...goodToolInput(ids), topItemIds: [] } }]);

    expect(issue.composer).toBe('claude');
    expect(digest.topItemIds).toEqual([ids[0], ids[3], ids[5]]);
    expect(digest.itemIds.slice(0, 3)).toEqual([ids[0], ids[3], ids[5]]);
  });

  test('400 falls back without retry', async () => {
    const { issue } = await composeWith([{ kind: 'status', status: 400 }]);

    expect(issue.composer).toBe('offline-fallback');
    expect(issue.fallback_reason).toMatch(/^the Messages API failed: HTTP 400/);
    expect(api.requests).toHaveLength(1);
  });
});

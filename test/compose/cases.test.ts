import { composeIssue } from '../../src/compose/compose';
import type { Digest, IssueRow } from '../../src/domain';
import { renderIssue } from '../../src/render/render';
import { getIssue } from '../../src/store/issues';
import type { TestContext } from '../helpers/context';
import { startMessagesApi, type MessagesApi } from '../helpers/messages-api';
import { describeShared, readCase } from '../helpers/shared';
import { createConfiguredContext } from './contexts';
import { insertFeed, insertItem } from './fixtures';

const NOW = new Date('2026-12-04T06:30:00.000Z');

interface CaseSource {
  id: string;
  title: string;
  url: string;
}

describeShared('shared LLM reply cases', () => {
  let api: MessagesApi;
  let context: TestContext;
  /** Item id of each case source id (s1, s2). */
  let itemIdOf: Map<string, number>;

  beforeAll(async () => {
    api = await startMessagesApi();
  });

  afterAll(() => api.close());

  beforeEach(() => {
    api.requests.length = 0;
    context = createConfiguredContext('{}\n', { ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: api.url });
    const feedId = insertFeed(context.db);
    const { sources } = JSON.parse(readCase('B28-llm-bad-citation.json').toString('utf8')) as { sources: CaseSource[] };
    itemIdOf = new Map(
      sources.map((source) => [source.id, insertItem(context.db, feedId, { title: source.title, link: source.url, text: `${source.title}.` })]),
    );
  });

  afterEach(() => context.cleanup());

  async function storedIssue(): Promise<{ issue: IssueRow; digest: Digest }> {
    const result = await composeIssue(context, { now: NOW });
    const issue = getIssue(context.db, result.issueId)!;
    return { issue, digest: JSON.parse(issue.digest_json) as Digest };
  }

  test('B28 maps trimmed URLs and drops the unknown one', async () => {
    const { llm_response: reply } = JSON.parse(readCase('B28-llm-bad-citation.json').toString('utf8')) as { llm_response: unknown };
    api.script([{ kind: 'tool', input: reply }]);

    const { issue, digest } = await storedIssue();

    expect(issue.composer).toBe('claude');
    expect(digest.themes.map((theme) => theme.title)).toEqual(['Research', 'Product news']);
    expect(digest.themes[0]!.summary).toEqual([{ text: 'New kernels cut attention cost on long inputs.', itemIds: [itemIdOf.get('s1')] }]);
    expect(digest.themes[1]!.summary).toEqual([{ text: 'Example Corp shipped its v2 API.', itemIds: [itemIdOf.get('s2')] }]);
    expect(JSON.parse(issue.warnings_json)).toEqual([
      'theme 2 summary sentence 2: dropped, because it cites https://example.com/blog/launch-2024-pricing, which is no item\'s link',
    ]);
    expect(api.requests).toHaveLength(1);

    const rendered = await renderIssue(context, issue.id);
    const links = [...`${rendered.html}\n${rendered.text}`.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((match) => match[0]);
    const allowed = ['https://example.com/papers/2405.01234', 'https://example.com/blog/launch'];
    expect(links.filter((link) => !allowed.includes(link) && !link.startsWith(context.config.publicUrl) && !link.startsWith('http://www.w3.org/'))).toEqual([]);
    expect(rendered.html).not.toContain('launch-2024-pricing');
  });

  test('B30 reads the fenced JSON without a retry', async () => {
    const text = readCase('B30-llm-fenced-json.txt')
      .toString('utf8')
      .replace(/"s(\d+)"/g, (_match, index: string) => String(itemIdOf.get(`s${index}`)));
    api.script([{ kind: 'text', text }]);

    const { issue, digest } = await storedIssue();

    expect(issue.composer).toBe('claude');
    expect(issue.fallback_reason).toBeNull();
    expect(digest.themes.map((theme) => theme.title)).toEqual(['Research', 'Product news']);
    expect(digest.themes[0]!.summary).toEqual([{ text: 'Kernels got faster.', itemIds: [itemIdOf.get('s1')] }]);
    expect(digest.themes[1]!.summary).toEqual([{ text: 'v2 API shipped.', itemIds: [itemIdOf.get('s2')] }]);
    expect(api.requests).toHaveLength(1);
  });

  test('B30 with string ids like s12', async () => {
    const text = readCase('B30-llm-fenced-json.txt')
      .toString('utf8')
      .replace(/"s(\d+)"/g, (_match, index: string) => `"s${itemIdOf.get(`s${index}`)}"`);
    api.script([{ kind: 'text', text }]);

    const { issue, digest } = await storedIssue();

    expect(issue.composer).toBe('claude');
    expect(digest.themes[1]!.summary[0]!.itemIds).toEqual([itemIdOf.get('s2')]);
    expect(api.requests).toHaveLength(1);
  });
});

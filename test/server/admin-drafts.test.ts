import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app';
import { getIssue, parseDigest } from '../../src/store/issues';
import { createTestContext, type TestContext } from '../helpers/context';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { countDeliveries, fetchText, insertConfirmedSubscriber, insertFixtureIssue, logIn, postForm, type OperatorSession } from './admin-fixtures';

const TOKEN = 'operator-token-for-tests-0123456789';
const USAGE = {
  model: 'claude-sonnet-4-6',
  calls: 2,
  inputTokens: 10400,
  outputTokens: 1900,
  cacheCreationInputTokens: 0,
  cacheReadInputTokens: 0,
  latencyMs: 8300,
  estimatedCostUsd: 0.0597,
};

let context: TestContext;
let app: FastifyInstance;
let baseUrl: string;
let sink: SmtpSink;
let session: OperatorSession;

beforeEach(async () => {
  sink = await startSmtpSink();
  context = createTestContext({ OPERATOR_TOKEN: TOKEN, SMTP_URL: sink.url });
  app = await buildServer(context);
  baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  session = await logIn(baseUrl, TOKEN);
});

afterEach(async () => {
  await app.close();
  await sink.close();
  context.cleanup();
});

function getPage(path: string) {
  return fetchText(baseUrl + path, { headers: { cookie: session.cookie } });
}

describe('draft page', () => {
  test('shows email, themes, chips and evidence', async () => {
    const fixture = insertFixtureIssue(context.db, { warnings: ['theme 2 summary sentence 1: removed a URL or markdown link from the text'], usage: USAGE, leftOutCount: 2 });
    const response = await getPage(`/admin/issues/${fixture.issueId}`);
    const page = response.body;

    expect(response.statusCode).toBe(200);
    expect(page).toContain('<iframe title="Email at 375 px" width="375" sandbox=');
    expect(page).toContain('<iframe title="Email at 1024 px" width="1024" sandbox=');
    expect(page).toMatch(/HTML size [\d.]+ KB, \d+% of Gmail's 102 KB clipping limit/);
    expect(page).toContain('<th>List-Unsubscribe-Post</th><td>List-Unsubscribe=One-Click</td>');
    expect(page).toContain('class="text-part"');
    expect(page).toContain('Agents &lt;b&gt;in&lt;/b&gt; production');
    expect(page).toContain(`data-item-id="${fixture.itemIds[0]}"`);
    expect(page).toContain('Example Feed');
    expect(page).toContain('removed a URL or markdown link');
    expect(page).toContain('10,400');
    expect(page).toContain('$0.0597');
    expect(page).toContain('Items considered but left out (2)');
    expect(page).toContain('Skipped story 2');
    expect(page).not.toContain('id="fallback"');
  });

  test('fallback issue shows the reason', async () => {
    const fixture = insertFixtureIssue(context.db, { composer: 'offline-fallback', fallbackReason: 'Claude timed out after 120 s' });
    const page = (await getPage(`/admin/issues/${fixture.issueId}`)).body;

    expect(page).toContain('id="fallback"');
    expect(page).toContain('Fallback issue.');
    expect(page).toContain('Claude timed out after 120 s');
    expect(page).toContain('No model call recorded');
  });

  test('preview creates no deliveries', async () => {
    const subscriberId = insertConfirmedSubscriber(context.db, 'reader@example.com');
    const fixture = insertFixtureIssue(context.db);

    const pages = await Promise.all([
      getPage(`/admin/issues/${fixture.issueId}`),
      getPage(`/admin/issues/${fixture.issueId}/email.html`),
      getPage(`/admin/issues/${fixture.issueId}/email.txt`),
      getPage(`/admin/issues/${fixture.issueId}/export.md`),
    ]);

    expect(pages.map((page) => page.statusCode)).toEqual([200, 200, 200, 200]);
    expect(countDeliveries(context.db)).toBe(0);
    expect(getIssue(context.db, fixture.issueId)?.status).toBe('draft');
    expect(context.db.prepare('SELECT status FROM subscribers WHERE id = ?').pluck().get(subscriberId)).toBe('confirmed');
    expect(sink.messages).toHaveLength(0);
  });

  test('email.html is sandboxed by CSP', async () => {
    const fixture = insertFixtureIssue(context.db);
    const response = await getPage(`/admin/issues/${fixture.issueId}/email.html`);

    expect(response.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect(response.body).toContain('<html');
  });

  test('unknown issue returns 404', async () => {
    const response = await getPage('/admin/issues/999');
    expect(response.statusCode).toBe(404);
  });

  test('issues list shows status and counts', async () => {
    insertFixtureIssue(context.db, { composer: 'offline-fallback', fallbackReason: 'no API key' });
    const page = (await getPage('/admin')).body;

    expect(page).toContain('status-draft');
    expect(page).toContain('offline-fallback');
    expect(page).toMatch(/<td>2<\/td>\s*<td>4<\/td>/);
  });
});

describe('draft actions', () => {
  test('theme edit is stored and audited', async () => {
    const fixture = insertFixtureIssue(context.db);
    const ids = fixture.digest.themes[1]!.summary.map((statement) => statement.itemIds.join(','));
    const response = await postForm(baseUrl, `/admin/issues/${fixture.issueId}/themes/1`, session, {
      title: 'Agents reach production',
      statement: ['Several teams now run agents in production.', 'Long tasks got cheaper.'],
      itemIds: ids,
    });
    const digest = parseDigest(getIssue(context.db, fixture.issueId)!);

    expect(response.statusCode).toBe(303);
    expect(digest.themes[1]?.title).toBe('Agents reach production');
    expect(digest.themes[1]?.summary.map((statement) => statement.text)).toEqual(['Several teams now run agents in production.', 'Long tasks got cheaper.']);
    expect(digest.themes[1]?.summary.map((statement) => statement.itemIds)).toEqual(fixture.digest.themes[1]?.summary.map((statement) => statement.itemIds));
    expect(context.db.prepare('SELECT count(*) FROM issue_edits WHERE issue_id = ?').pluck().get(fixture.issueId)).toBe(1);
    expect(getIssue(context.db, fixture.issueId)?.subject).toContain('Agents reach production');

    const page = (await getPage(`/admin/issues/${fixture.issueId}?notice=edited`)).body;
    expect(page).toContain('Theme saved as an operator edit.');
    expect(page).toContain('Edited by the operator at');
  });

  test.each([
    ['a URL', { title: 'See https://example.com now' }, 'URL'],
    ['a bare domain', { title: 'Read example.com today' }, 'URL'],
    ['an HTML tag', { title: 'Agents <script>x</script>' }, 'markup'],
    ['an empty title', { title: '  ' }, 'empty'],
    ['changed item ids', { itemIds: ['1', '2'] }, 'must keep citing'],
    ['a missing statement', { statement: ['Only one.'] }, 'statements'],
  ])('theme edit with %s is rejected', async (_case, override, message) => {
    const fixture = insertFixtureIssue(context.db);
    const theme = fixture.digest.themes[1]!;
    const fields = {
      title: 'Fine title',
      statement: theme.summary.map((statement) => statement.text),
      itemIds: theme.summary.map((statement) => statement.itemIds.join(',')),
      ...override,
    };

    const response = await postForm(baseUrl, `/admin/issues/${fixture.issueId}/themes/1`, session, fields);

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(message);
    expect(parseDigest(getIssue(context.db, fixture.issueId)!).themes[1]?.title).toBe(theme.title);
  });

  test('discard cancels and approve then conflicts', async () => {
    const fixture = insertFixtureIssue(context.db);

    const discard = await postForm(baseUrl, `/admin/issues/${fixture.issueId}/discard`, session);
    const approve = await postForm(baseUrl, `/admin/issues/${fixture.issueId}/approve`, session);

    expect(discard.statusCode).toBe(303);
    expect(getIssue(context.db, fixture.issueId)?.status).toBe('cancelled');
    expect(approve.statusCode).toBe(409);
    expect(approve.body).toContain('only a draft can be approved');
  });

  test('test send reaches the sink without deliveries', async () => {
    insertConfirmedSubscriber(context.db, 'reader@example.com');
    const fixture = insertFixtureIssue(context.db);

    const response = await postForm(baseUrl, `/admin/issues/${fixture.issueId}/test-send`, session, { addresses: 'one@example.com, two@example.com' });

    expect(response.statusCode).toBe(303);
    expect(response.headers.get('location')).toBe(`/admin/issues/${fixture.issueId}?notice=test-sent`);
    expect(sink.messages.map((message) => message.envelopeTo[0]).sort()).toEqual(['one@example.com', 'two@example.com']);
    expect(countDeliveries(context.db)).toBe(0);
    expect(getIssue(context.db, fixture.issueId)?.status).toBe('draft');
  });

  test('test send rejects an invalid address', async () => {
    const fixture = insertFixtureIssue(context.db);
    const response = await postForm(baseUrl, `/admin/issues/${fixture.issueId}/test-send`, session, { addresses: 'not-an-address' });

    expect(response.statusCode).toBe(400);
    expect(sink.messages).toHaveLength(0);
  });

  test('send now approves and delivers', async () => {
    insertConfirmedSubscriber(context.db, 'reader@example.com');
    const fixture = insertFixtureIssue(context.db);

    const response = await postForm(baseUrl, `/admin/issues/${fixture.issueId}/send`, session);
    await waitFor(() => getIssue(context.db, fixture.issueId)?.status === 'sent');

    expect(response.statusCode).toBe(303);
    expect(getIssue(context.db, fixture.issueId)?.approved_at).not.toBeNull();
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]?.envelopeTo).toEqual(['reader@example.com']);
  });
});

describe('recompose', () => {
  test('replaces the draft with a new one', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const fixture = insertFixtureIssue(context.db, { issueDate: today, itemCount: 8 });

    const response = await postForm(baseUrl, `/admin/issues/${fixture.issueId}/recompose`, session);
    const location = response.headers.get('location') ?? '';
    const newId = Number(/\/admin\/issues\/(\d+)\?notice=recomposed/.exec(location)?.[1]);

    expect(response.statusCode).toBe(303);
    expect(newId).toBeGreaterThan(fixture.issueId);
    expect(getIssue(context.db, fixture.issueId)?.status).toBe('cancelled');
    expect(getIssue(context.db, newId)?.status).toBe('draft');
    expect(getIssue(context.db, newId)?.issue_date).toBe(today);
  });

  test('an approved issue is not recomposed', async () => {
    const fixture = insertFixtureIssue(context.db, { status: 'approved' });
    const response = await postForm(baseUrl, `/admin/issues/${fixture.issueId}/recompose`, session);

    expect(response.statusCode).toBe(409);
    expect(getIssue(context.db, fixture.issueId)?.status).toBe('approved');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

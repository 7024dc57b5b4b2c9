import type { ParsedMail } from 'mailparser';
import type { Digest, ItemRow } from '../../src/domain';
import { createContext } from '../../src/context';
import { silentLogger } from '../../src/log';
import { runDaily } from '../../src/pipeline/run-daily';
import { readServiceStatus } from '../../src/schedule/status';
import { parseDigest, getIssue } from '../../src/store/issues';
import { addSubscriber } from '../../src/subscriptions/list';
import { createTestContext, type TestContext } from '../helpers/context';
import { startFeedServer, type TestServer } from '../helpers/http-server';
import { AI_FEED_FILES, describeShared, REAL_FEEDS_DIR } from '../helpers/shared';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

const PUBLIC_URL = 'http://127.0.0.1:8787';
const MOJIBAKE = [/\uFFFD/, /Ã/, /â€/, /Â /];

/** Extract every http(s) URL from an HTML body's href attributes or from a plain-text body. */
function linksIn(body: string, kind: 'html' | 'text'): string[] {
  if (kind === 'html') {
    return [...body.matchAll(/\bhref="(https?:[^"]+)"/g)].map((match) => match[1]!.replace(/&amp;/g, '&'));
  }
  return [...body.matchAll(/https?:\/\/[^\s<>"\]]+/g)].map((match) => match[0].replace(/[).,;]+$/, ''));
}

function headerValues(message: ParsedMail, name: string): string[] {
  return message.headerLines.filter((line) => line.key === name.toLowerCase()).map((line) => line.line);
}

describeShared('runDaily on the real AI feeds', () => {
  let context: TestContext;
  let feeds: TestServer;
  let sink: SmtpSink;

  beforeAll(async () => {
    feeds = await startFeedServer(REAL_FEEDS_DIR);
    sink = await startSmtpSink();
    context = createTestContext({ SMTP_URL: sink.url, PUBLIC_URL });
    addSubscriber(context.db, { email: 'ada@example.com', name: 'Ada', confirmed: true });
    addSubscriber(context.db, { email: 'grace@example.com', name: 'Grace', confirmed: true });
  });

  afterAll(async () => {
    context.cleanup();
    await sink.close();
    await feeds.close();
  });

  test('sends one grounded message per subscriber', async () => {
    const sources = AI_FEED_FILES.map((name) => `${feeds.url}/${name}`);
    const report = await runDaily(context, { sources, since: new Date('2000-01-01T00:00:00Z') });

    expect(report.collect?.feedsOk).toBe(AI_FEED_FILES.length);
    expect(report.collect?.feedsFailed).toBe(0);
    expect(report.send?.sent).toBe(2);
    expect(sink.messages).toHaveLength(2);
    expect(sink.messages.map((message) => message.envelopeTo).flat().sort()).toEqual(['ada@example.com', 'grace@example.com']);

    const issue = getIssue(context.db, report.issueId!)!;
    const digest: Digest = parseDigest(issue);
    const issueItemIds = new Set(digest.itemIds);
    expect(digest.themes.length).toBeGreaterThanOrEqual(2);
    for (const theme of digest.themes) {
      const cited = [...theme.summary.flatMap((statement) => statement.itemIds), ...theme.keyItems.map((key) => key.itemId)];
      expect(cited.length).toBeGreaterThan(0);
      for (const id of cited) expect(issueItemIds.has(id)).toBe(true);
    }

    const items = context.db.prepare('SELECT link, image FROM items').all() as Pick<ItemRow, 'link' | 'image'>[];
    const storedLinks = new Set(items.flatMap((item) => [item.link, item.image]).filter((link): link is string => link !== null));

    for (const { parsed } of sink.messages) {
      const html = typeof parsed.html === 'string' ? parsed.html : '';
      const text = parsed.text ?? '';
      expect(html.length).toBeGreaterThan(1000);
      expect(text.length).toBeGreaterThan(200);

      expect(headerValues(parsed, 'List-Unsubscribe')).toHaveLength(1);
      expect(headerValues(parsed, 'List-Unsubscribe-Post')).toEqual(['List-Unsubscribe-Post: List-Unsubscribe=One-Click']);

      for (const link of [...linksIn(html, 'html'), ...linksIn(text, 'text')]) {
        const allowed = storedLinks.has(link) || link.startsWith(`${PUBLIC_URL}/`);
        expect({ link, allowed }).toEqual({ link, allowed: true });
      }

      for (const body of [parsed.subject ?? '', html, text]) {
        for (const pattern of MOJIBAKE) expect(body).not.toMatch(pattern);
      }
    }
  });

  test('a second run on the same date sends nothing', async () => {
    const sources = AI_FEED_FILES.map((name) => `${feeds.url}/${name}`);
    const report = await runDaily(context, { sources, since: new Date('2000-01-01T00:00:00Z') });

    expect(report.send).toBeNull();
    expect(report.sendSkipped).toMatch(/already sent/);
    expect(sink.messages).toHaveLength(2);
  });
});

describeShared('runDaily from two processes at once', () => {
  let first: TestContext;
  let second: TestContext;
  let feeds: TestServer;
  let sink: SmtpSink;

  beforeAll(async () => {
    feeds = await startFeedServer(REAL_FEEDS_DIR);
    sink = await startSmtpSink();
    first = createTestContext({ SMTP_URL: sink.url, PUBLIC_URL });
    second = { ...createContext({ env: { DATA_DIR: first.config.dataDir, CONFIG: first.config.configPath ?? undefined, SMTP_URL: sink.url, PUBLIC_URL }, logger: silentLogger() }), cleanup: () => undefined };
    addSubscriber(first.db, { email: 'jane@example.com', confirmed: true });
    addSubscriber(first.db, { email: 'john@example.com', confirmed: true });
  });

  afterAll(async () => {
    second.db.close();
    first.cleanup();
    await sink.close();
    await feeds.close();
  });

  test('send each subscriber one message', async () => {
    const options = { sources: [`${feeds.url}/google-ai-blog.rss.xml`, `${feeds.url}/mistral-news.rss.xml`], since: new Date('2000-01-01T00:00:00Z') };
    const reports = await Promise.all([runDaily(first, options), runDaily(second, options)]);

    expect(sink.messages.map((message) => message.envelopeTo).flat().sort()).toEqual(['jane@example.com', 'john@example.com']);
    const sentCounts = reports.map((report) => report.send?.sent ?? 0).sort();
    expect(sentCounts).toEqual([0, 2]);
    expect(reports.filter((report) => report.sendSkipped !== null)).toHaveLength(1);
  });

  test('record the run for status', () => {
    const status = readServiceStatus(first);
    expect(status.lastCollect?.status).toBe('ok');
    expect(status.lastCompose?.status).toBe('ok');
    expect(status.lastSend).not.toBeNull();

    const sendRuns = first.db.prepare("SELECT status FROM job_runs WHERE job = 'send' ORDER BY status").pluck().all();
    expect(sendRuns).toEqual(['ok', 'skipped']);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { sendIssue } from '../../src/send/send';
import { buildServer } from '../../src/server/app';
import { getIssue } from '../../src/store/issues';
import { createTestContext, type TestContext } from '../helpers/context';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { insertConfirmedSubscriber, insertFixtureIssue } from '../server/admin-fixtures';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS_DIR = path.resolve(__dirname, '../../test-artifacts');
const TOKEN = 'operator-token-for-browser-tests-0123456789';

// CI installs Debian's chromium (.ci/run). Without it this test is skipped with a note on stderr.
const describeBrowser = fs.existsSync(CHROMIUM) ? describe : describe.skip;
if (!fs.existsSync(CHROMIUM)) process.stderr.write(`NOTE: ${CHROMIUM} not found, so the browser test is skipped; install it with apt-get install chromium.\n`);

describeBrowser('operator in a real browser', () => {
  let context: TestContext;
  let app: FastifyInstance;
  let baseUrl: string;
  let sink: SmtpSink;
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    sink = await startSmtpSink();
    context = createTestContext({ OPERATOR_TOKEN: TOKEN, SMTP_URL: sink.url });
    insertConfirmedSubscriber(context.db, 'reader@example.com');
    app = await buildServer(context);
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sink?.close();
    context?.cleanup();
  });

  test('log in, review, approve, deliver', async () => {
    insertFixtureIssue(context.db, { issueDate: '2026-12-03', status: 'sent' });
    const fallback = insertFixtureIssue(context.db, {
      issueDate: '2026-12-04',
      composer: 'offline-fallback',
      fallbackReason: 'the Claude request timed out after 60 s, twice',
      warnings: ['theme 2 summary sentence 1: removed a URL or markdown link from the text'],
      itemCount: 6,
      leftOutCount: 3,
    });
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });

    // Log in through the form.
    await page.goto(`${baseUrl}/admin`);
    expect(await page.textContent('h1')).toContain('Login required');
    await page.goto(`${baseUrl}/admin/login`);
    await page.fill('#token', TOKEN);
    await Promise.all([page.waitForURL(`${baseUrl}/admin`), page.click('button[type=submit]')]);

    // Open the newest draft from the list.
    await Promise.all([page.waitForURL(`${baseUrl}/admin/issues/${fallback.issueId}`), page.click(`a[href="/admin/issues/${fallback.issueId}"] >> nth=0`)]);
    expect(await page.textContent('#fallback')).toContain('timed out');
    const frame = page.frameLocator('iframe[title="Email at 375 px"]');
    await expect(frame.locator('body').textContent()).resolves.toContain('Models get smaller');

    // Screenshots of the draft page, and of the email alone, at phone and desktop width.
    for (const width of [375, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      await page.reload();
      await screenshotWholePage(page, path.join(ARTIFACTS_DIR, `admin-draft-${width}.png`));

      const email = await browser.newPage({ viewport: { width, height: 900 } });
      await email.context().addCookies(await page.context().cookies());
      await email.goto(`${baseUrl}/admin/issues/${fallback.issueId}/email.html`);
      await email.screenshot({ path: path.join(ARTIFACTS_DIR, `email-${width}.png`), fullPage: true });
      await email.close();
    }

    // Approve.
    await Promise.all([page.waitForURL(/notice=approved/), page.click('button[value=approve]')]);
    expect(await page.textContent('#issue-status')).toBe('approved');
    expect(getIssue(context.db, fallback.issueId)?.status).toBe('approved');

    // The scheduled send delivers the approved issue.
    const report = await sendIssue(context, fallback.issueId);
    expect(report.sent).toBe(1);
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]?.envelopeTo).toEqual(['reader@example.com']);
    expect(sink.messages[0]?.parsed.html).toContain('Models get smaller');
    expect(getIssue(context.db, fallback.issueId)?.status).toBe('sent');
  });
});

/**
 * Take a full-page screenshot with the whole page inside the viewport. Chromium paints an
 * offscreen cross-origin frame (the sandboxed preview is one) only while it is in the viewport,
 * so a plain full-page screenshot can show the preview frames blank.
 */
async function screenshotWholePage(page: Page, file: string): Promise<void> {
  const viewport = page.viewportSize() as { width: number; height: number };
  const height = await page.evaluate(() => document.documentElement.scrollHeight);

  await page.setViewportSize({ width: viewport.width, height });
  await page.waitForTimeout(500);
  await page.screenshot({ path: file });
  await page.setViewportSize(viewport);
}

import { JSDOM } from 'jsdom';
import { AppError } from '../../src/errors';
import { compileTemplate, personalize, renderIssue, renderPreview } from '../../src/render/render';
import { countDeliveries } from '../../src/store/deliveries';
import { getIssue } from '../../src/store/issues';
import { createTestContext, type TestContext } from '../helpers/context';
import { insertFeed, insertIssue, insertItem, insertSampleIssue } from './fixtures/issue-fixture';

const PUBLIC_URL = 'http://127.0.0.1:8787';
const UNSUBSCRIBE_URL = `${PUBLIC_URL}/u/7.0.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG`;

let context: TestContext;

beforeEach(() => {
  context = createTestContext();
});

afterEach(() => {
  context.cleanup();
});

function parse(html: string): Document {
  return new JSDOM(html).window.document;
}

function storedLinks(): Set<string> {
  return new Set(context.db.prepare('SELECT link FROM items WHERE link IS NOT NULL').pluck().all() as string[]);
}

describe('renderIssue', () => {
  test('digest shows every section', async () => {
    const { issueId } = insertSampleIssue(context.db);

    const rendered = await renderIssue(context, issueId);
    const { html } = personalize(rendered, { unsubscribeUrl: UNSUBSCRIBE_URL, name: 'Jane' });
    const text = parse(html).body.textContent ?? '';

    expect(rendered.subject).toBe('AI Daily Summary: Friday, 14 June 2024');
    expect(text).toContain('AI Daily Summary');
    expect(text).toContain('Friday, 14 June 2024');
    expect(text).toContain('Hello Jane,');
    expect(text).toContain('Research');
    expect(text).toContain('Releases & policy');
    expect(text).toContain('Sparse attention scales to long contexts.');
    expect(text).toContain('In short');
    expect(text).toContain('A busy day for open research.');
    expect(text).toContain('Top sources');
    expect(text).toContain('Sources');
    expect(text).toContain('Research Notes · 13 Jun 2024');
    expect(text).toContain('(example.com)');
    expect(text).toContain('Weights are public.');
    expect(text).toContain('You get this email because you subscribed to AI Daily Summary');
    expect(rendered.omittedItemCount).toBe(0);
  });

  test('links come from items or PUBLIC_URL', async () => {
    const { issueId } = insertSampleIssue(context.db);
    const { html } = personalize(await renderIssue(context, issueId), { unsubscribeUrl: UNSUBSCRIBE_URL, name: null });
    const allowed = storedLinks();

    const hrefs = [...parse(html).querySelectorAll('a[href]')].map((anchor) => anchor.getAttribute('href')!);
    expect(hrefs.length).toBeGreaterThan(5);
    for (const href of hrefs) {
      expect(allowed.has(href) || href.startsWith(`${PUBLIC_URL}/`)).toBe(true);
    }
    expect(hrefs).toContain(`${PUBLIC_URL}/archive/2024-06-14`);
    expect(hrefs).toContain(UNSUBSCRIBE_URL);
    expect(html).not.toMatch(/fonts\.googleapis/);
  });

  test('href with ampersands survives', async () => {
    const { issueId } = insertSampleIssue(context.db);
    const { html } = personalize(await renderIssue(context, issueId), { unsubscribeUrl: UNSUBSCRIBE_URL, name: null });

    const hrefs = [...parse(html).querySelectorAll('a[href]')].map((anchor) => anchor.getAttribute('href'));
    expect(hrefs).toContain('https://example.com/r?id=42&utm_source=digest&utm_medium=email');
    expect(html).not.toContain('&amp;amp;');
    expect(html).not.toContain('&#x3D;');
  });

  test('title escaped exactly once', async () => {
    const { issueId } = insertSampleIssue(context.db);
    const { html } = personalize(await renderIssue(context, issueId), { unsubscribeUrl: UNSUBSCRIBE_URL, name: null });

    expect(html).toContain('Jane’s notes &amp; links — part 2');
    expect(html).not.toContain('&amp;#8217;');
    expect(html).not.toContain('&#8217;');
    expect(html).toContain('Notes on &lt;tokenizers&gt; &amp; &quot;evals&quot;.');
    expect(parse(html).body.textContent).toContain('Jane’s notes & links — part 2');
  });

  test('image only for items with one', async () => {
    const { issueId } = insertSampleIssue(context.db);
    const { html } = personalize(await renderIssue(context, issueId), { unsubscribeUrl: UNSUBSCRIBE_URL, name: null });

    const images = [...parse(html).querySelectorAll('img')];
    expect(images).toHaveLength(1);
    expect(images[0]!.getAttribute('src')).toBe('https://example.com/img/cover.jpg?w=600&h=300');
  });

  test('item without link has no anchor', async () => {
    const { issueId } = insertSampleIssue(context.db);
    const { html } = personalize(await renderIssue(context, issueId), { unsubscribeUrl: UNSUBSCRIBE_URL, name: null });

    const anchors = [...parse(html).querySelectorAll('a')].filter((anchor) => anchor.textContent === 'Policy roundup');
    expect(anchors).toHaveLength(0);
    expect(html).toContain('Policy roundup');
  });

  test('javascript link is dropped', async () => {
    const feed = insertFeed(context.db);
    const item = insertItem(context.db, feed, { title: 'Sneaky', link: 'javascript:alert(1)' });
    const issueId = insertIssue(context.db, { themes: [], conclusion: [], topItemIds: [], itemIds: [item] });

    const { html } = personalize(await renderIssue(context, issueId), { unsubscribeUrl: UNSUBSCRIBE_URL, name: null });

    expect(html).toContain('Sneaky');
    expect(html).not.toContain('javascript:');
  });

  test('unknown issue is ISSUE_NOT_FOUND', async () => {
    await expect(renderIssue(context, 999)).rejects.toMatchObject({ code: 'ISSUE_NOT_FOUND' });
  });
});

describe('plain-text part', () => {
  test('lists links and sections', async () => {
    const { issueId } = insertSampleIssue(context.db);
    const { text } = personalize(await renderIssue(context, issueId), { unsubscribeUrl: UNSUBSCRIBE_URL, name: 'Jane' });

    expect(text).toContain('Hello Jane,');
    expect(text).toContain('Jane’s notes & links — part 2 (Research Notes)');
    expect(text).toContain('  https://example.com/r?id=42&utm_source=digest&utm_medium=email');
    expect(text).toContain(`View in browser: ${PUBLIC_URL}/archive/2024-06-14`);
    expect(text).toContain(`Unsubscribe: ${UNSUBSCRIBE_URL}`);
    expect(text).not.toMatch(/<(a|p|div|span|table|td)[ >]/);
    for (const link of storedLinks()) expect(text).toContain(link);
  });
});

describe('personalize', () => {
  test('escapes name and URL in HTML', async () => {
    const { issueId } = insertSampleIssue(context.db);
    const rendered = await renderIssue(context, issueId);

    const parts = personalize(rendered, { unsubscribeUrl: `${PUBLIC_URL}/u/a"b&c`, name: '<b>Eve</b> & "co"' });

    expect(parts.html).toContain('Hello &lt;b&gt;Eve&lt;/b&gt; &amp; &quot;co&quot;,');
    expect(parts.html).toContain(`href="${PUBLIC_URL}/u/a&quot;b&amp;c"`);
    expect(parts.html).not.toContain('<b>Eve');
    expect(parts.text).toContain('Hello <b>Eve</b> & "co",');
  });

  test('nameless greeting and stripped controls', async () => {
    const { issueId } = insertSampleIssue(context.db);
    const rendered = await renderIssue(context, issueId);

    expect(personalize(rendered, { unsubscribeUrl: UNSUBSCRIBE_URL, name: null }).text).toContain('Hello,\n');
    expect(personalize(rendered, { unsubscribeUrl: UNSUBSCRIBE_URL, name: '  ' }).text).toContain('Hello,\n');
    expect(personalize(rendered, { unsubscribeUrl: UNSUBSCRIBE_URL, name: 'Jane\r\nDoe' }).text).toContain('Hello Jane Doe,\n');
  });

  test('markers in feed data stay literal', async () => {
    const feed = insertFeed(context.db);
    const item = insertItem(context.db, feed, {
      title: 'Click %%=unsubscribe-url=%% now',
      link: 'https://example.com/?x=%%=unsubscribe-url=%%',
      summary: '%%=greeting=%%',
    });
    const issueId = insertIssue(context.db, { themes: [], conclusion: [], topItemIds: [], itemIds: [item] });

    const parts = personalize(await renderIssue(context, issueId), { unsubscribeUrl: UNSUBSCRIBE_URL, name: 'Jane' });

    expect(parts.html.split(UNSUBSCRIBE_URL)).toHaveLength(2);
    expect(parts.text.split(UNSUBSCRIBE_URL)).toHaveLength(2);
    expect(parts.html.split('Hello Jane,')).toHaveLength(2);
    expect(parts.text.split('Hello Jane,')).toHaveLength(2);
  });
});

describe('renderPreview', () => {
  test('has no side effects', async () => {
    const { issueId } = insertSampleIssue(context.db, { status: 'draft' });
    const before = getIssue(context.db, issueId);

    const html = await renderPreview(context, issueId, 'html');
    const text = await renderPreview(context, issueId, 'text');

    expect(html).toContain(`${PUBLIC_URL}/u/preview`);
    expect(html).not.toContain('%%=');
    expect(text).toContain('Unsubscribe: http://127.0.0.1:8787/u/preview');
    expect(getIssue(context.db, issueId)).toEqual(before);
    expect(countDeliveries(context.db, issueId)).toEqual({ queued: 0, sending: 0, sent: 0, failed: 0, bounced: 0 });
  });
});

describe('compileTemplate', () => {
  test('missing template is RENDER_FAILED', async () => {
    const failure = compileTemplate('no-such-template', {});
    await expect(failure).rejects.toBeInstanceOf(AppError);
    await expect(failure).rejects.toMatchObject({ code: 'RENDER_FAILED' });
  });

  test('rejects a path as name', async () => {
    await expect(compileTemplate('../package', {})).rejects.toMatchObject({ code: 'RENDER_FAILED' });
  });
});

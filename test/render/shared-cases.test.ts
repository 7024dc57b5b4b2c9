import { JSDOM } from 'jsdom';
import type { Digest } from '../../src/domain';
import { compactHtml } from '../../src/render/compact-html';
import { mjmlToHtml } from '../../src/render/compile';
import { personalize, renderIssue } from '../../src/render/render';
import { createTestContext, type TestContext } from '../helpers/context';
import { describeShared, readCase } from '../helpers/shared';
import { insertFeed, insertIssue, insertItem } from './fixtures/issue-fixture';

const MSO_OPENER = '<!--[if mso | IE]>';
const MSO_CLOSER = '<![endif]-->';

function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describeShared('shared render cases', () => {
  test('B15 keeps MSO conditional comments', () => {
    const html = compactHtml(readCase('B15-mso-conditional-comments.html').toString('utf8'));

    expect(occurrences(html, MSO_OPENER)).toBe(3);
    expect(occurrences(html, MSO_CLOSER)).toBe(3);
    expect(occurrences(html, '<td style="vertical-align:top;width:300px;" >')).toBe(2);
    expect(html).toContain('Left story');
    expect(html).toContain('Right story');
    expect(html).not.toContain('build: digest-template v1');
  });

  test('B18 hrefs keep their ampersands', async () => {
    const html = await mjmlToHtml(readCase('B18-href-ampersand.mjml').toString('utf8'), 'B18');
    const document = new JSDOM(html).window.document;

    const hrefs = [...document.querySelectorAll('a[href]')].map((anchor) => anchor.getAttribute('href'));
    expect(hrefs).toContain('https://example.com/r?id=42&utm_source=digest&utm_medium=email');
    expect(hrefs).toContain('https://example.com/r?id=43&ref=img');
    expect(html).not.toContain('&amp;amp;');
  });

  describe('B16 Gmail clip budget', () => {
    let context: TestContext;

    beforeEach(() => {
      context = createTestContext();
    });

    afterEach(() => {
      context.cleanup();
    });

    test('drops lowest-ranked stories to fit', async () => {
      const stories = JSON.parse(readCase('B16-gmail-clip-stories.json').toString('utf8')).stories as Array<{ rank: number; id: string; title: string; url: string; summary: string }>;
      const feed = insertFeed(context.db, 'Clip Feed');
      const byRank = [...stories].sort((a, b) => a.rank - b.rank);
      const itemIds = byRank.map((story) => insertItem(context.db, feed, { title: `${story.id} ${story.title}`, link: story.url, summary: story.summary }));
      const digest: Digest = {
        themes: [{ title: 'Everything', summary: [{ text: 'Many stories today.', itemIds: [itemIds[0]!] }], keyItems: [{ itemId: itemIds[0]!, sentence: 'The top one.' }] }],
        conclusion: [{ text: 'That was a lot.', itemIds: [itemIds[0]!] }],
        topItemIds: itemIds.slice(0, 3),
        itemIds,
      };
      const issueId = insertIssue(context.db, digest, { issueDate: '2024-06-14' });
      const unsubscribeUrl = `${context.config.publicUrl}/u/zzzzzzzzzzzz.0.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG`;

      const rendered = await renderIssue(context, issueId);
      const { html } = personalize(rendered, { unsubscribeUrl, name: 'Jane Doe' });
      const document = new JSDOM(html).window.document;
      const shownTitles = [...document.querySelectorAll('a')].map((anchor) => anchor.textContent ?? '');

      expect(Buffer.byteLength(html, 'utf8')).toBeLessThanOrEqual(102_000);
      expect(rendered.omittedItemCount).toBeGreaterThan(0);
      expect(shownTitles.some((title) => title.startsWith('s01 '))).toBe(true);
      const lastKept = byRank[byRank.length - rendered.omittedItemCount - 1]!;
      const firstDropped = byRank[byRank.length - rendered.omittedItemCount]!;
      expect(html).toContain(lastKept.summary.slice(0, 200));
      expect(shownTitles.some((title) => title.startsWith(`${firstDropped.id} `))).toBe(false);
      const more = [...document.querySelectorAll('a')].find((anchor) => anchor.textContent === `${rendered.omittedItemCount} more stories`);
      expect(more?.getAttribute('href')).toBe(`${context.config.publicUrl}/archive/2024-06-14`);
      expect(html).toContain(unsubscribeUrl);
      expect(html).toContain('You get this email because you subscribed to');
    });
  });
});

describe('compactHtml', () => {
  test('MJML output keeps its conditionals', async () => {
    const source = `<mjml><mj-body><mj-section><mj-column><mj-text>a</mj-text></mj-column><mj-column><mj-image src="https://example.com/x.png" /></mj-column></mj-section><mj-raw><!-- note --></mj-raw></mj-body></mjml>`;
    const mjml2html = (await import('mjml')).default;
    const raw = (await mjml2html(source)).html;

    const compacted = compactHtml(raw);

    expect(occurrences(raw, '<!--[if')).toBeGreaterThan(2);
    expect(occurrences(compacted, '<!--[if')).toBe(occurrences(raw, '<!--[if'));
    expect(occurrences(compacted, '<![endif]-->')).toBe(occurrences(raw, '<![endif]-->'));
    expect(occurrences(compacted, '<!--<![endif]-->')).toBe(occurrences(raw, '<!--<![endif]-->'));
    expect(compacted).not.toContain('<!-- note -->');
    expect(compacted.length).toBeLessThan(raw.length);
  });
});

describe('size budget', () => {
  let context: TestContext;

  afterEach(() => {
    context.cleanup();
  });

  test('smaller budget keeps fewer sources', async () => {
    context = createTestContext();
    context.config.send.maxHtmlBytes = 40_000;
    const feed = insertFeed(context.db, 'Budget Feed');
    const itemIds = Array.from({ length: 30 }, (_, index) => insertItem(context.db, feed, { title: `Story ${index + 1}`, summary: `Story ${index + 1} é `.repeat(150) }));
    const issueId = insertIssue(context.db, { themes: [], conclusion: [], topItemIds: [], itemIds });

    const rendered = await renderIssue(context, issueId);
    const { html, text } = personalize(rendered, { unsubscribeUrl: `${context.config.publicUrl}/u/x`, name: 'é'.repeat(80) });

    expect(Buffer.byteLength(html, 'utf8')).toBeLessThanOrEqual(40_000);
    expect(rendered.omittedItemCount).toBeGreaterThan(0);
    expect(rendered.omittedItemCount).toBeLessThan(30);
    expect(html).toContain('>Story 1<');
    expect(html).not.toContain('>Story 30<');
    expect(text).toContain(`${rendered.omittedItemCount} more stories in the web version`);
  });

  test('budget too small is RENDER_FAILED', async () => {
    context = createTestContext();
    context.config.send.maxHtmlBytes = 5_000;
    const feed = insertFeed(context.db);
    const issueId = insertIssue(context.db, { themes: [], conclusion: [], topItemIds: [], itemIds: [insertItem(context.db, feed, { title: 'Only' })] });

    await expect(renderIssue(context, issueId)).rejects.toMatchObject({ code: 'RENDER_FAILED' });
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import type { Digest } from '../../src/domain';
import { personalize, renderIssue } from '../../src/render/render';
import { createTestContext, type TestContext } from '../helpers/context';
import { insertFeed, insertIssue, insertItem } from './fixtures/issue-fixture';

const UNSUBSCRIBE_URL = 'http://127.0.0.1:8787/u/7.0.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

let context: TestContext;
let configFolder: string | null = null;

beforeEach(() => {
  context = createTestContext();
});

afterEach(() => {
  context.cleanup();
  if (configFolder) fs.rmSync(configFolder, { recursive: true, force: true });
  configFolder = null;
});

/** Replace the test context by one whose config file contains `yaml`. */
function useConfig(yaml: string): void {
  context.cleanup();
  configFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'ads-render-config-'));
  const configPath = path.join(configFolder, 'config.yaml');
  fs.writeFileSync(configPath, yaml);
  context = createTestContext({ CONFIG: configPath });
}

function bodyText(html: string): string {
  return new JSDOM(html).window.document.body.textContent ?? '';
}

function digestOf(itemIds: number[], sentence = 'A sentence.'): Digest {
  return {
    themes: [{ title: 'Models', summary: [{ text: 'Models shipped.', itemIds }], keyItems: itemIds.map((itemId) => ({ itemId, sentence })) }],
    conclusion: [{ text: 'A busy day.', itemIds }],
    topItemIds: itemIds,
    itemIds,
  };
}

describe('undated items', () => {
  test('show no date in HTML or text', async () => {
    const feedId = insertFeed(context.db, 'Dated Feed');
    const undatedFeed = insertFeed(context.db, 'Undated Feed');
    const dated = insertItem(context.db, feedId, { title: 'Dated story' });
    const undated = insertItem(context.db, undatedFeed, { title: 'Undated story', publishedAt: null });
    const issueId = insertIssue(context.db, digestOf([dated, undated]));

    const { html, text } = personalize(await renderIssue(context, issueId), { unsubscribeUrl: UNSUBSCRIBE_URL, name: null });

    const shown = bodyText(html);
    expect(shown).toContain('Dated Feed · 13 Jun 2024');
    expect(shown).toContain('Undated Feed');
    expect(shown).not.toMatch(/Undated Feed ·/);
    expect(shown).not.toContain('14 Jun 2024');
    expect(text).toContain('- Dated story (Dated Feed), 13 Jun 2024');
    expect(text).toContain('- Undated story (Undated Feed)\n');
  });
});

describe('oversized items', () => {
  test('1 MB title renders within budget', async () => {
    const feedId = insertFeed(context.db, 'Big Feed');
    const huge = insertItem(context.db, feedId, {
      title: 'Oversized '.repeat(100_000),
      summary: 'Long excerpt. '.repeat(15_000),
      link: `https://example.com/${'a'.repeat(1_000_000)}`,
    });
    const normal = insertItem(context.db, feedId, { title: 'Normal story', summary: 'A normal excerpt.' });
    const issueId = insertIssue(context.db, digestOf([huge, normal]));

    const rendered = await renderIssue(context, issueId);

    expect(Buffer.byteLength(rendered.html)).toBeLessThanOrEqual(context.config.send.maxHtmlBytes);
    expect(rendered.omittedItemCount).toBe(0);
    const shown = bodyText(rendered.html);
    expect(shown).toContain('Normal story');
    expect(shown).toContain('Oversized Oversized');
    expect(shown).toContain('…');
    expect(rendered.html).not.toContain('a'.repeat(3_000));
    expect(rendered.text.length).toBeLessThan(20_000);
  });

  test('long theme texts end in an ellipsis', async () => {
    const feedId = insertFeed(context.db, 'Feed');
    const item = insertItem(context.db, feedId, { title: 'Story' });
    const digest = digestOf([item], 'Word '.repeat(20_000));
    digest.themes[0]!.title = 'Title '.repeat(20_000);
    digest.themes[0]!.summary[0]!.text = 'Summary '.repeat(20_000);
    const issueId = insertIssue(context.db, digest);

    const rendered = await renderIssue(context, issueId);

    const shown = bodyText(rendered.html);
    expect(shown).not.toContain('Title '.repeat(30));
    expect(shown).not.toContain('Summary '.repeat(100));
    expect(shown).not.toContain('Word '.repeat(150));
    expect(shown).toContain('Title Title');
    expect(rendered.text).toContain('Summary Summary');
    expect(rendered.html.length).toBeLessThan(context.config.send.maxHtmlBytes);
  });

  test('item over budget is dropped alone', async () => {
    useConfig('send:\n  maxHtmlBytes: 30000\n');
    const feedId = insertFeed(context.db, 'Feed');
    const large = Array.from({ length: 12 }, (_unused, index) =>
      insertItem(context.db, feedId, { title: `Large story ${index} ${'words '.repeat(60)}`, summary: 'Excerpt. '.repeat(50) }),
    );
    const small = insertItem(context.db, feedId, { title: 'Small story' });
    const digest = digestOf([...large, small], 'Sentence words. '.repeat(37));
    const issueId = insertIssue(context.db, digest);
    const warn = jest.spyOn(context.logger, 'warn');

    const rendered = await renderIssue(context, issueId);

    expect(Buffer.byteLength(rendered.html)).toBeLessThanOrEqual(30_000);
    expect(bodyText(rendered.html)).toContain('Small story');
    const drops = warn.mock.calls.filter((call) => String(call[1]).startsWith('item left out of the email'));
    expect(drops.length).toBeGreaterThan(0);
    expect(drops.length).toBeLessThan(large.length);
    expect(rendered.omittedItemCount).toBeGreaterThanOrEqual(drops.length);
  });
});

import { validateDigest } from '../../src/compose/validate';
import type { Digest, Theme } from '../../src/domain';

const ALLOWED = new Set([11, 12, 13]);
const LIMITS = { maxThemes: 6 };

function theme(overrides: Partial<Theme> = {}): Theme {
  return {
    title: 'Agents',
    summary: [{ text: 'Coding agents now run the tests before they propose a patch.', itemIds: [11] }],
    keyItems: [{ itemId: 12, sentence: 'Browser agents booked most trips on their own.' }],
    ...overrides,
  };
}

function digest(overrides: Partial<Digest> = {}): Digest {
  return { themes: [theme()], conclusion: [{ text: 'Agents had a busy day.', itemIds: [11, 12] }], topItemIds: [11], itemIds: [11, 12, 13], ...overrides };
}

describe('validateDigest', () => {
  test('accepts a grounded digest', () => {
    const result = validateDigest(digest(), ALLOWED, LIMITS);

    expect(result.violations).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.digest).toEqual(digest());
  });

  test('rejects unknown statement ids', () => {
    const result = validateDigest(digest({ themes: [theme({ summary: [{ text: 'A claim.', itemIds: [11, 99] }] })] }), ALLOWED, LIMITS);

    expect(result.violations).toEqual(['theme 1 summary sentence 1 cites item id(s) 99, which are not items of this issue; use only the ids listed']);
  });

  test('rejects unknown key item id', () => {
    const result = validateDigest(digest({ themes: [theme({ keyItems: [{ itemId: 7, sentence: 'A story.' }] })] }), ALLOWED, LIMITS);

    expect(result.violations).toEqual(['theme 1 key item 1 cites item id 7, which is not an item of this issue; use only the ids listed']);
  });

  test('rejects unknown top item id', () => {
    const result = validateDigest(digest({ topItemIds: [11, 404] }), ALLOWED, LIMITS);

    expect(result.violations).toEqual(['topItemIds cites item id(s) 404, which are not items of this issue; use only the ids listed']);
  });

  test('rejects a theme citing nothing', () => {
    const result = validateDigest(digest({ themes: [theme({ summary: [], keyItems: [] })] }), ALLOWED, LIMITS);

    expect(result.violations).toEqual(['theme 1 ("Agents") cites no item of this issue; cite at least one item id']);
  });

  test('rejects a statement without ids', () => {
    const result = validateDigest(digest({ conclusion: [{ text: 'Busy day.', itemIds: [] }] }), ALLOWED, LIMITS);

    expect(result.violations).toEqual(['conclusion sentence 1 cites no item id; cite the items it rests on']);
  });

  test('strips other link schemes and markup', () => {
    const input = digest({
      themes: [
        theme({
          title: 'Security **alert**',
          summary: [
            { text: 'Write to mailto:ceo@evil.example or ceo@evil.example, fetch ftp://evil.example/f.', itemIds: [11] },
            { text: 'Run javascript:alert(1) from hxxps://evil.example and <a href="">click</a> here.', itemIds: [11] },
          ],
        }),
      ],
    });

    const result = validateDigest(input, ALLOWED, LIMITS);
    const texts = [result.digest.themes[0]!.title, ...result.digest.themes[0]!.summary.map((statement) => statement.text)];

    expect(result.violations).toEqual([]);
    expect(texts[0]).toBe('Security alert');
    for (const text of texts) {
      expect(text).not.toMatch(/evil|mailto:|ftp:|javascript:|hxxps|<a|\*\*/);
    }
    expect(result.warnings).toContain('theme 1 title: removed HTML tags or markdown emphasis from the text');
  });

  test('strips URLs and markdown links', () => {
    const input = digest({
      themes: [
        theme({
          title: 'Agents (see https://evil.example.com/x)',
          summary: [{ text: 'Read [the paper](https://example.com/paper) at www.example.org now.', itemIds: [11] }],
        }),
      ],
    });

    const result = validateDigest(input, ALLOWED, LIMITS);

    expect(result.violations).toEqual([]);
    expect(result.digest.themes[0]!.title).toBe('Agents');
    expect(result.digest.themes[0]!.summary[0]!.text).toBe('Read the paper at now.');
    expect(result.warnings).toEqual([
      'theme 1 title: removed a URL or markdown link from the text',
      'theme 1 summary sentence 1: removed a URL or markdown link from the text',
    ]);
  });

  test('rejects mojibake', () => {
    const result = validateDigest(digest({ themes: [theme({ title: 'CafÃ© agents' })] }), ALLOWED, LIMITS);

    expect(result.violations).toEqual([expect.stringMatching(/^theme 1 title contains mojibake/)]);
  });

  test('rejects U+FFFD', () => {
    const result = validateDigest(digest({ conclusion: [{ text: 'Broken \uFFFD text.', itemIds: [11] }] }), ALLOWED, LIMITS);

    expect(result.violations).toEqual([expect.stringMatching(/^conclusion sentence 1 contains mojibake/)]);
  });

  test('rejects overlong text', () => {
    const result = validateDigest(digest({ themes: [theme({ title: 'A'.repeat(81) })] }), ALLOWED, LIMITS);

    expect(result.violations).toEqual(['theme 1 title has 81 characters; keep it under 80']);
  });

  test('folds line breaks', () => {
    const result = validateDigest(digest({ themes: [theme({ title: 'Agents\r\nBcc: x' })] }), ALLOWED, LIMITS);

    expect(result.digest.themes[0]!.title).toBe('Agents Bcc: x');
  });

  test('rejects too many or no themes', () => {
    expect(validateDigest(digest({ themes: [] }), ALLOWED, LIMITS).violations).toEqual(['the digest has no theme; write at least one']);
    const many = validateDigest(digest({ themes: Array.from({ length: 7 }, (_value, index) => theme({ title: `T${index}` })) }), ALLOWED, LIMITS);
    expect(many.violations).toEqual(['the digest has 7 themes; write at most 6']);
  });

  test('allows an empty key item sentence', () => {
    const result = validateDigest(digest({ themes: [theme({ keyItems: [{ itemId: 12, sentence: '' }] })] }), ALLOWED, LIMITS);

    expect(result.violations).toEqual([]);
  });
});

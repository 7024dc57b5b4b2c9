import { normalizeDraft } from '../../src/compose/claude/normalize-draft';

const LINKS = new Map([
  ['https://example.com/papers/1', 11],
  ['https://example.com/blog/launch', 12],
]);

describe('normalizeDraft', () => {
  test('keeps the tool shape', () => {
    const input = {
      themes: [{ title: 'T', summary: [{ text: 'S.', itemIds: [11] }], keyItems: [{ itemId: 12, sentence: 'K.' }] }],
      conclusion: [{ text: 'C.', itemIds: [11, 12] }],
      topItemIds: [12, 11],
    };

    const result = normalizeDraft(input, LINKS);

    expect(result).toEqual({ digest: { ...input, itemIds: [] }, violations: [], warnings: [] });
  });

  test('reads bullets, snake_case and string ids', () => {
    const input = {
      themes: [{ title: 'T', bullets: [{ text: 'A.', source_ids: ['s11', '#12'] }, { text: 'B.', item_id: '12' }], key_items: [{ item_id: 'item 11', text: 'K.' }] }],
      top_item_ids: ['11'],
    };

    const result = normalizeDraft(input, LINKS);

    expect(result.violations).toEqual([]);
    expect(result.digest.themes[0]).toEqual({
      title: 'T',
      summary: [
        { text: 'A.', itemIds: [11, 12] },
        { text: 'B.', itemIds: [12] },
      ],
      keyItems: [{ itemId: 11, sentence: 'K.' }],
    });
    expect(result.digest.topItemIds).toEqual([11]);
  });

  test('maps URLs with trailing punctuation', () => {
    const input = { themes: [{ title: 'T', bullets: [{ text: 'A.', url: 'https://example.com/papers/1).' }, { text: 'B.', urls: ['<https://example.com/blog/launch>'] }] }] };

    const result = normalizeDraft(input, LINKS);

    expect(result.digest.themes[0]!.summary.map((statement) => statement.itemIds)).toEqual([[11], [12]]);
    expect(result.warnings).toEqual([]);
  });

  test('drops a bullet citing an unknown URL', () => {
    const input = { themes: [{ title: 'T', bullets: [{ text: 'A.', url: 'https://example.com/papers/1' }, { text: 'B.', url: 'https://example.com/papers/1-extra' }] }] };

    const result = normalizeDraft(input, LINKS);

    expect(result.digest.themes[0]!.summary).toEqual([{ text: 'A.', itemIds: [11] }]);
    expect(result.warnings).toEqual(["theme 1 summary sentence 2: dropped, because it cites https://example.com/papers/1-extra, which is no item's link"]);
  });

  test('reports unreadable ids and missing themes', () => {
    expect(normalizeDraft({ themes: [{ title: 'T', summary: [{ text: 'A.', itemIds: ['first'] }] }] }, LINKS).violations).toEqual([
      'theme 1 summary sentence 1 has an unreadable item id "first"; send ids as integers from the list',
    ]);
    expect(normalizeDraft({ digest: {} }, LINKS).violations).toEqual(['"themes" is missing or not a list; send a list of themes']);
    expect(normalizeDraft('just text', LINKS).violations).toHaveLength(1);
  });

  test('reports a key item without id', () => {
    const result = normalizeDraft({ themes: [{ title: 'T', summary: [], keyItems: [{ sentence: 'K.' }] }] }, LINKS);

    expect(result.violations).toEqual(['theme 1 key item 1 names no item id; send { itemId, sentence }']);
  });
});

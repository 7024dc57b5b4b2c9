import { cutAtSentence, removeTitleRepeat, splitSentences, stripSharedPrefix } from '../../src/compose/claude/excerpt';

describe('splitSentences', () => {
  test('splits at end punctuation', () => {
    expect(splitSentences('Chips ship. Prices fall! Will it last? 2027 will tell.')).toEqual(['Chips ship.', 'Prices fall!', 'Will it last?', '2027 will tell.']);
  });

  test('keeps abbreviations inside sentences', () => {
    expect(splitSentences('The U.S. Senate voted. Tools, e.g. Claude, help.')).toEqual(['The U.S. Senate voted.', 'Tools, e.g. Claude, help.']);
  });

  test('does not split before lower case', () => {
    expect(splitSentences('Version 2. is out. Next')).toEqual(['Version 2. is out.', 'Next']);
  });
});

describe('removeTitleRepeat', () => {
  test('returns empty for a copy of the title', () => {
    expect(removeTitleRepeat('Introducing Claude Tag', 'Introducing Claude Tag')).toBe('');
  });

  test('ignores case and curly apostrophes', () => {
    expect(removeTitleRepeat("How Claude's text watermark works.", 'How Claude’s Text Watermark Works')).toBe('');
  });

  test('keeps the rest after a title opening', () => {
    expect(removeTitleRepeat('Introducing LifeSciBench, an expert-reviewed benchmark.', 'Introducing LifeSciBench')).toBe('an expert-reviewed benchmark.');
  });

  test('drops a leading sentence of title words only', () => {
    expect(removeTitleRepeat('Chips ship to clouds. Prices per token fall.', 'Inference chips ship to clouds')).toBe('Prices per token fall.');
  });

  test('keeps a sentence with new words', () => {
    expect(removeTitleRepeat('Chips ship to three clouds.', 'Chips ship to clouds')).toBe('Chips ship to three clouds.');
  });
});

describe('cutAtSentence', () => {
  test('keeps whole sentences within the maximum', () => {
    expect(cutAtSentence('One fact here. Two facts here. Three facts here.', 35)).toBe('One fact here. Two facts here.');
  });

  test('drops a trailing fragment', () => {
    expect(cutAtSentence('One fact here. The feed cut this off mid', 200)).toBe('One fact here.');
  });

  test('keeps a lone fragment', () => {
    expect(cutAtSentence('The feed cut this off mid', 200)).toBe('The feed cut this off mid');
  });

  test('cuts a long first sentence at a word', () => {
    const cut = cutAtSentence('A first sentence that runs far longer than the maximum allows.', 30);

    expect(cut.length).toBeLessThanOrEqual(30);
    expect(cut).toMatch(/^A first sentence .*…$/);
  });
});

describe('stripSharedPrefix', () => {
  test('strips a heading word before capitals', () => {
    expect(stripSharedPrefix(['Abstract EXIMO tunes.', 'Abstract A model.', 'Abstract 4DAnyone builds.'])).toEqual(['EXIMO tunes.', 'A model.', '4DAnyone builds.']);
  });

  test('strips a label up to its colon', () => {
    const excerpts = ['The Batch News: One job.', 'The Batch News: Two votes.', 'The Batch News: There will be none.'];

    expect(stripSharedPrefix(excerpts)).toEqual(['One job.', 'Two votes.', 'There will be none.']);
  });

  test('keeps a shared sentence opening', () => {
    const excerpts = ['Researchers built agents.', 'Researchers found gaps.', 'Researchers released weights.'];

    expect(stripSharedPrefix(excerpts)).toEqual(excerpts);
  });

  test('keeps prefixes of fewer than three excerpts', () => {
    expect(stripSharedPrefix(['Abstract EXIMO tunes.', 'Abstract A model.', ''])).toEqual(['Abstract EXIMO tunes.', 'Abstract A model.', '']);
  });
});

import { excerpt } from '../../src/collect/html';
import { normalizeTitle } from '../../src/collect/normalize';

describe('excerpt', () => {
  const emoji = '\u{1F600}';

  test('emoji counts as one character', () => {
    const text = emoji.repeat(5);
    expect(excerpt(text, 5)).toBe(text);
  });

  test('cut never splits a surrogate pair', () => {
    const cut = excerpt(emoji.repeat(6), 5);
    expect(cut).toBe(emoji.repeat(4) + '…');
  });

  test('lone surrogate counts as one character', () => {
    const text = 'ab\uD800cd';
    expect(excerpt(text, 5)).toBe(text);
    expect(excerpt(text + 'e', 5)).toBe('ab\uD800c…');
  });

  test('cut ends at a word boundary', () => {
    expect(excerpt('alpha beta gamma delta epsilon', 20)).toBe('alpha beta gamma…');
  });

  test('long text is cut to maxChars', () => {
    const cut = excerpt('word '.repeat(200), 50);
    expect([...cut].length).toBeLessThanOrEqual(50);
    expect(cut.endsWith('word…')).toBe(true);
  });
});

describe('normalizeTitle text repair', () => {
  test.each([
    ['printable ASCII', 'Plain title, 100% ASCII!', 'Plain title, 100% ASCII!'],
    ['C0 control dropped', 'bell\u0007 here', 'bell here'],
    ['DEL dropped', 'del\u007F here', 'del here'],
    ['C1 control dropped', 'c1\u0085 here', 'c1 here'],
    ['tab and line breaks become spaces', 'one\ttwo\r\nthree', 'one two three'],
    ['decomposed accent composed to NFC', 'Cafe\u0301', 'Caf\u00E9'],
    ['double-encoded UTF-8 repaired', 'caf\u00C3\u00A9', 'caf\u00E9'],
  ])('%s', (_name, value, expected) => {
    expect(normalizeTitle({ value, kind: 'text' })).toBe(expected);
  });
});

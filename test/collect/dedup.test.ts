import { dedupKey, titleKey } from '../../src/collect/dedup';
import type { NormalizedItem } from '../../src/collect/parse';
import { normaliseUrl } from '../../src/collect/urls';

function item(fields: Partial<NormalizedItem>): NormalizedItem {
  return { guid: null, title: 'A title', link: null, published: null, author: null, summary: '', text: '', html: '', image: null, ...fields };
}

describe('normaliseUrl', () => {
  test.each([
    ['http://example.com/news/1', 'https://example.com/news/1/'],
    ['https://www.example.com/a', 'https://example.com/a'],
    ['https://example.com/a?utm_source=rss&utm_medium=feed', 'https://example.com/a'],
    ['https://example.com/a?b=2&a=1&fbclid=x', 'https://example.com/a?a=1&b=2'],
    ['https://example.com/a/amp/', 'https://example.com/a'],
    ['https://example.com/a.amp.html', 'https://example.com/a.html'],
    ['https://amp.example.com/a', 'https://example.com/a'],
    ['https://www.google.com/amp/s/example.com/a', 'https://example.com/a'],
    ['HTTPS://EXAMPLE.COM:443/a', 'http://example.com/a'],
  ])('%s equals %s', (left, right) => {
    expect(normaliseUrl(left)).toBe(normaliseUrl(right));
  });

  test.each([
    ['https://example.com/a', 'https://example.com/b'],
    ['https://example.com/a?id=1', 'https://example.com/a?id=2'],
    ['https://example.com/a#one', 'https://example.com/a#two'],
    ['https://example.com:8080/a', 'https://example.com/a'],
  ])('%s differs from %s', (left, right) => {
    expect(normaliseUrl(left)).not.toBe(normaliseUrl(right));
  });
});

describe('dedupKey', () => {
  test('URL guid ignores scheme and slash', () => {
    expect(dedupKey(item({ guid: 'http://example.com/n/1' }), 'feed:1')).toBe(dedupKey(item({ guid: 'https://example.com/n/1/' }), 'feed:2'));
  });

  test('bare guid scoped to its feed', () => {
    expect(dedupKey(item({ guid: '42' }), 'feed:1')).not.toBe(dedupKey(item({ guid: '42' }), 'feed:2'));
  });

  test('bare guid with link uses link', () => {
    expect(dedupKey(item({ guid: '42', link: 'https://e.org/x' }), 'feed:1')).toBe(dedupKey(item({ link: 'http://e.org/x/' }), 'feed:2'));
  });

  test('tag: guid is global', () => {
    expect(dedupKey(item({ guid: 'tag:e.org,2024:1', link: 'https://e.org/a' }), 'feed:1')).toBe('id:tag:e.org,2024:1');
  });

  test('no guid or link uses title', () => {
    expect(dedupKey(item({ title: 'Same' }), 'feed:1')).toBe(dedupKey(item({ title: 'Same' }), 'feed:1'));
  });
});

describe('titleKey', () => {
  test('folds case, accents and punctuation', () => {
    expect(titleKey('OpenAI Releases GPT-5: What’s New?')).toBe(titleKey('openai releases gpt 5 — whats new'));
    expect(titleKey('Café au lait for everyone')).toBe(titleKey('Cafe au lait, for everyone!'));
  });

  test('short titles fold to null', () => {
    expect(titleKey('Weekly update')).toBeNull();
  });
});

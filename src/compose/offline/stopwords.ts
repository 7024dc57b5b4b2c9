import stopwordsIso from 'stopwords-iso';

/**
 * Function words of the languages other than English that news feeds commonly use, from the
 * stopwords-iso package (MIT, lists per ISO 639-1 code). English function words come from
 * wink-nlp's stop-word flag, because stopwords-iso's English list also contains content words
 * such as "research", "open" and "system".
 */
const FEED_LANGUAGES = ['de', 'fr', 'es', 'pt', 'it', 'nl', 'ca', 'sv', 'da', 'no', 'fi', 'pl', 'cs', 'ro', 'hu', 'tr', 'id', 'ru', 'uk'] as const;

/**
 * Words of those lists that are also English content words or acronyms ("AI" is an Italian and
 * French function word, "EU" a Portuguese one). They are function words only in an item whose
 * language is detected as the one that lists them.
 */
const ENGLISH_CONTENT_WORDS = new Set(['ai', 'eu', 'us', 'state', 'face', 'mind', 'fine']);

const LISTS = new Map<string, ReadonlySet<string>>(FEED_LANGUAGES.map((language) => [language, new Set(stopwordsIso[language] ?? [])]));
const ENGLISH_LIST: ReadonlySet<string> = new Set(stopwordsIso.en ?? []);
const ANY_LANGUAGE = new Set([...LISTS.values()].flatMap((list) => [...list]).filter((word) => !ENGLISH_CONTENT_WORDS.has(word)));
const NO_WORDS: ReadonlySet<string> = new Set();

/** Characters of an item's text, title first, read to detect its language. */
const DETECTION_CHARS = 2000;
/** Minimum count of one language's function words that makes a text count as written in it. */
const MIN_DETECTION_HITS = 2;

/** Check whether a lower-case word is a function word of a feed language other than English. */
export function isForeignFunctionWord(word: string): boolean {
  return ANY_LANGUAGE.has(word);
}

/**
 * Return the function words of the language a text is written in, detected as the language
 * whose stop-word list contains the most of its words. English text, and text with too few such
 * words to tell, returns an empty set, since wink-nlp already flags English function words.
 */
export function detectFunctionWords(text: string): ReadonlySet<string> {
  const words = text.slice(0, DETECTION_CHARS).toLowerCase().match(/\p{L}+/gu) ?? [];
  const count = (list: ReadonlySet<string>): number => words.reduce((hits, word) => hits + (list.has(word) ? 1 : 0), 0);

  let bestList: ReadonlySet<string> = NO_WORDS;
  let bestHits = Math.max(MIN_DETECTION_HITS - 1, count(ENGLISH_LIST));
  for (const list of LISTS.values()) {
    const hits = count(list);
    if (hits > bestHits) {
      bestList = list;
      bestHits = hits;
    }
  }
  return bestList;
}

import { truncateText } from '../text';

/**
 * Excerpt clean-ups for the prompt records: they remove the words of a feed's description that
 * tell the model nothing new, so the records spend their tokens on facts beyond the title.
 */

/** Minimum length in characters of a leading phrase that `stripSharedPrefix` removes. */
const MIN_SHARED_PREFIX_CHARS = 8;
/** Minimum number of excerpts of one source that must share a prefix before it counts as boilerplate. */
const MIN_EXCERPTS_FOR_SHARED_PREFIX = 3;
/** Abbreviations after which a period does not end a sentence. */
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'vs', 'etc', 'dr', 'mr', 'ms', 'mrs', 'st', 'no', 'fig', 'inc', 'corp', 'jr', 'sr']);

/**
 * Split a text into sentences at `.`, `!` or `?` followed by a space and an upper-case letter,
 * a digit or an opening quote. A period after a known abbreviation or after a single capital
 * (as in "U.S.") does not end a sentence.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  const boundary = /[.!?…]["”’)]?\s+(?=["“‘(]?[\p{Lu}\d])/gu;
  let start = 0;
  for (const match of text.matchAll(boundary)) {
    const end = match.index + match[0].trimEnd().length;
    const lastWord = /(\S+)[.!?…]["”’)]?$/u.exec(text.slice(start, end))?.[1] ?? '';
    if (ABBREVIATIONS.has(lastWord.toLowerCase()) || /^(?:\p{Lu}\.)*\p{Lu}$/u.test(lastWord)) continue;
    sentences.push(text.slice(start, end));
    start = match.index + match[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest !== '') sentences.push(rest);
  return sentences;
}

/**
 * Remove what repeats the title: the title itself when the excerpt opens with it, then every
 * leading sentence with no word that the title lacks. Returns '' when nothing new is left.
 */
export function removeTitleRepeat(excerpt: string, title: string): string {
  const titleWords = new Set(words(title));
  let rest = excerpt;

  // "Introducing X, a new benchmark for Y" under the title "Introducing X" keeps "a new benchmark for Y".
  if (title.trim() !== '' && rest.toLowerCase().startsWith(title.trim().toLowerCase())) {
    rest = rest.slice(title.trim().length).replace(/^[\s,;:.!?…—–-]+/u, '');
  }

  const sentences = splitSentences(rest);
  while (sentences.length > 0 && addsNothingBeyond(sentences[0]!, titleWords)) sentences.shift();
  return sentences.join(' ');
}

/**
 * Cut an excerpt to whole sentences of at most `maxChars` characters in all. A trailing
 * fragment without end punctuation (a description the feed cut off) is dropped when a whole
 * sentence comes before it. When even the first sentence is longer than `maxChars`, it is cut
 * at a word boundary and ends with an ellipsis.
 */
export function cutAtSentence(excerpt: string, maxChars: number): string {
  const sentences = splitSentences(excerpt);
  if (sentences.length > 1 && !/[.!?]["”’)]?$/u.test(sentences[sentences.length - 1]!)) sentences.pop();

  let kept = '';
  for (const sentence of sentences) {
    const next = kept === '' ? sentence : `${kept} ${sentence}`;
    if (next.length > maxChars) break;
    kept = next;
  }
  return kept !== '' ? kept : truncateText(excerpt, maxChars);
}

/**
 * Remove a leading phrase that every excerpt of one source shares, such as "Abstract" before
 * each paper summary or a newsletter's name before each issue's lead. Only sources with at
 * least three excerpts are checked, and the phrase ends at a word boundary.
 * NOTE: a source whose three or more excerpts happen to open with the same real words (for
 * example "OpenAI introduces") loses those words too.
 */
export function stripSharedPrefix(excerpts: string[]): string[] {
  const nonEmpty = excerpts.filter((excerpt) => excerpt !== '');
  if (nonEmpty.length < MIN_EXCERPTS_FOR_SHARED_PREFIX) return excerpts;

  let prefix = nonEmpty[0]!;
  for (const excerpt of nonEmpty) {
    let length = 0;
    while (length < prefix.length && length < excerpt.length && prefix[length] === excerpt[length]) length += 1;
    prefix = prefix.slice(0, length);
  }

  // Back off to the last word boundary, so that a shared first letter or half word stays.
  const boundary = prefix.search(/\s\S*$/u);
  const wordPrefix = nonEmpty.every((excerpt) => excerpt.length === prefix.length || /\s/u.test(excerpt[prefix.length]!))
    ? prefix
    : boundary >= 0
      ? prefix.slice(0, boundary + 1)
      : '';
  if (wordPrefix.trim().length < MIN_SHARED_PREFIX_CHARS) return excerpts;
  return excerpts.map((excerpt) => (excerpt.startsWith(wordPrefix) ? excerpt.slice(wordPrefix.length).trim() : excerpt));
}

function addsNothingBeyond(sentence: string, titleWords: ReadonlySet<string>): boolean {
  return words(sentence).every((word) => titleWords.has(word));
}

/** Lower-case words of letters and digits, with curly apostrophes folded into straight ones. */
function words(text: string): string[] {
  return text.toLowerCase().replace(/[’‘]/g, "'").match(/[\p{L}\p{N}']+/gu) ?? [];
}

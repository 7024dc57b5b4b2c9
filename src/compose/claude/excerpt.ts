import { truncateText } from '../text';

/**
 * Excerpt clean-ups for the prompt records. They remove the words of a feed's description that
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
 * Remove a leading label that every excerpt of one source shares, such as "Abstract" before
 * each paper summary or "The Batch AI News and Insights:" before each newsletter's lead. Only
 * sources with at least three excerpts are checked. The label is the shared opening up to its
 * last `:`, `—`, `–` or `|`, or else a single shared first word that runs into a capital letter
 * or a digit in every excerpt, as a heading does ("Abstract EXIMO fine-tunes …").
 * NOTE: three excerpts that open with the same real word before a capital (say "Google Cloud",
 * "Google Research" and "Google DeepMind") lose that word too.
 */
export function stripSharedPrefix(excerpts: string[]): string[] {
  const nonEmpty = excerpts.filter((excerpt) => excerpt !== '');
  if (nonEmpty.length < MIN_EXCERPTS_FOR_SHARED_PREFIX) return excerpts;

  const label = sharedLabel(nonEmpty);
  if (label.trim().length < MIN_SHARED_PREFIX_CHARS) return excerpts;
  return excerpts.map((excerpt) => (excerpt.startsWith(label) ? excerpt.slice(label.length).trim() : excerpt));
}

function sharedLabel(excerpts: string[]): string {
  let prefix = excerpts[0]!;
  for (const excerpt of excerpts) {
    let length = 0;
    while (length < prefix.length && length < excerpt.length && prefix[length] === excerpt[length]) length += 1;
    prefix = prefix.slice(0, length);
  }

  const punctuated = /^.*[:—–|]\s/su.exec(prefix)?.[0];
  if (punctuated !== undefined) return punctuated;

  const firstWord = /^\S+\s/u.exec(prefix)?.[0];
  if (firstWord === undefined) return '';
  const runsIntoCapital = excerpts.every((excerpt) => /^["“‘(]?[\p{Lu}\p{N}]/u.test(excerpt.slice(firstWord.length)));
  return runsIntoCapital ? firstWord : '';
}

function addsNothingBeyond(sentence: string, titleWords: ReadonlySet<string>): boolean {
  return words(sentence).every((word) => titleWords.has(word));
}

/** Lower-case words of letters and digits, with curly apostrophes folded into straight ones. */
function words(text: string): string[] {
  return text.toLowerCase().replace(/[’‘]/g, "'").match(/[\p{L}\p{N}']+/gu) ?? [];
}

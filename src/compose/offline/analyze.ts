import type { ItemSentence } from 'wink-nlp';
import type { ItemRow } from '../../domain';
import { collapseSpaces, containsLink, hasMojibake } from '../text';
import { getNlp } from './nlp';
import { detectFunctionWords } from './stopwords';

/** A sentence of an item, copied verbatim from its text, with the terms it contains. */
export interface Sentence {
  text: string;
  /** Position in the item's text, 0 for the first sentence. */
  index: number;
  terms: string[];
}

/** A candidate theme title: consecutive nouns and adjectives of an item title. */
export interface Phrase {
  /** Lemmas joined by a space, to compare phrases across items. */
  key: string;
  /** The words as written in the title. */
  surface: string;
  terms: string[];
}

export interface ItemAnalysis {
  item: ItemRow;
  /** Term (lower-case lemma of a noun or proper noun) to its count; title terms count three times. */
  termCounts: Map<string, number>;
  titleTerms: Set<string>;
  phrases: Phrase[];
  sentences: Sentence[];
}

const TITLE_WEIGHT = 3;
/**
 * Characters of an item's title and of its text that the NLP reads, so that one oversized item
 * costs no more than a long article. Real titles stay under 250 characters.
 */
const MAX_ANALYZED_TITLE_CHARS = 400;
const MAX_ANALYZED_CHARS = 8000;
const MIN_SENTENCE_CHARS = 40;
const MAX_SENTENCE_CHARS = 280;
const TERM_TAGS = new Set(['NOUN', 'PROPN']);
/**
 * A section heading that feeds glue to the first sentence when they drop line breaks
 * ("Abstract We present …"). The rest of the sentence is still a verbatim substring.
 */
const HEADING_PREFIX = /^(?:Abstract|Summary|Overview|TL;DR)[:.]?\s+(?=\p{Lu}|\p{N})/u;
const PHRASE_TAGS = new Set(['NOUN', 'PROPN', 'ADJ']);

/** Words too common in news posts to name a theme, beyond wink-nlp's stop words. */
const GENERIC_TERMS = new Set([
  'blog', 'post', 'today', 'week', 'year', 'day', 'time', 'way', 'team', 'people', 'thing', 'lot',
  'part', 'new', 'use', 'work', 'example', 'world', 'number', 'kind', 'article', 'news', 'read',
  'more', 'today’s', 'week’s', 'issue', 'update', 'updates',
]);

/** Tokenize each item's title and text once: terms, title phrases and verbatim sentences. */
export function analyzeItems(items: ItemRow[]): ItemAnalysis[] {
  return items.map(analyzeItem);
}

function analyzeItem(item: ItemRow): ItemAnalysis {
  const termCounts = new Map<string, number>();
  const titleTerms = new Set<string>();
  const titleText = cutAtWord(item.title, MAX_ANALYZED_TITLE_CHARS);
  const bodyText = sourceText(item).slice(0, MAX_ANALYZED_CHARS);

  // wink-nlp's model is English, so it tags the function words of a German or Portuguese item
  // ("für", "em") as nouns. The item's own language's function words are marked as stop words.
  const functionWords = detectFunctionWords(`${titleText}\n${bodyText}`);

  const title = analyzeTitle(titleText, functionWords);
  for (const term of title.terms) {
    titleTerms.add(term);
    termCounts.set(term, (termCounts.get(term) ?? 0) + TITLE_WEIGHT);
  }

  const sentences = analyzeBody(bodyText, functionWords);
  for (const sentence of sentences.all) {
    for (const term of sentence.terms) termCounts.set(term, (termCounts.get(term) ?? 0) + 1);
  }

  return { item, termCounts, titleTerms, phrases: title.phrases, sentences: sentences.usable };
}

/** Return the text that offline sentences come from: the item's plain text, or its excerpt when the text is empty. */
export function sourceText(item: ItemRow): string {
  return item.text.trim() !== '' ? item.text : item.summary;
}

/** Cut a text to at most `maxChars` characters, at the last space when there is one, so no word is split. */
function cutAtWord(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  const lastSpace = cut.lastIndexOf(' ');
  return lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut;
}

function analyzeTitle(title: string, functionWords: ReadonlySet<string>): { terms: string[]; phrases: Phrase[] } {
  const nlp = getNlp();
  const its = nlp.its;
  const doc = nlp.readDoc(title);
  const values = doc.tokens().out(its.value) as string[];
  const spaces = doc.tokens().out(its.precedingSpaces as unknown as typeof its.value) as string[];

  // Tag a Title Case title in sentence case, so "Agents" is the noun "agent" and not a name.
  const caseDoc = nlp.readDoc(toSentenceCase(title));
  const tagged = caseDoc.tokens().length() === doc.tokens().length() ? caseDoc : doc;
  const lemmas = tagged.tokens().out(its.lemma as unknown as typeof its.value) as string[];
  const tags = tagged.tokens().out(its.pos) as string[];
  const stops = tagged.tokens().out(its.stopWordFlag) as unknown as boolean[];

  const tokens: TitleToken[] = [];
  values.forEach((value, index) => {
    const term = normalTerm(lemmas[index]!);
    const stop = stops[index]! || functionWords.has(value.toLowerCase()) || functionWords.has(term);
    tokens.push({ value, term, tag: tags[index]!, stop, space: spaces[index]! });
  });

  const terms = tokens.filter((token) => TERM_TAGS.has(token.tag) && !token.stop && isTerm(token.term)).map((token) => token.term);
  return { terms, phrases: titlePhrases(tokens) };
}

/**
 * Lower-case the capitalised words of a Title Case title ("Coding Agents Resolve Tasks"),
 * keeping acronyms and mixed-case names such as "LLM" or "OpenAI". A title with fewer than
 * half its long words capitalised is returned unchanged.
 */
function toSentenceCase(title: string): string {
  const words = title.split(/\s+/).filter((word) => /^\p{L}{4,}/u.test(word));
  const capitalised = words.filter((word) => /^\p{Lu}/u.test(word)).length;
  if (words.length < 2 || capitalised * 2 < words.length) return title;
  return title.replace(/(?<=\s)\p{Lu}\p{Ll}+\b/gu, (word) => word.toLowerCase());
}

interface TitleToken {
  value: string;
  term: string;
  tag: string;
  stop: boolean;
  /** Whitespace before the token in the title. */
  space: string;
}

/** A word of a phrase: one token, or tokens joined by hyphens such as "open-weight". */
interface PhraseWord {
  surface: string;
  space: string;
  terms: string[];
}

/**
 * List the phrases of one to three words inside each run of nouns and adjectives of a title.
 * Hyphenated compounds count as one word, so "Open-weight model" stays whole.
 */
function titlePhrases(tokens: TitleToken[]): Phrase[] {
  const phrases: Phrase[] = [];
  let run: PhraseWord[] = [];

  const closeRun = (): void => {
    for (let start = 0; start < run.length; start += 1) {
      for (let end = start + 1; end <= Math.min(run.length, start + 3); end += 1) {
        const words = run.slice(start, end);
        const phraseTerms = words.flatMap((word) => word.terms);
        if (phraseTerms.length === 0) continue;
        const surface = words.map((word, position) => (position === 0 ? '' : word.space) + word.surface).join('');
        phrases.push({ key: phraseTerms.join(' '), surface, terms: phraseTerms });
      }
    }
    run = [];
  };

  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    const next = tokens[index + 1];
    const previous = run[run.length - 1];
    const isPhraseToken = PHRASE_TAGS.has(token.tag) && !token.stop && /\p{L}/u.test(token.value);

    // A hyphen between two words with no spaces joins them into one word.
    if (token.value === '-' && token.space === '' && next?.space === '' && previous && next && /\p{L}/u.test(next.value)) {
      previous.surface += `-${next.value}`;
      if (isTerm(next.term)) previous.terms.push(next.term);
      index += 1;
      continue;
    }

    if (isPhraseToken) run.push({ surface: token.value, space: token.space, terms: isTerm(token.term) ? [token.term] : [] });
    else closeRun();
  }
  closeRun();
  return phrases;
}

/** Split the analyzed part of an item's text into sentences and their terms. */
function analyzeBody(analyzed: string, functionWords: ReadonlySet<string>): { all: Sentence[]; usable: Sentence[] } {
  const nlp = getNlp();
  const its = nlp.its;
  const doc = nlp.readDoc(analyzed);

  const all: Sentence[] = [];
  doc.sentences().each((sentence: ItemSentence) => {
    const lemmas = sentence.tokens().out(its.lemma as unknown as typeof its.value) as string[];
    const tags = sentence.tokens().out(its.pos) as string[];
    const stops = sentence.tokens().out(its.stopWordFlag) as unknown as boolean[];
    const terms = lemmas
      .map((lemma, index) => (TERM_TAGS.has(tags[index]!) && !stops[index] ? normalTerm(lemma) : ''))
      .filter((term) => isTerm(term) && !functionWords.has(term));
    all.push({ text: sentence.out().trim(), index: all.length, terms });
  });

  const usable = all
    .filter((sentence) => isUsableSentence(sentence.text, analyzed))
    .map((sentence) => ({ ...sentence, text: sentence.text.replace(HEADING_PREFIX, '') }));
  return { all, usable };
}

/**
 * Check that the offline digest may quote a sentence. It must occur verbatim in the item's text,
 * on one line, with a readable length and a sentence ending. It must be free of links, mojibake
 * and paths such as `owner/repo`, which are page furniture more often than prose.
 */
function isUsableSentence(sentence: string, text: string): boolean {
  return (
    sentence.length >= MIN_SENTENCE_CHARS &&
    sentence.length <= MAX_SENTENCE_CHARS &&
    sentence === collapseSpaces(sentence) &&
    /[.!?…]["”’)]?$/.test(sentence) &&
    /^[\p{Lu}\p{N}"“‘(]/u.test(sentence) &&
    startsSentence(sentence, text) &&
    !/\p{L}\/\p{L}/u.test(sentence) &&
    !containsLink(sentence) &&
    !hasMojibake(sentence)
  );
}

/** Check that the sentence occurs in the text after a sentence end, a line break or the start. */
function startsSentence(sentence: string, text: string): boolean {
  const position = text.indexOf(sentence);
  if (position < 0) return false;
  const before = text.slice(Math.max(0, position - 3), position);
  return position === 0 || /(^|[.!?…"”’)]\s+|\n\s*)$/.test(before);
}

function normalTerm(lemma: string): string {
  return lemma.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

function isTerm(term: string): boolean {
  return term.length >= 2 && /\p{L}/u.test(term) && !GENERIC_TERMS.has(term);
}

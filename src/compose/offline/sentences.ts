import type { ItemAnalysis, Sentence } from './analyze';
import type { TermVector, Weights } from './weights';

/** A sentence of an item, scored against a theme. */
export interface ScoredSentence {
  sentence: Sentence;
  analysisIndex: number;
  score: number;
}

const FIRST_SENTENCE_FACTOR = 0.85;

/**
 * Rank the sentences of the given items by information about the theme. A sentence scores the
 * summed weight of its terms in the theme's centre plus their own TF-IDF. The sum is divided by
 * the square root of the term count, so that long sentences do not win by length alone. A first
 * sentence is often a teaser that repeats the title, so it scores a little lower.
 */
export function rankSentences(memberIndexes: number[], analyses: ItemAnalysis[], weights: Weights, themeVector: TermVector): ScoredSentence[] {
  const scored: ScoredSentence[] = [];

  for (const analysisIndex of memberIndexes) {
    const itemVector = weights.vectors[analysisIndex]!;
    for (const sentence of analyses[analysisIndex]!.sentences) {
      const unique = [...new Set(sentence.terms)];
      if (unique.length < 3) continue;
      const weight = unique.reduce((sum, term) => sum + (themeVector.get(term) ?? 0) + 0.5 * (itemVector.get(term) ?? 0), 0);
      const position = sentence.index === 0 ? FIRST_SENTENCE_FACTOR : 1;
      scored.push({ sentence, analysisIndex, score: (weight / Math.sqrt(unique.length)) * position });
    }
  }

  return scored.sort((a, b) => b.score - a.score || a.analysisIndex - b.analysisIndex || a.sentence.index - b.sentence.index);
}

import type { ItemAnalysis } from './analyze';

/** A sparse term vector: term to weight. */
export type TermVector = Map<string, number>;

export interface Weights {
  /** Inverse document frequency of each term over the items. */
  idf: Map<string, number>;
  /** Number of items containing each term. */
  documentFrequency: Map<string, number>;
  /** One TF-IDF vector per item, in the order of the analyses. */
  vectors: TermVector[];
}

/**
 * Compute TF-IDF over the items of one issue: tf is 1 + log(count) (so a long article
 * does not drown a short one), idf is log(1 + N / df).
 */
export function computeWeights(analyses: ItemAnalysis[]): Weights {
  const documentFrequency = new Map<string, number>();
  for (const analysis of analyses) {
    for (const term of analysis.termCounts.keys()) {
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
  }

  const total = analyses.length;
  const idf = new Map<string, number>();
  for (const [term, frequency] of documentFrequency) idf.set(term, Math.log(1 + total / frequency));

  const vectors = analyses.map((analysis) => {
    const vector: TermVector = new Map();
    for (const [term, count] of analysis.termCounts) {
      vector.set(term, (1 + Math.log(count)) * idf.get(term)!);
    }
    return normalize(vector);
  });

  return { idf, documentFrequency, vectors };
}

/** Scale a vector to unit length. */
export function normalize(vector: TermVector): TermVector {
  let sum = 0;
  for (const weight of vector.values()) sum += weight * weight;
  const length = Math.sqrt(sum);
  if (length === 0) return vector;

  const scaled: TermVector = new Map();
  for (const [term, weight] of vector) scaled.set(term, weight / length);
  return scaled;
}

export function cosine(left: TermVector, right: TermVector): number {
  const [small, large] = left.size <= right.size ? [left, right] : [right, left];
  let dot = 0;
  for (const [term, weight] of small) dot += weight * (large.get(term) ?? 0);
  return dot;
}

/** Sum several vectors and normalise the result, which is the centre of a group of items. */
export function centroid(vectors: TermVector[]): TermVector {
  const sum: TermVector = new Map();
  for (const vector of vectors) {
    for (const [term, weight] of vector) sum.set(term, (sum.get(term) ?? 0) + weight);
  }
  return normalize(sum);
}

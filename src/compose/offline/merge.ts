import type { ItemAnalysis } from './analyze';
import { centroid, cosine, type TermVector, type Weights } from './weights';

/** One story: an item, plus any items of other feeds that report the same thing. */
export interface Story {
  /** Indexes into the analyses; the first is the lead item, the one with the longest text. */
  members: number[];
  vector: TermVector;
}

const SAME_STORY_COSINE = 0.6;
const SAME_TITLE_JACCARD = 0.5;

/**
 * Merge items of different feeds that cover the same story: their TF-IDF vectors are close
 * or their titles share at least half their terms (and at least two).
 * The result keeps the input order of each story's first member.
 */
export function mergeStories(analyses: ItemAnalysis[], weights: Weights): Story[] {
  const parent = analyses.map((_analysis, index) => index);
  const find = (index: number): number => {
    while (parent[index] !== index) index = parent[index]!;
    return index;
  };

  for (let left = 0; left < analyses.length; left += 1) {
    for (let right = left + 1; right < analyses.length; right += 1) {
      if (!isSameStory(analyses[left]!, analyses[right]!, weights.vectors[left]!, weights.vectors[right]!)) continue;
      const leftRoot = find(left);
      const rightRoot = find(right);
      if (leftRoot !== rightRoot) parent[Math.max(leftRoot, rightRoot)] = Math.min(leftRoot, rightRoot);
    }
  }

  const groups = new Map<number, number[]>();
  analyses.forEach((_analysis, index) => {
    const root = find(index);
    groups.set(root, [...(groups.get(root) ?? []), index]);
  });

  return [...groups.values()].map((members) => {
    const ordered = [...members].sort((a, b) => textLength(analyses[b]!) - textLength(analyses[a]!) || a - b);
    return { members: ordered, vector: centroid(ordered.map((index) => weights.vectors[index]!)) };
  });
}

function isSameStory(left: ItemAnalysis, right: ItemAnalysis, leftVector: TermVector, rightVector: TermVector): boolean {
  if (left.item.feed_id === right.item.feed_id) return false;
  if (cosine(leftVector, rightVector) >= SAME_STORY_COSINE) return true;

  const shared = [...left.titleTerms].filter((term) => right.titleTerms.has(term)).length;
  const union = new Set([...left.titleTerms, ...right.titleTerms]).size;
  return shared >= 2 && union > 0 && shared / union >= SAME_TITLE_JACCARD;
}

function textLength(analysis: ItemAnalysis): number {
  return analysis.item.text.length || analysis.item.summary.length;
}

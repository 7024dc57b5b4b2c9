import type { ItemAnalysis } from './analyze';
import type { Story } from './merge';
import { isForeignFunctionWord } from './stopwords';
import { centroid, cosine, type TermVector, type Weights } from './weights';

/** A group of stories that share a keyword. */
export interface StoryGroup {
  /** The keyword that founded the group, or null for a group made by a split or of unrelated stories. */
  keyword: string | null;
  /** Whether this is the group of stories that share no keyword with any other group. */
  unrelated: boolean;
  /** Indexes into the stories, closest to the group's centre first. */
  stories: number[];
  vector: TermVector;
}

export interface GroupingOptions {
  minThemes: number;
  maxThemes: number;
  /** Terms of the newsletter's field (such as `ai`): in most items, so they found no theme. */
  fieldTerms: ReadonlySet<string>;
}

const TOP_TERMS_PER_STORY = 10;
const MIN_ATTACH_COSINE = 0.02;

/**
 * Group stories into at most `maxThemes` themes by shared keywords. Greedy: among the stories
 * still ungrouped, the keyword with the best coverage times rarity (story count × idf), held
 * by at least two of them, founds a group of those stories. The rest join the closest group,
 * or a last group of unrelated stories. A largest group is split while there are fewer than
 * `minThemes`.
 */
export function groupStories(stories: Story[], analyses: ItemAnalysis[], weights: Weights, options: GroupingOptions): StoryGroup[] {
  const topTerms = stories.map((story) => storyTopTerms(story, analyses));
  const groups: StoryGroup[] = [];
  const ungrouped = new Set(stories.map((_story, index) => index));

  while (groups.length < options.maxThemes - 1 && ungrouped.size >= 2) {
    const keyword = bestKeyword([...ungrouped], topTerms, weights, options.fieldTerms);
    if (keyword === null) break;

    const members = [...ungrouped].filter((index) => topTerms[index]!.has(keyword));
    members.forEach((index) => ungrouped.delete(index));
    groups.push(makeGroup(keyword, members, stories));
  }

  const unrelated = attachRemaining([...ungrouped], groups, stories);
  if (unrelated.length > 0) groups.push({ ...makeGroup(null, unrelated, stories), unrelated: true });

  while (groups.length < options.minThemes && splitLargest(groups, stories)) {
    // Each pass adds one group.
  }
  // Largest first, and the unrelated stories last whatever their number.
  return groups.sort(
    (a, b) => Number(a.unrelated) - Number(b.unrelated) || b.stories.length - a.stories.length || a.stories[0]! - b.stories[0]!,
  );
}

function storyTopTerms(story: Story, analyses: ItemAnalysis[]): Set<string> {
  const ranked = [...story.vector].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const terms = new Set(ranked.slice(0, TOP_TERMS_PER_STORY).map(([term]) => term));
  for (const member of story.members) analyses[member]!.titleTerms.forEach((term) => terms.add(term));
  return terms;
}

function bestKeyword(candidates: number[], topTerms: Set<string>[], weights: Weights, fieldTerms: ReadonlySet<string>): string | null {
  const counts = new Map<string, number>();
  for (const index of candidates) {
    for (const term of topTerms[index]!) counts.set(term, (counts.get(term) ?? 0) + 1);
  }

  // A term found in most items is as weak a theme keyword as the field's own name. A function
  // word of another language ("für") can pass as a noun where the item's language went undetected.
  const itemCount = Math.max(1, weights.vectors.length);
  const maxShare = itemCount >= 6 ? 0.5 : 1;
  let best: string | null = null;
  let bestScore = 0;
  for (const [term, count] of [...counts].sort((a, b) => a[0].localeCompare(b[0]))) {
    const share = (weights.documentFrequency.get(term) ?? 0) / itemCount;
    if (count < 2 || share > maxShare || fieldTerms.has(term) || isForeignFunctionWord(term)) continue;
    const score = count * (weights.idf.get(term) ?? 0);
    if (score > bestScore) {
      best = term;
      bestScore = score;
    }
  }
  return best;
}

function attachRemaining(remaining: number[], groups: StoryGroup[], stories: Story[]): number[] {
  const unrelated: number[] = [];
  for (const index of remaining) {
    const similarities = groups.map((group) => cosine(stories[index]!.vector, group.vector));
    const best = similarities.reduce((bestIndex, value, groupIndex) => (value > similarities[bestIndex]! ? groupIndex : bestIndex), 0);
    if (groups.length > 0 && similarities[best]! >= MIN_ATTACH_COSINE) groups[best]!.stories.push(index);
    else unrelated.push(index);
  }

  for (const group of groups) Object.assign(group, makeGroup(group.keyword, group.stories, stories));
  return unrelated;
}

function splitLargest(groups: StoryGroup[], stories: Story[]): boolean {
  const largest = groups.reduce<StoryGroup | null>((best, group) => (group.stories.length > (best?.stories.length ?? 1) ? group : best), null);
  if (!largest) return false;

  const half = Math.ceil(largest.stories.length / 2);
  const moved = largest.stories.slice(half);
  Object.assign(largest, { ...makeGroup(largest.keyword, largest.stories.slice(0, half), stories), unrelated: largest.unrelated });
  groups.push({ ...makeGroup(null, moved, stories), unrelated: largest.unrelated });
  return true;
}

function makeGroup(keyword: string | null, members: number[], stories: Story[]): StoryGroup {
  const vector = centroid(members.map((index) => stories[index]!.vector));
  const ordered = [...members].sort(
    (a, b) =>
      closeness(stories[b]!, vector) - closeness(stories[a]!, vector) || a - b,
  );
  return { keyword, unrelated: false, stories: ordered, vector };
}

/** Score how central a story is to a group: its cosine, plus a bonus for each extra feed that carried it. */
function closeness(story: Story, vector: TermVector): number {
  return cosine(story.vector, vector) + 0.1 * (story.members.length - 1);
}

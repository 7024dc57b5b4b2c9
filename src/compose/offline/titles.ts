import type { ItemAnalysis, Phrase } from './analyze';
import type { Story } from './merge';
import { isForeignFunctionWord } from './stopwords';
import type { StoryGroup } from './themes';
import type { Weights } from './weights';

const MAX_TITLE_CHARS = 60;

/**
 * Title each group with the key phrase of its item titles that best covers it: phrases held
 * by more stories, of rarer terms, containing the group's keyword and of two or three words
 * score higher. Every title is distinct. A group without a shared phrase is named after its
 * two strongest terms, and the group of unrelated stories beside keyword groups is "Other news".
 */
export function titleGroups(groups: StoryGroup[], stories: Story[], analyses: ItemAnalysis[], weights: Weights, fieldTerms: ReadonlySet<string>): string[] {
  const used = new Set<string>();
  const usedTerms = new Set<string>();

  return groups.map((group) => {
    if (group.unrelated && groups.some((other) => !other.unrelated) && !hasSharedPhrase(group, stories, analyses)) {
      return uniqueTitle('Other news', used);
    }
    const ranked = rankPhrases(group, stories, analyses, weights).filter(
      (phrase) => !used.has(phrase.surface.toLowerCase()) && !phrase.terms.every((term) => fieldTerms.has(term)),
    );
    const chosen = ranked[0];
    if (!chosen) return uniqueTitle(termsTitle(group, analyses), used);

    // A one-word title carries little meaning, so a second phrase joins it when a fifth of the
    // stories share it and no earlier title used its words.
    const minStories = Math.max(2, Math.ceil(group.stories.length / 5));
    const second = chosen.terms.length > 1
      ? undefined
      : ranked.find((phrase) => phrase.storyCount >= minStories && phrase.terms.every((term) => !chosen.terms.includes(term) && !usedTerms.has(term) && !fieldTerms.has(term)));

    [...chosen.terms, ...(second?.terms ?? [])].forEach((term) => usedTerms.add(term));
    return uniqueTitle(second ? `${chosen.surface} and ${second.surface}` : chosen.surface, used);
  });
}

interface RankedPhrase {
  surface: string;
  terms: string[];
  /** Number of the group's stories whose titles contain the phrase. */
  storyCount: number;
}

function rankPhrases(group: StoryGroup, stories: Story[], analyses: ItemAnalysis[], weights: Weights): RankedPhrase[] {
  const entries = new Map<string, { storyCount: number; surfaces: Map<string, number>; phrase: Phrase }>();

  for (const storyIndex of group.stories) {
    const seen = new Set<string>();
    for (const member of stories[storyIndex]!.members) {
      for (const phrase of analyses[member]!.phrases) {
        const entry = entries.get(phrase.key) ?? { storyCount: 0, surfaces: new Map<string, number>(), phrase };
        if (!seen.has(phrase.key)) entry.storyCount += 1;
        seen.add(phrase.key);
        entry.surfaces.set(phrase.surface, (entry.surfaces.get(phrase.surface) ?? 0) + 1);
        entries.set(phrase.key, entry);
      }
    }
  }

  const minStories = group.stories.length >= 2 ? 2 : 1;
  const scored = [...entries.values()]
    .filter((entry) => entry.storyCount >= minStories)
    .map((entry) => ({
      surface: capitalize(commonSurface(entry.surfaces)),
      terms: entry.phrase.terms,
      storyCount: entry.storyCount,
      score: phraseScore(entry.phrase, entry.storyCount, group, weights),
    }))
    .filter((entry) => entry.surface.length <= MAX_TITLE_CHARS / 2 && !isFunctionPhrase(entry.terms))
    .sort((a, b) => b.score - a.score || a.surface.localeCompare(b.surface));
  return scored.map(({ surface, terms, storyCount }) => ({ surface, terms, storyCount }));
}

function phraseScore(phrase: Phrase, storyCount: number, group: StoryGroup, weights: Weights): number {
  const weight = phrase.terms.reduce((sum, term) => sum + (group.vector.get(term) ?? 0) + 0.05 * (weights.idf.get(term) ?? 0), 0);
  const keywordBonus = group.keyword !== null && phrase.terms.includes(group.keyword) ? 1.5 : 1;
  const lengthBonus = phrase.terms.length === 1 ? 1 : 1.25;
  return storyCount * weight * keywordBonus * lengthBonus;
}

/**
 * Check whether a phrase is made of function words of some feed language only ("Für", "Em"),
 * which happens where an item's language went undetected. Such a phrase never titles a theme.
 */
function isFunctionPhrase(terms: string[]): boolean {
  return terms.every((term) => isForeignFunctionWord(term));
}

function hasSharedPhrase(group: StoryGroup, stories: Story[], analyses: ItemAnalysis[]): boolean {
  const counts = new Map<string, number>();
  for (const storyIndex of group.stories) {
    const keys = new Set(stories[storyIndex]!.members.flatMap((member) => analyses[member]!.phrases.map((phrase) => phrase.key)));
    keys.forEach((key) => counts.set(key, (counts.get(key) ?? 0) + 1));
  }
  return [...counts.values()].some((count) => count >= Math.max(2, group.stories.length / 2));
}

function termsTitle(group: StoryGroup, analyses: ItemAnalysis[]): string {
  const surfaces = termSurfaces(analyses);
  const top = [...group.vector]
    .filter(([term]) => !isForeignFunctionWord(term))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 2)
    .map(([term]) => surfaces.get(term) ?? term);
  return top.length === 0 ? 'More stories' : capitalize(top.join(' and '));
}

/** Map each single-term phrase to the spelling titles use most often ("OpenAI", not "openai"). */
function termSurfaces(analyses: ItemAnalysis[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const analysis of analyses) {
    for (const phrase of analysis.phrases) {
      if (phrase.terms.length !== 1 || phrase.surface.includes(' ')) continue;
      const surfaces = counts.get(phrase.key) ?? new Map<string, number>();
      surfaces.set(phrase.surface, (surfaces.get(phrase.surface) ?? 0) + 1);
      counts.set(phrase.key, surfaces);
    }
  }
  return new Map([...counts].map(([key, surfaces]) => [key, commonSurface(surfaces)]));
}

/** Pick the most frequent spelling, or its plural when titles use that too ("Agents" over "Agent"). */
function commonSurface(surfaces: Map<string, number>): string {
  const common = [...surfaces].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  const plural = [...surfaces.keys()].find((surface) => surface.toLowerCase() === `${common.toLowerCase()}s`);
  return plural ?? common;
}

/** Upper-case the first letter, unless the first word is a mixed-case name such as "iPhone" or "eBay". */
function capitalize(text: string): string {
  const firstWord = text.split(/[\s-]/, 1)[0]!;
  if (/^\p{Ll}+\p{Lu}/u.test(firstWord)) return text;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function uniqueTitle(title: string, used: Set<string>): string {
  let candidate = title;
  for (let suffix = 2; used.has(candidate.toLowerCase()); suffix += 1) candidate = `${title} (${suffix})`;
  used.add(candidate.toLowerCase());
  return candidate;
}

import type { Config } from '../../config/load';
import type { Digest, ItemRow, KeyItem, Statement, Theme } from '../../domain';
import { analyzeItems, type ItemAnalysis } from './analyze';
import { mergeStories, type Story } from './merge';
import { rankSentences } from './sentences';
import { groupStories, type StoryGroup } from './themes';
import { titleGroups } from './titles';
import { computeWeights, type Weights } from './weights';

export interface OfflineOptions {
  minThemes: number;
  maxThemes: number;
  /** The newsletter's field (config newsletter.field, such as `AI`); its words found no theme. */
  field: string;
}

/** Read the offline composer's options from the config. */
export function offlineOptionsFrom(config: Config): OfflineOptions {
  return { minThemes: config.compose.minThemes, maxThemes: config.compose.maxThemes, field: config.newsletter.field };
}

const KEY_ITEMS_PER_THEME = 4;
const SUMMARY_SENTENCES = 3;
const TOP_ITEMS = 5;

/**
 * Compose a digest without a model. Items of different feeds that report one story are merged,
 * and stories are grouped into themes by TF-IDF keywords. Each theme is titled with a key phrase
 * of its item titles. Every summary or key-item sentence is copied verbatim from the text of the
 * item it cites. The result depends only on the items and their order, so it is deterministic.
 */
export function composeOffline(items: ItemRow[], options: OfflineOptions): Digest {
  if (items.length === 0) return { themes: [], conclusion: [], topItemIds: [], itemIds: [] };

  const analyses = analyzeItems(items);
  const weights = computeWeights(analyses);
  const stories = mergeStories(analyses, weights);
  const fieldTerms = new Set(options.field.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean));
  const groups = groupStories(stories, analyses, weights, { ...options, fieldTerms });
  const titles = titleGroups(groups, stories, analyses, weights, fieldTerms);

  const themes = groups.map((group, index) => buildTheme(titles[index]!, group, stories, analyses, weights));
  const topItemIds = pickTopItems(themes);
  const itemIds = orderAllItems(groups, stories, analyses);
  const conclusion = buildConclusion(themes, items, topItemIds);
  return { themes, conclusion, topItemIds, itemIds };
}

function buildTheme(title: string, group: StoryGroup, stories: Story[], analyses: ItemAnalysis[], weights: Weights): Theme {
  const keyStories = group.stories.slice(0, KEY_ITEMS_PER_THEME);
  const usedSentences = new Set<string>();

  // Summary: the best sentence of each leading story, so no one article fills the summary.
  const summary: Statement[] = [];
  for (const storyIndex of group.stories) {
    if (summary.length >= SUMMARY_SENTENCES) break;
    const story = stories[storyIndex]!;
    const best = rankSentences(story.members, analyses, weights, group.vector)[0];
    if (!best) continue;
    usedSentences.add(best.sentence.text);
    summary.push({ text: best.sentence.text, itemIds: citingItems(best.sentence.text, story, analyses) });
  }

  // Key items: the lead item of each story, with its best sentence not already in the summary.
  const keyItems: KeyItem[] = keyStories.map((storyIndex) => {
    const story = stories[storyIndex]!;
    const lead = story.members[0]!;
    const ranked = rankSentences([lead], analyses, weights, group.vector);
    const sentence = ranked.find((entry) => !usedSentences.has(entry.sentence.text)) ?? ranked[0];
    // An item with a title and no text gets no sentence rather than its title twice.
    return { itemId: analyses[lead]!.item.id, sentence: sentence?.sentence.text ?? '' };
  });

  return { title, summary, keyItems };
}

/** Return the members of a story whose own text contains the sentence verbatim. */
function citingItems(sentence: string, story: Story, analyses: ItemAnalysis[]): number[] {
  return story.members
    .filter((member) => analyses[member]!.sentences.some((candidate) => candidate.text === sentence))
    .map((member) => analyses[member]!.item.id);
}

function pickTopItems(themes: Theme[]): number[] {
  const top: number[] = [];
  for (let rank = 0; top.length < TOP_ITEMS; rank += 1) {
    const round = themes.map((theme) => theme.keyItems[rank]?.itemId).filter((id): id is number => id !== undefined);
    if (round.length === 0) break;
    for (const id of round) if (top.length < TOP_ITEMS && !top.includes(id)) top.push(id);
  }
  return top;
}

/** List every item theme by theme and story by story, so merged items sit beside their lead. */
function orderAllItems(groups: StoryGroup[], stories: Story[], analyses: ItemAnalysis[]): number[] {
  const ordered: number[] = [];
  for (const group of groups) {
    for (const storyIndex of group.stories) {
      for (const member of stories[storyIndex]!.members) ordered.push(analyses[member]!.item.id);
    }
  }
  return [...new Set(ordered)];
}

function buildConclusion(themes: Theme[], items: ItemRow[], topItemIds: number[]): Statement[] {
  const feedCount = new Set(items.map((item) => item.feed_id)).size;
  const names = themes.map((theme) => theme.title);
  const list = names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const articles = items.length === 1 ? '1 article' : `${items.length} articles`;
  const feeds = feedCount === 1 ? '1 feed' : `${feedCount} feeds`;
  const themeWord = themes.length === 1 ? 'theme' : 'themes';
  return [{ text: `This issue covers ${articles} from ${feeds} in ${themes.length} ${themeWord}: ${list}.`, itemIds: topItemIds }];
}

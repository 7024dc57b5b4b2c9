import type { ItemRow } from '../../domain';
import { collapseSpaces, stripLinks, truncateText } from '../text';
import { cutAtSentence, removeTitleRepeat, stripSharedPrefix } from './excerpt';
import { estimateTokens } from './tokens';

/** An item in the form the prompt carries it: compact, and with links removed so the model cannot copy one. */
export interface ItemRecord {
  id: number;
  source: string;
  title: string;
  date: string | null;
  /** Sentences of the feed's description beyond the title, or '' when it adds nothing. */
  excerpt: string;
}

export interface RecordsResult {
  records: ItemRecord[];
  /** The records as the user message carries them: grouped under source and date headings, one line per item. */
  text: string;
  /** Estimated tokens of `text`. */
  tokens: number;
  /** How many excerpts were shortened to fit the budget. */
  shortenedCount: number;
}

/**
 * Maximum excerpt length in characters, before any budget applies. Excerpts are cut at a
 * sentence boundary, so this keeps the one or two opening sentences of a feed's description:
 * enough to ground a summary sentence while the title carries the topic.
 */
export const MAX_EXCERPT_CHARS = 240;
const MIN_USEFUL_EXCERPT_CHARS = 40;
/** Shortest a title gets when even the titles alone do not fit the budget. */
const MIN_TITLE_CHARS = 40;

/**
 * Build the item records within `budgetTokens` (an estimate, see estimateTokens). Excerpts
 * lose a leading phrase that all excerpts of their source share, anything that repeats the
 * title, and whatever follows the last whole sentence within `maxExcerptChars`. When the
 * records still do not fit, the longest excerpts are shortened first: every excerpt is cut to
 * one common maximum length, the largest that fits, so short excerpts stay whole. When even
 * the titles alone do not fit, the excerpts are dropped and the longest titles are cut too.
 */
export function buildItemRecords(
  items: ItemRow[],
  feedTitles: ReadonlyMap<number, string>,
  budgetTokens: number,
  maxExcerptChars = MAX_EXCERPT_CHARS,
): RecordsResult {
  const full = conciseRecords(items, feedTitles, maxExcerptChars);
  const titlesOnly = full.map((record) => ({ ...record, excerpt: '' }));
  const excerptBudgetChars = Math.max(0, (budgetTokens - estimateTokens(renderRecords(titlesOnly))) * 4);

  const cap = largestCap(full.map((record) => excerptCost(record.excerpt)), excerptBudgetChars);
  let shortenedCount = 0;
  let records = full.map((record) => {
    if (excerptCost(record.excerpt) <= cap) return record;
    shortenedCount += 1;
    const maxChars = cap - EXCERPT_SEPARATOR.length;
    const excerpt = maxChars < MIN_USEFUL_EXCERPT_CHARS ? '' : cutAtSentence(record.excerpt, maxChars);
    return { ...record, excerpt };
  });
  if (excerptBudgetChars === 0) records = shortenTitles(records, budgetTokens);

  const text = renderRecords(records);
  return { records, text, tokens: estimateTokens(text), shortenedCount };
}

/**
 * Cut the titles of excerpt-less records to one common maximum length, the largest that fits
 * `budgetTokens`, but never below MIN_TITLE_CHARS.
 * NOTE: ids and headings are never cut, so a budget smaller than those alone is exceeded.
 */
function shortenTitles(records: ItemRecord[], budgetTokens: number): ItemRecord[] {
  const untitled = records.map((record) => ({ ...record, title: '' }));
  const titleBudgetChars = Math.max(0, (budgetTokens - estimateTokens(renderRecords(untitled))) * 4);
  const cap = Math.max(MIN_TITLE_CHARS, largestCap(records.map((record) => record.title.length), titleBudgetChars));
  return records.map((record) => (record.title.length <= cap ? record : { ...record, title: truncateText(record.title, cap) }));
}

const EXCERPT_SEPARATOR = ' | ';

/**
 * Render records compactly: a `# source` heading, under it a `## date` heading, and under that
 * one `id: title | excerpt` line per item (`id: title` when the excerpt is empty). A `|`
 * inside a source, title or excerpt is replaced by `/`. Sources and dates keep the order in which
 * they first appear in `records`.
 */
export function renderRecords(records: ItemRecord[]): string {
  const bySource = groupBy(records, (record) => record.source);
  const lines: string[] = [];
  for (const [source, sourceRecords] of bySource) {
    lines.push(`# ${field(source)}`);
    for (const [date, dateRecords] of groupBy(sourceRecords, (record) => record.date ?? 'undated')) {
      lines.push(`## ${date}`);
      for (const record of dateRecords) lines.push(renderLine(record));
    }
  }
  return lines.join('\n');
}

function renderLine(record: ItemRecord): string {
  const head = `${record.id}: ${field(record.title)}`;
  return record.excerpt === '' ? head : `${head}${EXCERPT_SEPARATOR}${field(record.excerpt)}`;
}

function field(text: string): string {
  return text.replace(/\|/g, '/');
}

function groupBy<T>(values: T[], keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const key = keyOf(value);
    const group = groups.get(key);
    if (group) group.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}

/** Characters an excerpt adds to its line, separator included. */
function excerptCost(excerpt: string): number {
  return excerpt === '' ? 0 : excerpt.length + EXCERPT_SEPARATOR.length;
}

/** Characters of a title or text read per item, so that one huge item stays cheap to process. */
const MAX_INPUT_CHARS = 4000;

/** Build the records with full-length concise excerpts, before any budget applies. */
function conciseRecords(items: ItemRow[], feedTitles: ReadonlyMap<number, string>, maxExcerptChars: number): ItemRecord[] {
  const records = items.map((item) => {
    const excerptSource = item.summary.trim() !== '' ? item.summary : item.text;
    return {
      id: item.id,
      source: collapseSpaces(feedTitles.get(item.feed_id) ?? 'unknown feed'),
      title: stripLinks(item.title.slice(0, MAX_INPUT_CHARS)),
      // The collection time is not a publication date, so an undated item is listed as undated.
      date: item.published_at === null ? null : item.published_at.slice(0, 10),
      excerpt: maxExcerptChars === 0 ? '' : stripLinks(excerptSource.slice(0, MAX_INPUT_CHARS)),
    };
  });

  // Boilerplate shared by one source's excerpts goes before the title check, so that
  // "Abstract: <title>. …" still loses its title sentence.
  for (const sourceRecords of groupBy(records, (record) => record.source).values()) {
    const stripped = stripSharedPrefix(sourceRecords.map((record) => record.excerpt));
    sourceRecords.forEach((record, index) => {
      record.excerpt = stripped[index]!;
    });
  }

  for (const record of records) {
    const excerpt = removeTitleRepeat(record.excerpt, record.title);
    record.excerpt = excerpt === '' ? '' : cutAtSentence(excerpt, maxExcerptChars);
  }
  return records;
}

/**
 * Find by binary search the largest per-excerpt length whose total fits `budgetChars`.
 * The `|` replacement is not counted, so the result is an estimate too.
 */
function largestCap(lengths: number[], budgetChars: number): number {
  const total = (cap: number) => lengths.reduce((sum, length) => sum + Math.min(length, cap), 0);
  const longest = Math.max(0, ...lengths);
  if (total(longest) <= budgetChars) return longest;

  let low = 0;
  let high = longest;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (total(middle) <= budgetChars) low = middle;
    else high = middle - 1;
  }
  return low;
}

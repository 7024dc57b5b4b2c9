import type { ItemRow } from '../../domain';
import { collapseSpaces, stripLinks, truncateText } from '../text';
import { estimateTokens } from './tokens';

/** An item in the form the prompt carries it: compact, and with links removed so the model cannot copy one. */
export interface ItemRecord {
  id: number;
  source: string;
  title: string;
  date: string | null;
  excerpt: string;
}

export interface RecordsResult {
  records: ItemRecord[];
  /** The records as the user message carries them: a legend of sources, then one line per item. */
  text: string;
  /** Estimated tokens of `text`. */
  tokens: number;
  /** How many excerpts were shortened to fit the budget. */
  shortenedCount: number;
}

/**
 * Maximum excerpt length in characters, before any budget applies: about two sentences of a
 * feed's description, enough to ground a summary sentence while the titles carry the topic.
 */
export const MAX_EXCERPT_CHARS = 240;
const MIN_USEFUL_EXCERPT_CHARS = 40;

/**
 * Build the item records within `budgetTokens` (an estimate, see estimateTokens). When they do
 * not fit, the longest excerpts are shortened first: every excerpt is cut to one common
 * maximum length, the largest that fits, so short excerpts stay whole.
 */
export function buildItemRecords(
  items: ItemRow[],
  feedTitles: ReadonlyMap<number, string>,
  budgetTokens: number,
  maxExcerptChars = MAX_EXCERPT_CHARS,
): RecordsResult {
  const full = items.map((item) => toRecord(item, feedTitles, maxExcerptChars));
  const fixedText = renderRecords(full.map((record) => ({ ...record, excerpt: '' })));
  const excerptBudgetChars = Math.max(0, (budgetTokens - estimateTokens(fixedText)) * 4);

  const cap = largestCap(full.map((record) => record.excerpt.length), excerptBudgetChars);
  let shortenedCount = 0;
  const records = full.map((record) => {
    if (record.excerpt.length <= cap) return record;
    shortenedCount += 1;
    const excerpt = cap < MIN_USEFUL_EXCERPT_CHARS ? '' : truncateText(record.excerpt, cap);
    return { ...record, excerpt };
  });

  const text = renderRecords(records);
  return { records, text, tokens: estimateTokens(text), shortenedCount };
}

/**
 * Render records compactly: a legend names each source once (S1, S2 …), then one line per
 * item, `id | source | date | title | excerpt`, with any `|` inside a field replaced by `/`.
 */
export function renderRecords(records: ItemRecord[]): string {
  const sourceCodes = new Map<string, string>();
  for (const record of records) if (!sourceCodes.has(record.source)) sourceCodes.set(record.source, `S${sourceCodes.size + 1}`);

  const legend = [...sourceCodes].map(([source, code]) => `${code} = ${field(source)}`).join('; ');
  const lines = records.map((record) =>
    [String(record.id), sourceCodes.get(record.source)!, record.date ?? '', field(record.title), field(record.excerpt)].join(' | '),
  );
  return [`Sources: ${legend}`, 'Articles (id | source | date | title | excerpt):', ...lines].join('\n');
}

function field(text: string): string {
  return text.replace(/\|/g, '/');
}

function toRecord(item: ItemRow, feedTitles: ReadonlyMap<number, string>, maxExcerptChars: number): ItemRecord {
  const excerptSource = item.summary.trim() !== '' ? item.summary : item.text;
  return {
    id: item.id,
    source: collapseSpaces(feedTitles.get(item.feed_id) ?? 'unknown feed'),
    title: stripLinks(item.title),
    date: (item.published_at ?? item.first_seen_at).slice(0, 10),
    excerpt: maxExcerptChars === 0 ? '' : truncateText(stripLinks(excerptSource), maxExcerptChars),
  };
}

/**
 * Find by binary search the largest per-excerpt length whose total fits `budgetChars`.
 * Separators and the `|` replacement are not counted, so the result is an estimate too.
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

import type { Digest, KeyItem, Statement, Theme } from '../../domain';

export interface NormalizeResult {
  digest: Digest;
  /** Shape problems that need a repair request (a missing list, an unreadable id). */
  violations: string[];
  /** Problems fixed in place, such as a bullet dropped because its URL is no item's link. */
  warnings: string[];
}

type Loose = Record<string, unknown>;

/** Keys under which models put the ids of a statement, single or listed. */
const ID_KEYS = ['itemIds', 'item_ids', 'ids', 'sourceIds', 'source_ids', 'itemId', 'item_id', 'sourceId', 'source_id', 'id'];
const URL_KEYS = ['url', 'urls', 'link', 'links', 'source_url'];

/**
 * Turn the model's JSON into a Digest, accepting the shapes models write besides the tool
 * schema: `bullets` for `summary`, snake_case keys, ids as numbers or as strings such as
 * `"12"` or `"s12"`, and sources cited by URL, which map to the item whose link they equal
 * once trailing punctuation is trimmed. A bullet citing a URL of no item is dropped with a
 * warning, because its claim has no source in this issue.
 */
export function normalizeDraft(value: unknown, itemIdsByLink: ReadonlyMap<string, number>): NormalizeResult {
  const violations: string[] = [];
  const warnings: string[] = [];
  const context = { itemIdsByLink, violations, warnings };
  const root = isObject(value) ? value : {};

  const rawThemes = root.themes;
  if (!Array.isArray(rawThemes)) violations.push('"themes" is missing or not a list; send a list of themes');
  const themes = (Array.isArray(rawThemes) ? rawThemes : []).map((theme, index) => toTheme(theme, `theme ${index + 1}`, context));

  const conclusion = toStatements(root.conclusion ?? [], 'conclusion', context);
  const topItemIds = readIds(root.topItemIds ?? root.top_item_ids ?? root.topItems ?? [], 'topItemIds', context);
  return { digest: { themes, conclusion, topItemIds, itemIds: [] }, violations, warnings };
}

interface NormalizeContext {
  itemIdsByLink: ReadonlyMap<string, number>;
  violations: string[];
  warnings: string[];
}

function toTheme(value: unknown, where: string, context: NormalizeContext): Theme {
  const theme = isObject(value) ? value : {};
  const title = typeof theme.title === 'string' ? theme.title : '';
  if (!isObject(value)) context.violations.push(`${where} is not an object; send { title, summary, keyItems }`);

  const summary = toStatements(theme.summary ?? theme.bullets ?? theme.statements ?? [], `${where} summary`, context);
  const rawKeyItems = theme.keyItems ?? theme.key_items ?? [];
  const keyItems = (Array.isArray(rawKeyItems) ? rawKeyItems : [])
    .map((keyItem, index) => toKeyItem(keyItem, `${where} key item ${index + 1}`, context))
    .filter((keyItem): keyItem is KeyItem => keyItem !== null);
  return { title, summary, keyItems };
}

function toStatements(value: unknown, where: string, context: NormalizeContext): Statement[] {
  const list = typeof value === 'string' ? [{ text: value }] : Array.isArray(value) ? value : null;
  if (list === null) {
    context.violations.push(`${where} is not a list of sentences; send [{ text, itemIds }]`);
    return [];
  }

  const statements: Statement[] = [];
  list.forEach((entry, index) => {
    const label = `${where} sentence ${index + 1}`;
    const statement = isObject(entry) ? entry : { text: entry };
    const text = typeof statement.text === 'string' ? statement.text : '';
    const itemIds = readIds(firstPresent(statement, ID_KEYS) ?? [], label, context);

    const urls = toList(firstPresent(statement, URL_KEYS)).filter((url): url is string => typeof url === 'string');
    const unknownUrls: string[] = [];
    for (const url of urls) {
      const id = matchLink(url, context.itemIdsByLink);
      if (id === undefined) unknownUrls.push(url);
      else if (!itemIds.includes(id)) itemIds.push(id);
    }
    if (unknownUrls.length > 0) {
      context.warnings.push(`${label}: dropped, because it cites ${unknownUrls.join(', ')}, which is no item's link`);
      return;
    }
    statements.push({ text, itemIds });
  });
  return statements;
}

function toKeyItem(value: unknown, where: string, context: NormalizeContext): KeyItem | null {
  const keyItem = isObject(value) ? value : {};
  const ids = readIds(firstPresent(keyItem, ID_KEYS) ?? [], where, context);
  const url = firstPresent(keyItem, URL_KEYS);
  const linked = typeof url === 'string' ? matchLink(url, context.itemIdsByLink) : undefined;
  const itemId = ids[0] ?? linked;
  if (itemId === undefined) {
    context.violations.push(`${where} names no item id; send { itemId, sentence }`);
    return null;
  }
  const sentence = firstPresent(keyItem, ['sentence', 'text']);
  return { itemId, sentence: typeof sentence === 'string' ? sentence : '' };
}

/** Read ids given as numbers or as strings like "12", "s12", "#12" or "item 12". */
function readIds(value: unknown, where: string, context: NormalizeContext): number[] {
  const ids: number[] = [];
  for (const entry of toList(value)) {
    const id = readId(entry);
    if (Number.isInteger(id) && id > 0) ids.push(id);
    else context.violations.push(`${where} has an unreadable item id ${JSON.stringify(entry)}; send ids as integers from the list`);
  }
  return ids;
}

function readId(entry: unknown): number {
  if (typeof entry === 'number') return entry;
  if (typeof entry !== 'string') return Number.NaN;
  return Number(/^\s*(?:item\s*|s|#)?(\d+)\s*$/i.exec(entry)?.[1]);
}

/** Find the item whose link equals the URL, after trimming punctuation that a sentence may glue to it. */
function matchLink(url: string, itemIdsByLink: ReadonlyMap<string, number>): number | undefined {
  let candidate = url.trim().replace(/^<|>$/g, '');
  for (let step = 0; step < 4; step += 1) {
    const id = itemIdsByLink.get(candidate);
    if (id !== undefined) return id;
    const trimmed = candidate.replace(/[)\].,;:!?'"”’>]$/, '');
    if (trimmed === candidate) break;
    candidate = trimmed;
  }
  return undefined;
}

function firstPresent(object: Loose, keys: string[]): unknown {
  for (const key of keys) if (object[key] !== undefined && object[key] !== null) return object[key];
  return undefined;
}

function toList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

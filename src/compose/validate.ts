import type { Digest, KeyItem, Statement, Theme } from '../domain';
import { collapseSpaces, containsLink, containsMarkup, hasMojibake, stripLinks, stripMarkup } from './text';

export interface DigestLimits {
  maxThemes: number;
}

export interface ValidationResult {
  /** The digest with links stripped from its text, whitespace folded and duplicate ids removed. */
  digest: Digest;
  /** Problems that make the digest unusable, each naming where it is (for a repair request). */
  violations: string[];
  /** Problems fixed in place, such as a URL removed from a sentence. */
  warnings: string[];
}

export const MAX_TITLE_CHARS = 80;
export const MAX_SENTENCE_CHARS = 500;
const MAX_STATEMENTS_PER_THEME = 6;
const MAX_KEY_ITEMS_PER_THEME = 8;
const MAX_TOP_ITEMS = 10;

/**
 * Check a composed digest against the items. Every cited id must belong to `allowedIds`,
 * every theme must cite at least one item, and texts must be bounded and free of mojibake.
 * Whitespace runs fold to one space, and URLs and markdown links are removed with a warning.
 */
export function validateDigest(input: Digest, allowedIds: ReadonlySet<number>, limits: DigestLimits): ValidationResult {
  const violations: string[] = [];
  const warnings: string[] = [];
  const context = { allowedIds, violations, warnings };

  if (input.themes.length === 0) violations.push('the digest has no theme; write at least one');
  if (input.themes.length > limits.maxThemes) {
    violations.push(`the digest has ${input.themes.length} themes; write at most ${limits.maxThemes}`);
  }

  const themes = input.themes.map((theme, index) => checkTheme(theme, `theme ${index + 1}`, context));
  const conclusion = input.conclusion.map((statement, index) => checkStatement(statement, `conclusion sentence ${index + 1}`, context));
  const topItemIds = checkIds(input.topItemIds, 'topItemIds', context).slice(0, MAX_TOP_ITEMS);
  const itemIds = checkIds(input.itemIds, 'itemIds', context);

  return { digest: { themes, conclusion, topItemIds, itemIds }, violations, warnings };
}

interface CheckContext {
  allowedIds: ReadonlySet<number>;
  violations: string[];
  warnings: string[];
}

function checkTheme(theme: Theme, where: string, context: CheckContext): Theme {
  const title = checkText(theme.title, `${where} title`, MAX_TITLE_CHARS, context);
  const summary = theme.summary.map((statement, index) => checkStatement(statement, `${where} summary sentence ${index + 1}`, context));
  const keyItems = theme.keyItems.map((keyItem, index) => checkKeyItem(keyItem, `${where} key item ${index + 1}`, context));

  if (summary.length > MAX_STATEMENTS_PER_THEME) {
    context.violations.push(`${where} has ${summary.length} summary sentences; write at most ${MAX_STATEMENTS_PER_THEME}`);
  }
  if (keyItems.length > MAX_KEY_ITEMS_PER_THEME) {
    context.violations.push(`${where} has ${keyItems.length} key items; list at most ${MAX_KEY_ITEMS_PER_THEME}`);
  }

  const cited = [...summary.flatMap((statement) => statement.itemIds), ...keyItems.map((keyItem) => keyItem.itemId)];
  if (!cited.some((id) => context.allowedIds.has(id))) {
    context.violations.push(`${where} ("${title}") cites no item of this issue; cite at least one item id`);
  }
  return { title, summary, keyItems };
}

function checkStatement(statement: Statement, where: string, context: CheckContext): Statement {
  const text = checkText(statement.text, where, MAX_SENTENCE_CHARS, context);
  if (statement.itemIds.length === 0) context.violations.push(`${where} cites no item id; cite the items it rests on`);
  return { text, itemIds: checkIds(statement.itemIds, where, context) };
}

/** Check a key item. Its sentence may be empty, because the offline composer has none for an item without text. */
function checkKeyItem(keyItem: KeyItem, where: string, context: CheckContext): KeyItem {
  const sentence = keyItem.sentence.trim() === '' ? '' : checkText(keyItem.sentence, `${where} sentence`, MAX_SENTENCE_CHARS, context);
  if (!context.allowedIds.has(keyItem.itemId)) {
    context.violations.push(`${where} cites item id ${keyItem.itemId}, which is not an item of this issue; use only the ids listed`);
  }
  return { itemId: keyItem.itemId, sentence };
}

function checkIds(ids: number[], where: string, context: CheckContext): number[] {
  const unknown = ids.filter((id) => !context.allowedIds.has(id));
  if (unknown.length > 0) {
    context.violations.push(`${where} cites item id(s) ${unknown.join(', ')}, which are not items of this issue; use only the ids listed`);
  }
  return [...new Set(ids)];
}

function checkText(raw: string, where: string, maxChars: number, context: CheckContext): string {
  let text = collapseSpaces(raw);
  if (containsLink(text)) {
    text = stripLinks(text);
    context.warnings.push(`${where}: removed a URL or markdown link from the text`);
  }
  if (containsMarkup(text)) {
    text = stripMarkup(text);
    context.warnings.push(`${where}: removed HTML tags or markdown emphasis from the text`);
  }

  if (text === '') context.violations.push(`${where} is empty; write the text`);
  if (text.length > maxChars) context.violations.push(`${where} has ${text.length} characters; keep it under ${maxChars}`);
  if (hasMojibake(text)) context.violations.push(`${where} contains mojibake (U+FFFD or a UTF-8 sequence read as Latin-1); write clean text`);
  return text;
}

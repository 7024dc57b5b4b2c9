import { buildSubject } from '../compose/subject';
import { containsLink, hasMojibake } from '../compose/text';
import { MAX_SENTENCE_CHARS, MAX_TITLE_CHARS } from '../compose/validate';
import type { Theme } from '../domain';
import { AppError } from '../errors';
import { nowIso, writeTransaction, type Database } from '../store/db';
import { getIssue, parseDigest } from '../store/issues';

/** An operator's new wording for one theme: the title and one text per summary statement. */
export interface ThemeEdit {
  title: string;
  statements: string[];
  /** The item ids of each statement as the form sent them back; they must match the stored ones. */
  statementItemIds?: number[][];
}

export { MAX_SENTENCE_CHARS, MAX_TITLE_CHARS };

const MARKUP_PATTERN = /<\s*[a-z!/?]|&#?[a-z0-9]+;/i;
const CONTROL_PATTERN = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/**
 * Replace a draft theme's title and summary texts with the operator's, after the checks model
 * text gets (length limits, no links, no mojibake) plus no markup and the same statements
 * citing the same item ids. The theme
 * before and after is stored in issue_edits. The subject, which names the first themes, is
 * built again from the edited digest. Only a draft can be edited, so an approved issue goes
 * out as it was approved.
 */
export function applyThemeEdit(db: Database, issueId: number, themeIndex: number, edit: ThemeEdit, newsletterTitle: string): Theme {
  return writeTransaction(db, () => {
    const issue = getIssue(db, issueId);
    if (!issue) throw new AppError('ISSUE_NOT_FOUND', `issue ${issueId} not found; the drafts list at /admin shows every issue`, { issueId });
    if (issue.status !== 'draft') {
      throw new AppError('ISSUE_STATE', `issue ${issueId} is ${issue.status}; only a draft can be edited`, { issueId });
    }

    const digest = parseDigest(issue);
    const before = digest.themes[themeIndex];
    if (!before) {
      throw new AppError('USAGE', `issue ${issueId} has no theme ${themeIndex + 1}; it has ${digest.themes.length}`, { issueId });
    }

    const after = editedTheme(before, edit);
    digest.themes[themeIndex] = after;
    const subject = buildSubject(newsletterTitle, issue.issue_date, digest);
    db.prepare('UPDATE issues SET digest_json = ?, subject = ? WHERE id = ?').run(JSON.stringify(digest), subject, issueId);
    db.prepare('INSERT INTO issue_edits (issue_id, theme_index, before_json, after_json, created_at) VALUES (?, ?, ?, ?, ?)').run(
      issueId,
      themeIndex,
      JSON.stringify(before),
      JSON.stringify(after),
      nowIso(),
    );
    return after;
  });
}

/** Find the time of the latest operator edit of each edited theme of an issue, by theme index. */
export function latestThemeEdits(db: Database, issueId: number): Map<number, string> {
  const rows = db
    .prepare('SELECT theme_index AS themeIndex, max(created_at) AS editedAt FROM issue_edits WHERE issue_id = ? GROUP BY theme_index')
    .all(issueId) as Array<{ themeIndex: number; editedAt: string }>;
  return new Map(rows.map((row) => [row.themeIndex, row.editedAt]));
}

/** Validate an edit against the stored theme and return the edited theme, or raise USAGE. */
export function editedTheme(theme: Theme, edit: ThemeEdit): Theme {
  const title = edit.title.trim();
  checkText('title', title, MAX_TITLE_CHARS);
  if (/[\r\n]/.test(title)) throw new AppError('USAGE', 'the theme title must be one line; remove the line breaks');

  if (edit.statements.length !== theme.summary.length) {
    throw new AppError(
      'USAGE',
      `the summary has ${theme.summary.length} statements but the edit sent ${edit.statements.length}; edit each statement in its own box`,
    );
  }

  const summary = theme.summary.map((statement, index) => {
    const text = (edit.statements[index] ?? '').trim().replace(/\s+/g, ' ');
    checkText(`statement ${index + 1}`, text, MAX_SENTENCE_CHARS);

    const sentIds = edit.statementItemIds?.[index];
    if (sentIds !== undefined && !sameIds(sentIds, statement.itemIds)) {
      throw new AppError(
        'USAGE',
        `statement ${index + 1} must keep citing items ${statement.itemIds.join(', ') || '(none)'}, not ${sentIds.join(', ') || '(none)'}; an edit changes wording only`,
      );
    }
    return { text, itemIds: [...statement.itemIds] };
  });

  return { ...theme, title, summary };
}

function checkText(field: string, text: string, maxChars: number): void {
  if (text === '') throw new AppError('USAGE', `the ${field} is empty; write some text or leave the theme unedited`);
  if (text.length > maxChars) {
    throw new AppError('USAGE', `the ${field} has ${text.length} characters, more than the maximum of ${maxChars}; shorten it`);
  }
  if (containsLink(text)) {
    throw new AppError('USAGE', `the ${field} contains a URL, domain name or Markdown link; remove it, because every link in an issue comes from a stored item`);
  }
  if (MARKUP_PATTERN.test(text)) {
    throw new AppError('USAGE', `the ${field} contains markup (an HTML tag or entity); write plain text`);
  }
  if (hasMojibake(text)) {
    throw new AppError('USAGE', `the ${field} contains mojibake (U+FFFD or UTF-8 read as Latin-1); retype the garbled characters`);
  }
  if (CONTROL_PATTERN.test(text)) {
    throw new AppError('USAGE', `the ${field} contains control characters; write plain text`);
  }
}

function sameIds(left: number[], right: number[]): boolean {
  return left.length === right.length && left.every((id, index) => id === right[index]);
}

import type { Statement } from '../domain';
import type { IssueView, ItemSummary } from './issue-view';

/**
 * Write an issue as Markdown in the structure of the original "Ai Daily Summary": one section
 * per theme with its key items, then the conclusion, the top sources and the numbered sources.
 * A statement cites its items as [n], the number of the item in the sources list. Every link
 * comes from the items table.
 */
export function issueToMarkdown(view: IssueView, newsletterTitle: string): string {
  const { digest, issue } = view;
  const sourceNumbers = new Map(digest.itemIds.map((id, index) => [id, index + 1]));
  const lines: string[] = [`# ${newsletterTitle}: ${issue.issue_date}`, ''];
  if (issue.subject) lines.push(`*${escapeMarkdown(issue.subject)}*`, '');

  // Themes, each with its summary and key items.
  digest.themes.forEach((theme, index) => {
    lines.push(`## ${index + 1}. ${escapeMarkdown(theme.title)}`, '');
    lines.push(statementsToMarkdown(theme.summary, sourceNumbers), '');
    if (theme.keyItems.length > 0) {
      lines.push('**Key items**', '');
      for (const keyItem of theme.keyItems) {
        const item = view.items.get(keyItem.itemId);
        lines.push(`- ${itemLink(item, keyItem.itemId)}: ${escapeMarkdown(keyItem.sentence)}`);
      }
      lines.push('');
    }
  });

  // Conclusion.
  if (digest.conclusion.length > 0) {
    lines.push('## Conclusion', '', statementsToMarkdown(digest.conclusion, sourceNumbers), '');
  }

  // Top sources, best first.
  if (digest.topItemIds.length > 0) {
    lines.push('## Top sources', '');
    digest.topItemIds.forEach((id, index) => lines.push(`${index + 1}. ${itemLine(view.items.get(id), id)}`));
    lines.push('');
  }

  // Every source, numbered as the citations number them.
  lines.push('## Sources', '');
  digest.itemIds.forEach((id, index) => lines.push(`${index + 1}. ${itemLine(view.items.get(id), id)}`));
  lines.push('');

  return lines.join('\n');
}

function statementsToMarkdown(statements: Statement[], sourceNumbers: Map<number, number>): string {
  return statements
    .map((statement) => {
      const citations = statement.itemIds
        .map((id) => sourceNumbers.get(id))
        .filter((number): number is number => number !== undefined)
        .map((number) => `[${number}]`)
        .join('');
      return citations ? `${escapeMarkdown(statement.text)} ${citations}` : escapeMarkdown(statement.text);
    })
    .join(' ');
}

function itemLine(item: ItemSummary | undefined, id: number): string {
  return item ? `${itemLink(item, id)} (${escapeMarkdown(item.feedTitle)})` : itemLink(item, id);
}

function itemLink(item: ItemSummary | undefined, id: number): string {
  if (!item) return `item ${id} (no longer stored)`;
  const title = escapeMarkdown(item.title);
  return item.link ? `[${title}](<${item.link.replace(/[<>\s]/g, encodeURIComponent)}>)` : title;
}

/** Escape the characters that would start Markdown syntax inside text. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

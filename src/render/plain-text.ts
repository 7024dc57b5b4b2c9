import type { ItemView } from './issue-data';
import { neutralizePlaceholders, PLACEHOLDERS } from './placeholders';
import type { DigestView } from './view-model';

/**
 * Write the plain-text part from the same data as the HTML: headings, sentences, and every
 * link on its own line. Markers for the subscriber's values stay in, as in the HTML.
 */
export function writePlainText(view: DigestView): string {
  const clean = neutralizePlaceholders;
  const lines: string[] = [`${clean(view.title)}: ${view.dateLabel}`, '', PLACEHOLDERS.greeting, ''];

  for (const theme of view.themes) {
    lines.push(heading(clean(theme.title)));
    if (theme.summary.length > 0) lines.push(clean(theme.summary.join(' ')));
    for (const keyItem of theme.keyItems) {
      lines.push('', `- ${itemLine(keyItem)}`, `  ${clean(keyItem.sentence)}`);
      if (keyItem.link) lines.push(`  ${clean(keyItem.link)}`);
    }
    lines.push('');
  }

  if (view.conclusion.length > 0) lines.push(heading('In short'), clean(view.conclusion.join(' ')), '');

  if (view.topSources.length > 0) {
    lines.push(heading('Top sources'));
    view.topSources.forEach((item, index) => {
      lines.push(`${index + 1}. ${itemLine(item)}`);
      if (item.link) lines.push(`   ${clean(item.link)}`);
    });
    lines.push('');
  }

  lines.push(heading('Sources'));
  for (const item of view.sources) {
    lines.push(item.date ? `- ${itemLine(item)}, ${item.date}` : `- ${itemLine(item)}`);
    if (item.link) lines.push(`  ${clean(item.link)}`);
    if (item.excerpt) lines.push(`  ${clean(item.excerpt)}`);
    lines.push('');
  }
  if (view.omitted) lines.push(`${view.omitted.label} in the web version: ${view.omitted.url}`, '');

  lines.push(
    '--',
    `View in browser: ${view.webUrl}`,
    `Unsubscribe: ${PLACEHOLDERS.unsubscribeUrl}`,
    `You get this email because you subscribed to ${clean(view.title)}, a daily digest of ${clean(view.field)} news grounded in the articles it links to.`,
  );
  return lines.join('\n') + '\n';
}

function heading(title: string): string {
  return `${title}\n${'='.repeat(Math.min(title.length, 72))}`;
}

function itemLine(item: ItemView): string {
  return `${neutralizePlaceholders(item.title)} (${neutralizePlaceholders(item.feedName)})`;
}

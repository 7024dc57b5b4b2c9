import type { SubscriberRow } from '../domain';

const HEADERS = ['id', 'email', 'status', 'source', 'created', 'bounce'];

/** Subscribers as an aligned text table for the operator's terminal; bounce shows the reason and soft-bounce count. */
export function formatSubscriberTable(rows: SubscriberRow[]): string {
  const cells = rows.map((row) => [
    String(row.id),
    row.name === null ? row.email : `${row.email} (${row.name})`,
    row.status,
    row.source,
    row.created_at.slice(0, 10),
    describeBounce(row),
  ]);

  const widths = HEADERS.map((header, column) => Math.max(header.length, ...cells.map((line) => (line[column] ?? '').length)));
  const format = (line: string[]): string => line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [format(HEADERS), ...cells.map(format)].join('\n');
}

function describeBounce(row: SubscriberRow): string {
  const soft = row.soft_bounce_count > 0 ? `${row.soft_bounce_count} soft` : '';
  const reason = row.bounce_reason ?? '';
  return [soft, reason].filter((part) => part !== '').join(': ') || '-';
}

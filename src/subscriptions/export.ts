import { stringify } from 'csv-stringify/sync';
import type { SubscriberRow } from '../domain';
import type { Database } from '../store/db';
import { listSubscriberRows } from '../store/subscribers';

/** Columns of an export; `subscribers import` reads email, name and status back. */
export const EXPORT_COLUMNS = [
  'email',
  'name',
  'status',
  'source',
  'created_at',
  'confirmed_at',
  'unsubscribed_at',
  'bounce_reason',
  'soft_bounce_count',
] as const satisfies readonly (keyof SubscriberRow)[];

/** Export every subscriber as CSV with a header row, suppressed ones included so that a re-import keeps them suppressed. */
export function exportSubscribersCsv(db: Database): string {
  const rows = listSubscriberRows(db).map((row) => EXPORT_COLUMNS.map((column) => neutralizeFormula(row[column] ?? '')));
  return stringify(rows, { header: true, columns: [...EXPORT_COLUMNS] });
}

/**
 * Prefix a field that a spreadsheet would run as a formula (it starts with =, +, -, @, tab or CR)
 * with an apostrophe. Names come from the public form, so they are untrusted.
 * `subscribers import` removes the apostrophe again.
 */
export function neutralizeFormula(value: string | number): string | number {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** Undo neutralizeFormula on an imported field. */
export function restoreFormula(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

const FORMULA_START = /^[=+\-@\t\r]/;

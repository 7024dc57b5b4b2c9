import { SUBSCRIBER_STATUSES, type SubscriberStatus } from '../domain';
import { isAppError } from '../errors';
import { writeTransaction, type Database } from '../store/db';
import { findSubscriberByEmail, insertSubscriber, markSuppressed } from '../store/subscribers';
import { isValidEmail, normalizeName } from './address';
import { restoreFormula } from './export';
import { splitCsvRecords, type CsvLineError, type CsvRecord } from './csv-rows';
import { addSubscriber, isSuppressed } from './list';

export const IMPORT_SOURCE = 'import';

export interface ImportSummary {
  added: number;
  updated: number;
  /** Rows left unchanged: already present, repeated in the file, or suppressed. */
  skipped: number;
  /** Of the skipped rows, those whose address is on the suppression list. */
  suppressed: number;
  invalid: number;
  /** One entry per invalid row, in line order. */
  errors: CsvLineError[];
}

interface Columns {
  email: number;
  name: number | null;
  status: number | null;
}

/**
 * Import subscribers from CSV text. The first row is a header when one of its fields is
 * `email`, and its columns `name` and `status` are optional. Without a header, column 1 is the
 * address and column 2 the name. Imported addresses are confirmed, as an operator's add is,
 * except rows whose status is `pending`. A row whose status is unsubscribed, bounced or
 * complained puts the address on the suppression list, so that an export re-imported elsewhere
 * keeps it. An address already suppressed stays suppressed.
 */
export function importSubscribers(db: Database, csvText: string): ImportSummary {
  const { records, errors } = splitCsvRecords(csvText);
  const summary: ImportSummary = { added: 0, updated: 0, skipped: 0, suppressed: 0, invalid: 0, errors: [...errors] };

  // Read the header, if any.
  const columns = readHeader(records[0]);
  const dataRecords = columns.fromHeader ? records.slice(1) : records;

  // Apply every row in one transaction: a 10 000-row file commits once.
  const seen = new Set<string>();
  writeTransaction(db, () => {
    for (const record of dataRecords) importRecord(db, record, columns, seen, summary);
  });

  summary.errors.sort((a, b) => a.line - b.line);
  summary.invalid = summary.errors.length;
  return summary;
}

function readHeader(first: CsvRecord | undefined): Columns & { fromHeader: boolean } {
  const names = (first?.fields ?? []).map((field) => field.toLowerCase());
  const email = names.indexOf('email');
  if (email === -1) return { email: 0, name: 1, status: null, fromHeader: false };

  const name = names.indexOf('name');
  const status = names.indexOf('status');
  return { email, name: name === -1 ? null : name, status: status === -1 ? null : status, fromHeader: true };
}

function importRecord(db: Database, record: CsvRecord, columns: Columns, seen: Set<string>, summary: ImportSummary): void {
  const email = (record.fields[columns.email] ?? '').trim();
  const name = columns.name === null ? null : normalizeName(restoreFormula(record.fields[columns.name] ?? ''));
  const statusField = columns.status === null ? '' : (record.fields[columns.status] ?? '').trim().toLowerCase();

  // Check the row before touching the database.
  const problem = rowProblem(email, statusField);
  if (problem !== null) {
    summary.errors.push({ line: record.line, message: problem });
    return;
  }

  // Addresses compare case-insensitively, within the file as in the database.
  const key = email.toLowerCase();
  if (seen.has(key)) {
    summary.skipped += 1;
    return;
  }
  seen.add(key);

  const status = statusField === '' ? null : (statusField as SubscriberStatus);
  if (status !== null && isSuppressed(status)) {
    countOutcome(summary, importSuppression(db, email, name, status));
    return;
  }

  try {
    const { outcome } = addSubscriber(db, { email, name, confirmed: status !== 'pending', source: IMPORT_SOURCE });
    countOutcome(summary, outcome);
  } catch (error) {
    if (!isAppError(error)) throw error;
    summary.errors.push({ line: record.line, message: error.message });
  }
}

function rowProblem(email: string, status: string): string | null {
  if (email === '') return 'the email field is empty';
  if (!isValidEmail(email)) return `"${email.slice(0, 80)}" is not a valid email address`;
  if (status !== '' && !(SUBSCRIBER_STATUSES as readonly string[]).includes(status)) {
    return `status "${status.slice(0, 40)}" is not one of ${SUBSCRIBER_STATUSES.join(', ')}`;
  }
  return null;
}

/** Record a suppression from the file: a new address is stored suppressed, a mailed one becomes suppressed. */
function importSuppression(db: Database, email: string, name: string | null, status: SubscriberStatus): 'added' | 'updated' | 'suppressed' {
  const existing = findSubscriberByEmail(db, email);
  if (existing === undefined) {
    insertSubscriber(db, { email, name, status, source: IMPORT_SOURCE });
    return 'added';
  }
  if (isSuppressed(existing.status)) return 'suppressed';
  markSuppressed(db, existing.id, status);
  return 'updated';
}

function countOutcome(summary: ImportSummary, outcome: 'added' | 'updated' | 'unchanged' | 'suppressed'): void {
  if (outcome === 'added') summary.added += 1;
  else if (outcome === 'updated') summary.updated += 1;
  else summary.skipped += 1;

  if (outcome === 'suppressed') summary.suppressed += 1;
}

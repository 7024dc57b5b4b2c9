import { parse } from 'csv-parse/sync';

/** One CSV record with the file line it starts on (1-based). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvLineError {
  line: number;
  message: string;
}

/** A quoted field may span this many lines; a longer one is reported as an unclosed quote. */
const MAX_RECORD_LINES = 5;

/**
 * Split CSV text into records and parse each with csv-parse on its own. A malformed line is then
 * reported with its line number and does not shift the records after it, whereas csv-parse 7
 * on the whole file loses the rows that follow a stray quote. A record whose quote is still
 * open at the end of its line is retried with the following lines, up to MAX_RECORD_LINES.
 */
export function splitCsvRecords(text: string): { records: CsvRecord[]; errors: CsvLineError[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const records: CsvRecord[] = [];
  const errors: CsvLineError[] = [];

  let index = 0;
  while (index < lines.length) {
    if ((lines[index] as string).trim() === '') {
      index += 1;
      continue;
    }

    const parsed = parseRecordAt(lines, index);
    if ('fields' in parsed) records.push({ line: index + 1, fields: parsed.fields });
    else errors.push({ line: index + 1, message: parsed.message });
    index += parsed.lineCount;
  }

  return { records, errors };
}

function parseRecordAt(lines: string[], start: number): { fields: string[]; lineCount: number } | { message: string; lineCount: number } {
  let firstError = '';

  for (let count = 1; count <= MAX_RECORD_LINES && start + count <= lines.length; count += 1) {
    const chunk = lines.slice(start, start + count).join('\n');
    try {
      const rows = parse(chunk, { relax_column_count: true, trim: true }) as string[][];
      return { fields: rows[0] ?? [], lineCount: count };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (firstError === '') firstError = describeCsvError(code, (error as Error).message);
      // Only an open quote may continue on the next line; any other error is final.
      if (code !== 'CSV_QUOTE_NOT_CLOSED') break;
    }
  }

  return { message: firstError, lineCount: 1 };
}

function describeCsvError(code: string | undefined, message: string): string {
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'a quoted field is not closed; close the quote or remove it';
  if (code === 'CSV_INVALID_CLOSING_QUOTE') return 'a quote inside a field is not doubled; write "" for a literal quote or remove it';
  return `not valid CSV (${message.split(':')[0]})`;
}

import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError, errorMessage } from '../errors';
import type { Database } from '../store/db';

export interface BackupReport {
  file: string;
  bytes: number;
  pages: number;
  /** The newest migration in the copy: the schema version a restore brings back. */
  schema: string | null;
  durationMs: number;
}

/**
 * Copy the open database to `file` with SQLite's online backup API, which is safe while
 * `serve` writes: the copy is one consistent snapshot that includes committed WAL content.
 * It is written beside `file` first and renamed into place after an integrity check, so
 * `file` is never a half-written copy. An existing `file` is replaced only with `overwrite`.
 */
export async function backupDatabase(db: Database, file: string, options: { overwrite?: boolean } = {}): Promise<BackupReport> {
  const started = performance.now();
  const target = path.resolve(file);
  if (fs.existsSync(target) && options.overwrite !== true) {
    throw new AppError('USAGE', `${target} already exists; choose another file name or pass --force to replace it`);
  }
  if (target === path.resolve(db.name)) {
    throw new AppError('USAGE', `${target} is the live database; choose a file outside DATA_DIR`);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });

  // Copy into a temporary file, then check it.
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  let pages = 0;
  try {
    const result = await db.backup(partial);
    pages = result.totalPages;
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw new AppError('BACKUP_FAILED', `backup to ${target} failed: ${errorMessage(error)}; check that the folder is writable and has space`);
  }
  const schema = verifyCopy(partial, target);

  // Put the checked copy in place.
  fs.renameSync(partial, target);
  return { file: target, bytes: fs.statSync(target).size, pages, schema, durationMs: Math.round(performance.now() - started) };
}

/** Run integrity_check on a copy and return its newest migration; removes the copy when it fails. */
function verifyCopy(partial: string, target: string): string | null {
  const copy = new BetterSqlite3(partial, { readonly: true });
  try {
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') {
      throw new AppError('USAGE', `the backup copy for ${target} failed its integrity check (${String(integrity)}); run the backup again`);
    }
    return copy.prepare('SELECT max(name) FROM schema_migrations').pluck().get() as string | null;
  } catch (error) {
    copy.close();
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    if (copy.open) copy.close();
  }
}

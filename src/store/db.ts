import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError, errorMessage } from '../errors';
import { MIGRATIONS } from './migrations';

export type Database = BetterSqlite3.Database;

export const DATABASE_FILE = 'ai-daily-summary.sqlite';

/**
 * Open (creating if needed) the database in `dataDir` and apply pending migrations.
 * WAL lets readers run beside the one writer. busy_timeout makes a second writer wait
 * up to 5 s for the lock instead of failing with SQLITE_BUSY.
 */
export function openDatabase(dataDir: string, file = DATABASE_FILE): Database {
  let db: Database;
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    db = new BetterSqlite3(path.join(dataDir, file));
  } catch (error) {
    throw new AppError('CONFIG_INVALID', `cannot open the database in DATA_DIR=${dataDir}: ${errorMessage(error)}; set DATA_DIR to a writable folder`, { dataDir }, { cause: error });
  }

  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');

  migrate(db);
  return db;
}

/** Apply, in name order, every migration not yet recorded in schema_migrations. */
export function migrate(db: Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(
    db.prepare('SELECT name FROM schema_migrations').pluck().all() as string[],
  );

  for (const migration of MIGRATIONS) {
    if (applied.has(migration.name)) continue;
    writeTransaction(db, () => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(migration.name, nowIso());
    });
  }
}

/**
 * Run `work` in a write transaction opened IMMEDIATE, so the write lock is taken at BEGIN.
 * A deferred transaction that reads first and writes later can fail with SQLITE_BUSY_SNAPSHOT
 * when another connection commits in between. An immediate one waits on busy_timeout instead.
 */
export function writeTransaction<T>(db: Database, work: () => T): T {
  return db.transaction(work).immediate();
}

/** Return the time as an ISO-8601 UTC string, the one timestamp format stored in the database. */
export function nowIso(now: Date = new Date()): string {
  return now.toISOString();
}

import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { backupDatabase } from '../../src/schedule/backup';
import { createTestContext, type TestContext } from '../helpers/context';

describe('backupDatabase', () => {
  let context: TestContext;
  let target: string;

  beforeEach(() => {
    context = createTestContext();
    target = path.join(context.config.dataDir, 'backups', 'copy.sqlite');
    context.db.prepare("INSERT INTO feeds (url, title, created_at) VALUES ('https://example.com/feed.xml', 'Example', '2025-01-06T07:00:00Z')").run();
  });

  afterEach(() => context.cleanup());

  test('copies committed rows', async () => {
    const report = await backupDatabase(context.db, target);
    const copy = new BetterSqlite3(target, { readonly: true });
    try {
      expect(copy.prepare('SELECT title FROM feeds').pluck().all()).toEqual(['Example']);
      expect(report.schema).toBe(copy.prepare('SELECT max(name) FROM schema_migrations').pluck().get());
      expect(report.pages).toBeGreaterThan(0);
      expect(fs.existsSync(`${target}.partial`)).toBe(false);
    } finally {
      copy.close();
    }
  });

  test('refuses to replace a file', async () => {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, 'keep me');

    await expect(backupDatabase(context.db, target)).rejects.toThrow(/already exists; choose another file name or pass --force/);
    expect(fs.readFileSync(target, 'utf8')).toBe('keep me');
  });

  test('replaces a file with overwrite', async () => {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, 'old');

    await backupDatabase(context.db, target, { overwrite: true });

    expect(fs.readFileSync(target).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  test('refuses the live database', async () => {
    await expect(backupDatabase(context.db, context.db.name, { overwrite: true })).rejects.toThrow(/is the live database/);
  });
});

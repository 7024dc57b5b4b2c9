import { migrate } from '../../src/store/db';
import { createTestContext, type TestContext } from '../helpers/context';

describe('openDatabase', () => {
  let context: TestContext;

  beforeEach(() => {
    context = createTestContext();
  });

  afterEach(() => context.cleanup());

  test('uses WAL and applies migrations once', () => {
    expect(context.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const before = context.db.prepare('SELECT count(*) FROM schema_migrations').pluck().get();
    migrate(context.db);
    expect(context.db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(before);
  });

  test('allows one live issue per date', () => {
    const insert = context.db.prepare(
      "INSERT INTO issues (issue_date, status, digest_json, composer, created_at) VALUES ('2025-01-06', ?, '{}', 'offline', '2025-01-06T07:00:00Z')",
    );
    insert.run('sent');
    expect(() => insert.run('draft')).toThrow(/UNIQUE/);
  });
});

import { readServiceStatus } from '../../src/schedule/status';
import { createTestContext, type TestContext } from '../helpers/context';

const NOW = new Date('2026-12-04T10:00:30.000Z');

describe('status next send', () => {
  let context: TestContext;

  beforeEach(() => {
    context = createTestContext();
    Object.assign(context.config.schedule, { timezone: 'UTC', sendAt: '07:00', approval: 'manual' });
  });

  afterEach(() => context.cleanup());

  function insertIssue(status: string): void {
    context.db
      .prepare("INSERT INTO issues (issue_date, status, digest_json, composer, created_at) VALUES ('2026-12-04', ?, '{}', 'offline', '2026-12-04T06:30:00Z')")
      .run(status);
  }

  test('late approval sends at next tick', () => {
    insertIssue('approved');
    expect(readServiceStatus(context, NOW).nextRuns.send).toBe('2026-12-04T10:01:00.000Z');
  });

  test('held draft waits for tomorrow', () => {
    insertIssue('draft');
    expect(readServiceStatus(context, NOW).nextRuns.send).toBe('2026-12-05T07:00:00.000Z');
  });

  test('sent issue waits for tomorrow', () => {
    insertIssue('sent');
    expect(readServiceStatus(context, NOW).nextRuns.send).toBe('2026-12-05T07:00:00.000Z');
  });
});

import { acquireLock, getLock, releaseLock, renewLock } from '../../src/store/locks';
import { closeAbandonedJobRuns, getJobRun, startJobRun } from '../../src/store/job-runs';
import { openDatabase } from '../../src/store/db';
import { createTestContext, type TestContext } from '../helpers/context';

describe('lease locks', () => {
  let context: TestContext;
  const now = new Date('2025-01-06T07:00:00Z');

  beforeEach(() => {
    context = createTestContext();
  });

  afterEach(() => context.cleanup());

  test('second owner is rejected while held', () => {
    expect(acquireLock(context.db, 'send', 'daemon-a', 60_000, now)).toBe(true);
    expect(acquireLock(context.db, 'send', 'daemon-b', 60_000, now)).toBe(false);
    expect(getLock(context.db, 'send')?.owner).toBe('daemon-a');
  });

  test('expired lease is taken over', () => {
    acquireLock(context.db, 'send', 'daemon-a', 60_000, now);
    const later = new Date(now.getTime() + 61_000);

    expect(acquireLock(context.db, 'send', 'daemon-b', 60_000, later)).toBe(true);
    expect(renewLock(context.db, 'send', 'daemon-a', 60_000, later)).toBe(false);
  });

  test('renewal extends the lease', () => {
    acquireLock(context.db, 'send', 'daemon-a', 60_000, now);
    const later = new Date(now.getTime() + 50_000);

    expect(renewLock(context.db, 'send', 'daemon-a', 60_000, later)).toBe(true);
    expect(acquireLock(context.db, 'send', 'daemon-b', 60_000, new Date(now.getTime() + 100_000))).toBe(false);
  });

  test('release frees the lease', () => {
    acquireLock(context.db, 'send', 'daemon-a', 60_000, now);
    releaseLock(context.db, 'send', 'daemon-b');
    expect(getLock(context.db, 'send')).toBeDefined();

    releaseLock(context.db, 'send', 'daemon-a');
    expect(getLock(context.db, 'send')).toBeUndefined();
  });

  test('two connections agree on one holder', () => {
    const other = openDatabase(context.config.dataDir);
    try {
      expect(acquireLock(context.db, 'compose', 'daemon-a', 60_000)).toBe(true);
      expect(acquireLock(other, 'compose', 'daemon-b', 60_000)).toBe(false);
    } finally {
      other.close();
    }
  });

  test('abandoned running rows are closed', () => {
    const live = startJobRun(context.db, { job: 'send', owner: 'daemon-a', trigger: 'schedule', issueDate: '2025-01-06' });
    const abandoned = startJobRun(context.db, { job: 'collect', owner: 'daemon-gone', trigger: 'schedule', issueDate: null });
    acquireLock(context.db, 'send', 'daemon-a', 60_000);

    expect(closeAbandonedJobRuns(context.db)).toEqual([abandoned]);
    expect(getJobRun(context.db, live)?.status).toBe('running');
    expect(getJobRun(context.db, abandoned)?.status).toBe('failed');
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { approveIssue, discardIssue } from '../../src/archive/issue-actions';
import { buildProgram } from '../../src/cli/main';
import { createContext } from '../../src/context';
import { silentLogger } from '../../src/log';
import { getIssue } from '../../src/store/issues';
import { createTestContext, type TestContext } from '../helpers/context';
import { insertFixtureIssue } from './admin-fixtures';

describe('approveIssue and discardIssue', () => {
  let context: TestContext;

  beforeEach(() => {
    context = createTestContext();
  });

  afterEach(() => context.cleanup());

  test('approve moves a draft to approved', () => {
    const { issueId } = insertFixtureIssue(context.db);
    const issue = approveIssue(context.db, issueId);

    expect(issue.status).toBe('approved');
    expect(issue.approved_at).not.toBeNull();
  });

  test('approve twice is a no-op', () => {
    const { issueId } = insertFixtureIssue(context.db);
    const first = approveIssue(context.db, issueId);
    const second = approveIssue(context.db, issueId);

    expect(second.approved_at).toBe(first.approved_at);
  });

  test.each(['sending', 'sent', 'failed', 'cancelled'] as const)('approve rejects a %s issue', (status) => {
    const { issueId } = insertFixtureIssue(context.db, { status });
    expect(() => approveIssue(context.db, issueId)).toThrow(`issue ${issueId} is ${status}; only a draft can be approved`);
  });

  test.each(['draft', 'approved'] as const)('discard cancels a %s issue', (status) => {
    const { issueId } = insertFixtureIssue(context.db, { status });
    const issue = discardIssue(context.db, issueId);

    expect(issue.status).toBe('cancelled');
    expect(issue.status_reason).toBe('discarded by the operator');
  });

  test.each(['sending', 'sent', 'failed'] as const)('discard rejects a %s issue', (status) => {
    const { issueId } = insertFixtureIssue(context.db, { status });
    expect(() => discardIssue(context.db, issueId)).toThrow('only a draft or an approved issue can be discarded');
    expect(getIssue(context.db, issueId)?.status).toBe(status);
  });

  test('unknown issue raises ISSUE_NOT_FOUND', () => {
    expect(() => approveIssue(context.db, 999)).toThrow(expect.objectContaining({ code: 'ISSUE_NOT_FOUND' }));
  });
});

describe('drafts command', () => {
  let dataDir: string;
  let output: string[];
  const savedEnv = { ...process.env };

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ads-drafts-'));
    const configPath = path.join(dataDir, 'config.yaml');
    fs.writeFileSync(configPath, '{}\n');
    Object.assign(process.env, { DATA_DIR: dataDir, CONFIG: configPath, LOG_LEVEL: 'silent' });
    output = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      output.push(String(chunk));
      return true;
    });
  });

  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...savedEnv };
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function withDatabase<T>(work: (db: ReturnType<typeof createContext>['db']) => T): T {
    const context = createContext({ logger: silentLogger() });
    try {
      return work(context.db);
    } finally {
      context.db.close();
    }
  }

  async function run(...args: string[]): Promise<void> {
    await buildProgram().parseAsync(['node', 'ai-daily-summary', ...args]);
  }

  test('list, approve and export', async () => {
    const { issueId } = withDatabase((db) => insertFixtureIssue(db, { issueDate: '2026-12-04' }));

    await run('drafts', 'list');
    await run('approve', String(issueId));
    await run('drafts', 'export', 'latest');

    expect(output[0]).toMatch(new RegExp(`^${issueId}\\t2026-12-04\\tdraft\\tclaude\\t2 themes\\t4 items\\t`));
    expect(output[1]).toContain(`issue ${issueId} (2026-12-04) is approved`);
    expect(output[2]).toMatch(/^# AI Daily Summary: 2026-12-04\n/);
    expect(withDatabase((db) => getIssue(db, issueId)?.status)).toBe('approved');
  });

  test('discard cancels the issue', async () => {
    const { issueId } = withDatabase((db) => insertFixtureIssue(db));

    await run('drafts', 'discard', String(issueId));

    expect(output[0]).toContain('is cancelled');
    expect(withDatabase((db) => getIssue(db, issueId)?.status)).toBe('cancelled');
  });
});

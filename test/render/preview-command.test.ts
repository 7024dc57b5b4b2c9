import fs from 'node:fs';
import path from 'node:path';
import { buildProgram } from '../../src/cli/main';
import { countDeliveries } from '../../src/store/deliveries';
import { getIssue } from '../../src/store/issues';
import { createTestContext, type TestContext } from '../helpers/context';
import { insertSampleIssue } from './fixtures/issue-fixture';

let context: TestContext;
let output: string[];
const savedEnv = { ...process.env };

beforeEach(() => {
  context = createTestContext();
  process.env.DATA_DIR = context.config.dataDir;
  process.env.CONFIG = path.join(context.config.dataDir, 'config.yaml');
  process.env.PUBLIC_URL = context.config.publicUrl;
  process.env.LOG_LEVEL = 'silent';
  output = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  jest.restoreAllMocks();
  process.env = { ...savedEnv };
  context.cleanup();
});

describe('preview command', () => {
  test('writes the default file and prints it', async () => {
    const { issueId } = insertSampleIssue(context.db, { status: 'draft' });

    await buildProgram().parseAsync(['node', 'ai-daily-summary', 'preview', 'latest']);

    const file = path.join(context.config.dataDir, 'previews', `issue-${issueId}.html`);
    expect(output.join('').trim()).toBe(file);
    expect(fs.readFileSync(file, 'utf8')).toContain('Top sources');
    expect(getIssue(context.db, issueId)?.status).toBe('draft');
    expect(countDeliveries(context.db, issueId).queued).toBe(0);
  });

  test('--text --out writes the text part', async () => {
    const { issueId } = insertSampleIssue(context.db);
    const file = path.join(context.config.dataDir, 'custom', 'issue.txt');

    await buildProgram().parseAsync(['node', 'ai-daily-summary', 'preview', String(issueId), '--text', '--out', file]);

    expect(output.join('').trim()).toBe(file);
    expect(fs.readFileSync(file, 'utf8')).toContain('Unsubscribe: http://127.0.0.1:8787/u/preview');
  });
});

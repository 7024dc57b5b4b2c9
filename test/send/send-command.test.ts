import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { countDeliveries } from '../../src/store/deliveries';
import { getIssue } from '../../src/store/issues';
import { createTestContext, type TestContext } from '../helpers/context';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { insertSampleIssue, insertSubscribers } from '../render/fixtures/issue-fixture';

const PROJECT_DIR = path.resolve(__dirname, '../..');

let sink: SmtpSink;
let context: TestContext;

beforeEach(async () => {
  sink = await startSmtpSink({ onError: () => undefined });
  context = createTestContext({ SMTP_URL: sink.url });
  fs.writeFileSync(path.join(context.config.dataDir, 'config.yaml'), 'send:\n  rateLimit: 40\n');
});

afterEach(async () => {
  context.cleanup();
  await sink.close();
});

function runSendCommand(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'send', ...args], {
    cwd: PROJECT_DIR,
    env: { ...process.env, DATA_DIR: context.config.dataDir, CONFIG: path.join(context.config.dataDir, 'config.yaml'), SMTP_URL: sink.url, PUBLIC_URL: context.config.publicUrl, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => stdout };
}

describe('send command', () => {
  test('SIGTERM stops cleanly and resume finishes', async () => {
    const { issueId } = insertSampleIssue(context.db);
    insertSubscribers(context.db, 200);

    const first = runSendCommand([String(issueId)]);
    while (sink.messages.length < 10) await sleep(10);
    first.child.kill('SIGTERM');

    expect(await first.exited).toBe(0);
    expect(first.stdout()).toMatch(/stopped: \d+ messages remain/);
    expect(getIssue(context.db, issueId)?.status).toBe('sending');
    expect(countDeliveries(context.db, issueId).sending).toBe(0);
    const sentBefore = countDeliveries(context.db, issueId).sent;
    expect(sink.messages).toHaveLength(sentBefore);

    fs.writeFileSync(path.join(context.config.dataDir, 'config.yaml'), 'send:\n  rateLimit: 100000\n');
    const second = runSendCommand(['latest']);

    expect(await second.exited).toBe(0);
    expect(second.stdout()).toContain(`issue ${issueId}: ${200 - sentBefore} sent, 0 failed, 0 bounced, 0 skipped`);
    expect(new Set(sink.messages.map((message) => message.envelopeTo[0])).size).toBe(200);
    expect(sink.messages).toHaveLength(200);
  }, 60_000);

  test('--test sends copies only', async () => {
    const { issueId } = insertSampleIssue(context.db);
    insertSubscribers(context.db, 3);

    const run = runSendCommand([String(issueId), '--test', 'editor@example.com']);

    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain(`issue ${issueId}: 1 test copy sent to ${sink.url}`);
    expect(sink.messages.map((message) => message.envelopeTo)).toEqual([['editor@example.com']]);
  }, 30_000);
});

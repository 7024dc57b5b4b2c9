import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inFlightLimit } from '../../src/send/delivery-run';
import { countDeliveries } from '../../src/store/deliveries';
import { getIssue } from '../../src/store/issues';
import { createTestContext, type TestContext } from '../helpers/context';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { insertSampleIssue, insertSubscribers } from '../render/fixtures/issue-fixture';

const SUBSCRIBERS = 2_000;
const KILLS = 5;
const CHILD_SCRIPT = path.join(__dirname, 'fixtures', 'send-child.ts');
const SEND_SETTINGS = { rateLimit: 100_000, retryBaseSeconds: 0.05, maxConnections: 5, maxMessages: 100 };

let sink: SmtpSink;
let context: TestContext;
let connectionErrors = 0;

beforeEach(async () => {
  // Each kill resets the child's open connections, which the sink reports as errors.
  sink = await startSmtpSink({ onError: () => (connectionErrors += 1) });
  context = createTestContext({ SMTP_URL: sink.url });
  fs.writeFileSync(path.join(context.config.dataDir, 'config.yaml'), `send:\n${Object.entries(SEND_SETTINGS).map(([key, value]) => `  ${key}: ${value}`).join('\n')}\n`);
});

afterEach(async () => {
  context.cleanup();
  await sink.close();
});

function startChild(issueId: number): { child: ChildProcess; exited: Promise<number | null>; stderr: string[] } {
  const stderr: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, String(issueId)], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, DATA_DIR: context.config.dataDir, CONFIG: path.join(context.config.dataDir, 'config.yaml'), SMTP_URL: sink.url, PUBLIC_URL: context.config.publicUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr };
}

describe('crash and resume', () => {
  test('SIGKILL five times loses no one', async () => {
    const { issueId } = insertSampleIssue(context.db);
    insertSubscribers(context.db, SUBSCRIBERS);
    const killPoints = Array.from({ length: KILLS }, () => 100 + Math.floor(Math.random() * (SUBSCRIBERS - 200))).sort((a, b) => a - b);

    // Kill a sending child once the sink has received each kill point's count of messages.
    for (const killPoint of killPoints) {
      const { child, exited } = startChild(issueId);
      let childExited = false;
      void exited.then(() => (childExited = true));
      while (sink.messages.length < killPoint && !childExited) await sleep(2);
      child.kill('SIGKILL');
      await exited;
    }

    const last = startChild(issueId);
    expect(await last.exited).toBe(0);

    const received = new Map<string, number>();
    for (const message of sink.messages) {
      for (const address of message.envelopeTo) received.set(address, (received.get(address) ?? 0) + 1);
    }
    const duplicates = sink.messages.length - received.size;
    process.stderr.write(`crash test: kill points ${killPoints.join(', ')}; ${sink.messages.length} messages for ${received.size} addresses, ${duplicates} duplicates; ${connectionErrors} connections reset\n`);

    expect(received.size).toBe(SUBSCRIBERS);
    expect(duplicates).toBeLessThanOrEqual(KILLS * inFlightLimit({ ...context.config.send, ...SEND_SETTINGS }));
    expect(Math.max(...received.values())).toBeLessThanOrEqual(2);
    expect(countDeliveries(context.db, issueId)).toMatchObject({ sent: SUBSCRIBERS, queued: 0, sending: 0 });
    expect(getIssue(context.db, issueId)?.status).toBe('sent');
  }, 180_000);
});

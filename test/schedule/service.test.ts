import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../src/context';
import { startService } from '../../src/schedule/service';
import { captureLogger, createScheduleContext, fakeBodies, insertIssue, makeDataDir, removeDataDir, sleep } from './helpers';

const DATE = '2025-01-06';
const PROJECT_DIR = path.resolve(__dirname, '../..');

describe('startService', () => {
  let dataDir: string;
  let context: AppContext;

  beforeEach(() => {
    dataDir = makeDataDir();
    context = createScheduleContext(dataDir, { timezone: 'UTC', composeAt: '06:30', sendAt: '07:00' }, captureLogger().logger, { PORT: '0' });
  });

  afterEach(() => {
    if (context.db.open) context.db.close();
    removeDataDir(dataDir);
  });

  test('serves healthz and stops cleanly', async () => {
    const { bodies } = fakeBodies();
    const service = await startService(context, { bodies, scheduler: { now: () => new Date(`${DATE}T05:00:00Z`) } });

    const response = await fetch(`${service.url}/healthz`);
    await service.stop();

    expect(response.status).toBe(200);
    expect(context.db.open).toBe(false);
    await expect(fetch(`${service.url}/healthz`)).rejects.toThrow();
  });

  test('busy port is a config error', async () => {
    const { bodies } = fakeBodies();
    const first = await startService(context, { bodies, schedule: false });
    const port = new URL(first.url).port;
    const second = createScheduleContext(makeDataDir(), { timezone: 'UTC' }, captureLogger().logger, { PORT: port });

    await expect(startService(second, { bodies, schedule: false })).rejects.toThrow(`cannot listen on 127.0.0.1:${port} (EADDRINUSE)`);
    second.db.close();
    removeDataDir(second.config.dataDir);
    await first.stop();
  });

  test('stop interrupts a send past the grace period', async () => {
    insertIssue(context, DATE, 'approved');
    const { bodies } = fakeBodies();
    let sendStarted = false;
    const slowBodies = {
      ...bodies,
      async send(ctx: AppContext, issueId: number, options: { signal: AbortSignal }) {
        sendStarted = true;
        ctx.db.prepare("UPDATE issues SET status = 'sending' WHERE id = ?").run(issueId);
        await new Promise((resolve) => options.signal.addEventListener('abort', resolve));
        return { issueId, sent: 0, failed: 0, bounced: 0, skipped: 0, alreadySent: false, durationMs: 0 };
      },
    };
    const service = await startService(context, { bodies: slowBodies, graceMs: 200, scheduler: { now: () => new Date(`${DATE}T07:00:00Z`) } });
    while (!sendStarted) await sleep(10);

    const runsBefore = context.db.prepare("SELECT status FROM job_runs WHERE job = 'send'").pluck().all();
    await service.stop();
    const copy = createScheduleContext(dataDir, { timezone: 'UTC' }, captureLogger().logger);
    const run = copy.db.prepare("SELECT status, error FROM job_runs WHERE job = 'send'").get();
    copy.db.close();

    expect(runsBefore).toEqual(['running']);
    expect(run).toEqual({ status: 'failed', error: 'interrupted by shutdown; delivery resumes at the next start' });
  });
});

describe('serve command', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = makeDataDir();
  });

  afterEach(() => removeDataDir(dataDir));

  test('exits 0 after SIGTERM', async () => {
    const configPath = path.join(dataDir, 'config.yaml');
    fs.writeFileSync(configPath, 'schedule:\n  timezone: UTC\n');
    const child = spawn(process.execPath, [path.join(PROJECT_DIR, 'bin/ai-daily-summary.js'), 'serve'], {
      cwd: PROJECT_DIR,
      env: { ...process.env, DATA_DIR: dataDir, CONFIG: configPath, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', PUBLIC_URL: 'http://127.0.0.1:8787' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Array<{ msg: string; url?: string }> = [];
    let buffered = '';
    child.stderr.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      for (const line of complete) if (line.startsWith('{')) lines.push(JSON.parse(line) as { msg: string; url?: string });
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    let exitedEarly = false;
    void exited.then(() => (exitedEarly = true));
    const deadline = Date.now() + 20_000;
    while (!lines.some((line) => line.msg === 'service started')) {
      if (exitedEarly || Date.now() > deadline) throw new Error(`serve did not start; its log: ${JSON.stringify(lines)} ${buffered}`);
      await sleep(50);
    }
    const url = lines.find((line) => line.msg === 'service started')!.url!;
    const health = await fetch(`${url}/healthz`);
    child.kill('SIGTERM');
    const code = await exited;

    expect(health.status).toBe(200);
    expect(code).toBe(0);
    expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['shutdown requested', 'scheduler stopped', 'service stopped']));
  }, 30_000);
});

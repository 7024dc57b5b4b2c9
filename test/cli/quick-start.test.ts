import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { simpleParser } from 'mailparser';
import { DATABASE_FILE } from '../../src/store/db';
import { describeShared, REAL_FEEDS_DIR } from '../helpers/shared';

const run = promisify(execFile);
const BIN = path.resolve(__dirname, '../../bin/ai-daily-summary.js');

describeShared('the CLI from a fresh data folder', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ads-cli-'));
    const configFile = path.join(dataDir, 'config.yaml');
    fs.writeFileSync(configFile, 'feeds: []\n');
    env = { ...process.env, DATA_DIR: dataDir, CONFIG: configFile, SMTP_URL: '', ANTHROPIC_API_KEY: '', LOG_LEVEL: 'warn' };
  });

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('run over the real corpus writes one grounded .eml', async () => {
    await run('node', [BIN, 'subscribers', 'add', 'reader@example.com'], { env });
    const { stdout } = await run('node', [BIN, 'run', '--feeds', REAL_FEEDS_DIR, '--since', '2000-01-01'], { env });

    expect(stdout).toMatch(/feeds: +\d+ ok/);
    expect(stdout).toMatch(/sent: +1 messages/);

    const outbox = path.join(dataDir, 'outbox');
    const files = fs.readdirSync(outbox).filter((name) => name.endsWith('.eml'));
    expect(files).toHaveLength(1);

    const message = await simpleParser(fs.readFileSync(path.join(outbox, files[0]!)));
    const html = typeof message.html === 'string' ? message.html : '';
    const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE), { readonly: true });
    const stored = new Set(db.prepare('SELECT link FROM items WHERE link IS NOT NULL').pluck().all() as string[]);
    db.close();

    const links = [...html.matchAll(/\bhref="(https?:[^"]+)"/g)].map((match) => match[1]!.replace(/&amp;/g, '&'));
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) {
      const allowed = stored.has(link) || link.startsWith('http://127.0.0.1:8787/');
      expect({ link, allowed }).toEqual({ link, allowed: true });
    }
  });

  test('every command prints help', async () => {
    for (const command of ['run', 'collect', 'compose', 'preview', 'send', 'serve', 'feeds', 'subscribers']) {
      const { stdout } = await run('node', [BIN, command, '--help'], { env });
      expect(stdout).toMatch(/^Usage: ai-daily-summary/m);
    }
  });

  test('a bad argument fails with one line', async () => {
    const failure = await run('node', [BIN, 'run', '--since', 'yesterday-ish'], { env }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: expect.any(Number) });
    expect((failure as { stderr: string }).stderr.trim().split('\n')).toHaveLength(1);
  });
});

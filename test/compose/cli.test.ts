import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { registerComposeCommand } from '../../src/cli/commands/compose';
import { createContext } from '../../src/context';
import { silentLogger } from '../../src/log';
import { insertFeed, insertItem, TOPICAL_ITEMS } from './fixtures';

const ENV_KEYS = ['DATA_DIR', 'CONFIG', 'LOG_LEVEL', 'ANTHROPIC_API_KEY'] as const;

describe('compose command', () => {
  let dataDir: string;
  let savedEnv: Record<string, string | undefined>;
  let output: string[];

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ads-compose-cli-'));
    fs.writeFileSync(path.join(dataDir, 'config.yaml'), '{}\n');
    savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
    Object.assign(process.env, { DATA_DIR: dataDir, CONFIG: path.join(dataDir, 'config.yaml'), LOG_LEVEL: 'silent' });
    delete process.env.ANTHROPIC_API_KEY;
    output = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
  });

  afterEach(() => {
    jest.restoreAllMocks();
    for (const key of ENV_KEYS) {
      if (savedEnv[key] === undefined) delete process.env[key];
      else process.env[key] = savedEnv[key];
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function seedItems(): void {
    const context = createContext({ logger: silentLogger() });
    const feedId = insertFeed(context.db);
    for (const fixture of TOPICAL_ITEMS) insertItem(context.db, feedId, { ...fixture, publishedAt: '2020-01-01T00:00:00.000Z' });
    context.db.close();
  }

  async function runCompose(...args: string[]): Promise<void> {
    const program = new Command().exitOverride();
    registerComposeCommand(program);
    await program.parseAsync(['node', 'ai-daily-summary', 'compose', ...args]);
  }

  test('prints id, composer and counts', async () => {
    seedItems();

    await runCompose('--since', '2000-01-01');

    const text = output.join('');
    expect(text).toMatch(/^issue 1 \(\d{4}-\d{2}-\d{2}\) composed as a draft$/m);
    expect(text).toMatch(/^composer: offline$/m);
    expect(text).toMatch(/^themes: \d, items: 7$/m);
  });

  test('recompose names the discarded edits', async () => {
    seedItems();
    await runCompose('--since', '2000-01-01');
    const context = createContext({ logger: silentLogger() });
    context.db
      .prepare("INSERT INTO issue_edits (issue_id, theme_index, before_json, after_json, created_at) VALUES (1, 0, '{}', '{}', '2026-01-01T00:00:00Z')")
      .run();
    context.db.close();
    output.length = 0;

    await runCompose('--since', '2000-01-01');

    expect(output.join('')).toMatch(/^replaced: draft 1 of the same date is cancelled, discarding its 1 operator edits$/m);
  });

  test('no new items fails with NO_ITEMS', async () => {
    seedItems();

    await expect(runCompose()).rejects.toMatchObject({ code: 'NO_ITEMS' });
  });

  test('invalid --since fails with USAGE', async () => {
    await expect(runCompose('--since', 'last week')).rejects.toMatchObject({ code: 'USAGE' });
  });
});

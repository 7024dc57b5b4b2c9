import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { registerSubscribersCommand } from '../../src/cli/commands/subscribers';
import { openDatabase } from '../../src/store/db';
import { findSubscriberByEmail } from '../../src/store/subscribers';

let dataDir: string;
let savedEnv: NodeJS.ProcessEnv;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ads-cli-'));
  fs.writeFileSync(path.join(dataDir, 'config.yaml'), '{}\n');
  savedEnv = { ...process.env };
  Object.assign(process.env, { DATA_DIR: dataDir, CONFIG: path.join(dataDir, 'config.yaml'), PUBLIC_URL: 'http://127.0.0.1:8787', LOG_LEVEL: 'silent' });
});

afterEach(() => {
  process.env = savedEnv;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Run `subscribers ...` in-process and return what it printed to stdout. */
async function run(...args: string[]): Promise<string> {
  const program = new Command('ai-daily-summary').exitOverride();
  registerSubscribersCommand(program);

  let output = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += chunk.toString();
    return true;
  });
  try {
    await program.parseAsync(['node', 'ai-daily-summary', 'subscribers', ...args]);
  } finally {
    write.mockRestore();
  }
  return output;
}

function statusOf(email: string): string | undefined {
  const db = openDatabase(dataDir);
  try {
    return findSubscriberByEmail(db, email)?.status;
  } finally {
    db.close();
  }
}

describe('subscribers CLI', () => {
  test('add confirms and reports outcome', async () => {
    expect(await run('add', 'Jane@Example.com', '--name', 'Jane Doe')).toMatch(/^added: Jane@Example.com \(id 1, confirmed\)/);
    expect(await run('add', 'jane@example.com')).toMatch(/^unchanged:/);
    expect(statusOf('jane@example.com')).toBe('confirmed');
  });

  test('add rejects invalid address', async () => {
    await expect(run('add', 'not-an-address')).rejects.toMatchObject({ code: 'SUBSCRIBER_INVALID' });
  });

  test('remove suppresses; add keeps it suppressed', async () => {
    await run('add', 'jane@example.com');
    expect(await run('remove', 'jane@example.com')).toMatch(/^unsubscribed jane@example.com/);
    expect(await run('remove', 'jane@example.com')).toMatch(/already unsubscribed/);
    expect(await run('add', 'jane@example.com')).toMatch(/^suppressed:/);
    expect(statusOf('jane@example.com')).toBe('unsubscribed');
  });

  test('remove of unknown address fails', async () => {
    await expect(run('remove', 'nobody@example.com')).rejects.toMatchObject({ code: 'SUBSCRIBER_NOT_FOUND' });
  });

  test('list shows status and bounce reason', async () => {
    await run('add', 'jane@example.com');
    await run('add', 'john@example.com');
    const db = openDatabase(dataDir);
    db.prepare("UPDATE subscribers SET status = 'bounced', bounce_reason = '550 5.1.1 user unknown' WHERE email = 'john@example.com'").run();
    db.close();

    const output = await run('list');
    const lines = output.trim().split('\n');
    expect(lines[0]).toMatch(/^id\s+email\s+status\s+source\s+created\s+bounce$/);
    expect(lines[1]).toMatch(/^1\s+jane@example.com\s+confirmed\s+operator\s+\d{4}-\d\d-\d\d\s+-$/);
    expect(lines[2]).toMatch(/^2\s+john@example.com\s+bounced\s+operator\s+\S+\s+550 5.1.1 user unknown$/);
    expect(await run('list', '--status', 'bounced')).not.toContain('jane@example.com');
  });

  test('list rejects unknown status', async () => {
    await expect(run('list', '--status', 'gone')).rejects.toMatchObject({ code: 'USAGE' });
  });

  test('import reports rows and summary', async () => {
    const file = path.join(dataDir, 'list.csv');
    fs.writeFileSync(file, 'email,name\njane@example.com,Jane\nnot-an-address,X\n');

    let output = '';
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output += chunk.toString();
      return true;
    });
    const program = new Command('ai-daily-summary').exitOverride();
    registerSubscribersCommand(program);
    const result = program.parseAsync(['node', 'ai-daily-summary', 'subscribers', 'import', file]);
    await expect(result).rejects.toMatchObject({ code: 'SUBSCRIBER_INVALID' });
    write.mockRestore();

    expect(output).toContain(`${file}:3: "not-an-address" is not a valid email address`);
    expect(output).toContain('added 1, updated 0, skipped 0 (0 suppressed), invalid 1');
    expect(findSubscriberByEmail(openDatabase(dataDir), 'jane@example.com')?.status).toBe('confirmed');
  });

  test('import of a missing file fails', async () => {
    await expect(run('import', path.join(dataDir, 'absent.csv'))).rejects.toMatchObject({ code: 'USAGE' });
  });

  test('export writes CSV with header', async () => {
    await run('add', 'jane@example.com', '--name', 'Jane');
    const output = await run('export');
    const lines = output.trim().split('\n');
    expect(lines[0]).toBe('email,name,status,source,created_at,confirmed_at,unsubscribed_at,bounce_reason,soft_bounce_count');
    expect(lines[1]).toMatch(/^jane@example.com,Jane,confirmed,operator,/);
  });
});

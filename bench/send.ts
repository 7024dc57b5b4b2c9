/**
 * Send benchmark: `npx tsx bench/send.ts [counts...]` (default 10000 100000).
 *
 * Starts a loopback SMTP sink in a child process. For each count it then runs two workers, each
 * in a fresh process so that its peak RSS is its own. `ours` sends an issue through sendIssue
 * (ledger, personalisation, headers; the rate limit is set too high to matter). `bare` sends one
 * prebuilt message as often through a bare nodemailer pool with the same connection settings and
 * in-flight window. Finally it times one MJML compile against personalising one message.
 * Prints a Markdown table for docs/benchmarks.md.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { createContext, type AppContext } from '../src/context';
import type { Digest } from '../src/domain';
import { silentLogger } from '../src/log';
import { personalize, renderIssue } from '../src/render/render';
import { inFlightLimit } from '../src/send/delivery-run';
import { buildMailOptions } from '../src/send/message';
import { sendIssue } from '../src/send/send';
import { unsubscribeUrl, signToken } from '../src/subscriptions/tokens';

const SEND_SETTINGS = { rateLimit: 1_000_000, maxConnections: 5, maxMessages: 100 };
const ITEM_COUNT = 25;

interface WorkerResult {
  kind: 'ours' | 'bare';
  count: number;
  sent: number;
  seconds: number;
  messagesPerSecond: number;
  peakRssMb: number;
  /** RSS in MB sampled at a quarter, half and the end of the send. */
  rssMbOverTime: number[];
}

/** Sample RSS once a second, to show whether memory stays flat as the send goes on. */
function sampleRss(): () => number[] {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(Math.round(process.memoryUsage().rss / 2 ** 20)), 1000);
  return () => {
    clearInterval(timer);
    samples.push(Math.round(process.memoryUsage().rss / 2 ** 20));
    return [samples[Math.floor(samples.length / 4)]!, samples[Math.floor(samples.length / 2)]!, samples[samples.length - 1]!];
  };
}

/** Create a data folder with a config, `count` confirmed subscribers and one issue of ITEM_COUNT items. */
function prepareData(count: number): { context: AppContext; issueId: number; cleanup(): void } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ads-bench-'));
  const configPath = path.join(dataDir, 'config.yaml');
  fs.writeFileSync(configPath, `send:\n${Object.entries(SEND_SETTINGS).map(([key, value]) => `  ${key}: ${value}`).join('\n')}\n`);
  const context = createContext({ env: { DATA_DIR: dataDir, CONFIG: configPath, SMTP_URL: process.env.SMTP_URL, PUBLIC_URL: 'http://127.0.0.1:8787' }, logger: silentLogger() });
  const { db } = context;
  const now = new Date().toISOString();

  const feedId = Number(db.prepare("INSERT INTO feeds (url, title, created_at) VALUES ('https://example.com/feed.xml', 'Bench Feed', ?)").run(now).lastInsertRowid);
  const insertItem = db.prepare('INSERT INTO items (feed_id, dedup_key, link, title, first_seen_at, summary) VALUES (?, ?, ?, ?, ?, ?)');
  const itemIds: number[] = [];
  for (let index = 1; index <= ITEM_COUNT; index += 1) {
    const summary = `Story ${index} summary: a paragraph about models, benchmarks and releases. `.repeat(6);
    itemIds.push(Number(insertItem.run(feedId, `k${index}`, `https://example.com/story/${index}?ref=digest&n=${index}`, `Story ${index}: a headline of usual length`, now, summary).lastInsertRowid));
  }
  const digest: Digest = {
    themes: [0, 1, 2].map((theme) => ({
      title: `Theme ${theme + 1}`,
      summary: [{ text: 'Two sentences of summary for this theme, written from the items it cites.', itemIds: [itemIds[theme]!] }],
      keyItems: itemIds.slice(theme * 3, theme * 3 + 3).map((itemId) => ({ itemId, sentence: 'One sentence on why this story matters.' })),
    })),
    conclusion: [{ text: 'A closing sentence.', itemIds: [itemIds[0]!] }],
    topItemIds: itemIds.slice(0, 5),
    itemIds,
  };
  const issueId = Number(
    db.prepare("INSERT INTO issues (issue_date, status, digest_json, composer, created_at) VALUES ('2026-01-05', 'approved', ?, 'offline', ?)").run(JSON.stringify(digest), now).lastInsertRowid,
  );

  const insertSubscriber = db.prepare("INSERT INTO subscribers (email, name, status, created_at, confirmed_at) VALUES (?, ?, 'confirmed', ?, ?)");
  db.transaction(() => {
    for (let index = 1; index <= count; index += 1) insertSubscriber.run(`reader${index}@example.com`, index % 3 === 0 ? null : `Reader ${index}`, now, now);
  })();

  return { context, issueId, cleanup: () => { db.close(); fs.rmSync(dataDir, { recursive: true, force: true }); } };
}

async function runOurs(count: number): Promise<WorkerResult> {
  const { context, issueId, cleanup } = prepareData(count);
  try {
    const stopSampling = sampleRss();
    const report = await sendIssue(context, issueId);
    const rssMbOverTime = stopSampling();
    const seconds = report.durationMs / 1000;
    return { kind: 'ours', count, sent: report.sent, seconds, messagesPerSecond: report.sent / seconds, peakRssMb: peakRssMb(), rssMbOverTime };
  } finally {
    cleanup();
  }
}

/** Send one prebuilt message `count` times with the pool settings and in-flight window of sendIssue. */
async function runBare(count: number): Promise<WorkerResult> {
  const { context, issueId, cleanup } = prepareData(1);
  try {
    const rendered = await renderIssue(context, issueId);
    const link = unsubscribeUrl(context.config.publicUrl, context.secret, 1);
    const parts = personalize(rendered, { unsubscribeUrl: link, name: 'Reader 1' });
    const message = buildMailOptions(context.config.newsletter, {
      subject: rendered.subject,
      ...parts,
      messageId: '<bench@localhost>',
      recipient: { email: 'reader1@example.com', name: 'Reader 1' },
      unsubscribeUrl: link,
      token: signToken(context.secret, 1, 'unsubscribe'),
    });
    const transporter = nodemailer.createTransport({ url: process.env.SMTP_URL, pool: true, maxConnections: SEND_SETTINGS.maxConnections, maxMessages: SEND_SETTINGS.maxMessages } as never);
    const window = inFlightLimit({ ...context.config.send, ...SEND_SETTINGS });

    const stopSampling = sampleRss();
    const start = performance.now();
    let sent = 0;
    const inFlight = new Set<Promise<void>>();
    for (let index = 0; index < count; index += 1) {
      while (inFlight.size >= window) await Promise.race(inFlight);
      const task: Promise<void> = transporter.sendMail(message).then(() => void (sent += 1)).finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
    await Promise.all(inFlight);
    const seconds = (performance.now() - start) / 1000;
    transporter.close();
    return { kind: 'bare', count, sent, seconds, messagesPerSecond: sent / seconds, peakRssMb: peakRssMb(), rssMbOverTime: stopSampling() };
  } finally {
    cleanup();
  }
}

/** Measure the mean time of one MJML compile of the issue and of one personalisation. */
async function measurePersonalization(): Promise<{ compileMs: number; personalizeMicroseconds: number; htmlBytes: number }> {
  const { context, issueId, cleanup } = prepareData(1);
  try {
    await renderIssue(context, issueId);
    const compileRuns = 10;
    let start = performance.now();
    let rendered = await renderIssue(context, issueId);
    for (let run = 1; run < compileRuns; run += 1) rendered = await renderIssue(context, issueId);
    const compileMs = (performance.now() - start) / compileRuns;

    const personalizeRuns = 100_000;
    let bytes = 0;
    start = performance.now();
    for (let run = 0; run < personalizeRuns; run += 1) {
      const parts = personalize(rendered, { unsubscribeUrl: unsubscribeUrl(context.config.publicUrl, context.secret, run + 1), name: `Reader ${run}` });
      bytes += parts.html.length;
    }
    const personalizeMicroseconds = ((performance.now() - start) * 1000) / personalizeRuns;
    return { compileMs, personalizeMicroseconds, htmlBytes: Math.round(bytes / personalizeRuns) };
  } finally {
    cleanup();
  }
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function startSink(): Promise<void> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        received += 1;
        callback();
      });
      stream.resume();
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`port ${(server.server.address() as AddressInfo).port}\n`);
  process.on('SIGTERM', () => {
    process.stderr.write(`sink received ${received}\n`);
    process.exit(0);
  });
}

function runChild(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`bench worker ${args.join(' ')} exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const [role, ...rest] = process.argv.slice(2);
  if (role === 'sink') return startSink();
  if (role === 'ours' || role === 'bare') {
    const result = role === 'ours' ? await runOurs(Number(rest[0])) : await runBare(Number(rest[0]));
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }

  const counts = process.argv.slice(2).map(Number).filter((count) => count > 0);
  const sink = spawn(process.execPath, ['--import', 'tsx', __filename, 'sink'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => {
    readline.createInterface({ input: sink.stdout }).once('line', (line) => resolve(line.split(' ')[1]!));
  });
  const env = { ...process.env, SMTP_URL: `smtp://127.0.0.1:${port}`, LOG_LEVEL: 'silent' };

  try {
    process.stdout.write(`load average at start: ${os.loadavg().map((load) => load.toFixed(1)).join(', ')}\n`);
    process.stdout.write(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n\n`);
    // Warm the sink up first, so the first measured run does not pay for its JIT compilation.
    await runChild(['bare', '1000'], env);
    process.stdout.write('| subscribers | sender | sent | seconds | messages/s | peak RSS (MB) | RSS at 1/4, 1/2, end (MB) |\n|---|---|---|---|---|---|---|\n');
    for (const count of counts.length > 0 ? counts : [10_000, 100_000]) {
      const results: WorkerResult[] = [];
      for (const kind of ['bare', 'ours']) {
        const result = JSON.parse(await runChild([kind, String(count)], env)) as WorkerResult;
        results.push(result);
        process.stdout.write(`| ${count} | ${kind} | ${result.sent} | ${result.seconds.toFixed(1)} | ${Math.round(result.messagesPerSecond)} | ${result.peakRssMb} | ${result.rssMbOverTime.join(', ')} |\n`);
      }
      const ratio = results[1]!.messagesPerSecond / results[0]!.messagesPerSecond;
      process.stdout.write(`| ${count} | ours / bare | | | ${ratio.toFixed(2)}× | | |\n`);
    }

    const cost = await measurePersonalization();
    process.stdout.write(`\nMJML compile of the issue: ${cost.compileMs.toFixed(1)} ms; personalising one message: ${cost.personalizeMicroseconds.toFixed(1)} µs (${cost.htmlBytes} characters of HTML), ${Math.round((cost.compileMs * 1000) / cost.personalizeMicroseconds)}× cheaper\n`);
  } finally {
    sink.kill('SIGTERM');
  }
}

void main();

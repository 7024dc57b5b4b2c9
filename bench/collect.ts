import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Parser from 'rss-parser';
import { collectFeeds } from '../src/collect/collect';
import { createContext, type AppContext } from '../src/context';
import { silentLogger } from '../src/log';

/**
 * Collect benchmark (`npx tsx bench/collect.ts`), printed as a markdown section:
 * 1. collect + normalise + store the real corpus over loopback HTTP, against bare rss-parser
 *    parseString of the same bytes (goal: at most 1.5 times);
 * 2. a second collect where every feed responds 304 (goal: at most 0.1 times the first);
 * 3. 200 feeds on loopback servers that delay each response by 100 ms: time and peak memory.
 * Each timing is the median of RUNS runs after one warm-up run.
 */
const RUNS = 7;
const CORPUS = path.resolve(__dirname, '../../shared/feeds/real');
const SLOW_FEEDS = 200;
const SLOW_SERVERS = 50;
const DELAY_MS = 100;

interface Server {
  url: string;
  close(): Promise<void>;
}

async function main(): Promise<void> {
  const files = fs.readdirSync(CORPUS).filter((name) => name !== 'MANIFEST.md').sort();
  const bodies = new Map(files.map((name) => [name, fs.readFileSync(path.join(CORPUS, name))]));
  const corpusBytes = [...bodies.values()].reduce((sum, body) => sum + body.length, 0);

  const server = await startServer(bodies, 0);
  const urls = files.map((name) => `${server.url}/${name}`);

  // The three measures alternate within each run, so that load from other processes on a shared
  // machine weighs on each of them alike.
  const [baseline, first, notModified] = (await mediansOf([
    () => timeRssParser([...bodies.values()]),
    () => withContext((context) => timed(() => collectFeeds(context, { sources: urls }))),
    () =>
      withContext(async (context) => {
        await collectFeeds(context, { sources: urls });
        return timed(() => collectFeeds(context, { sources: urls }));
      }),
  ])) as [number, number, number];
  await server.close();

  const slow = await measureSlowFeeds(bodies);

  const lines = [
    '## Collect',
    '',
    `Command: \`npx tsx bench/collect.ts\``,
    `Machine: ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${os.cpus().length} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} at the end`,
    `Corpus: ${files.length} files, ${(corpusBytes / 2 ** 20).toFixed(1)} MiB, served by one loopback HTTP server; median of ${RUNS} runs after a warm-up run.`,
    '',
    '| measure | time, ms | ratio | goal |',
    '|---|---|---|---|',
    `| rss-parser 3 parseString of every file (UTF-8 decode only, no store) | ${baseline.toFixed(0)} | 1 | |`,
    `| collectFeeds: HTTP, decode, parse, normalise, sanitise, store (fresh database) | ${first.toFixed(0)} | ${(first / baseline).toFixed(2)} × rss-parser | ≤ 1.5 |`,
    `| second collectFeeds, every feed responds 304 | ${notModified.toFixed(0)} | ${(notModified / first).toFixed(3)} × first collect | ≤ 0.1 |`,
    `| ${SLOW_FEEDS} feeds on ${SLOW_SERVERS} loopback servers, ${DELAY_MS} ms delay per response | ${slow.ms.toFixed(0)} | peak RSS ${slow.peakRssMiB.toFixed(0)} MiB, peak heap ${slow.peakHeapMiB.toFixed(0)} MiB | |`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

/** Serve each corpus file at /name with an ETag, and respond 304 to a matching If-None-Match. */
function startServer(bodies: Map<string, Buffer>, delayMs: number): Promise<Server> {
  const server = http.createServer((request, response) => {
    const name = decodeURIComponent((request.url ?? '/').slice(1)).replace(/^\d+-/, '');
    const body = bodies.get(name);
    const answer = () => {
      if (!body) return response.writeHead(404).end();
      const etag = `"${body.length}"`;
      if (request.headers['if-none-match'] === etag) return response.writeHead(304, { etag }).end();
      const type = name.endsWith('.json') ? 'application/feed+json' : 'application/rss+xml';
      return response.writeHead(200, { 'content-type': type, etag }).end(body);
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

async function timeRssParser(bodies: Buffer[]): Promise<number> {
  const parser = new Parser();
  return timed(async () => {
    for (const body of bodies) {
      await parser.parseString(body.toString('utf8')).catch(() => undefined);
    }
  });
}

async function measureSlowFeeds(bodies: Map<string, Buffer>): Promise<{ ms: number; peakRssMiB: number; peakHeapMiB: number }> {
  const servers = await Promise.all(Array.from({ length: SLOW_SERVERS }, () => startServer(bodies, DELAY_MS)));
  const names = [...bodies.keys()];
  const urls = Array.from({ length: SLOW_FEEDS }, (_, index) => `${servers[index % SLOW_SERVERS]!.url}/${index}-${names[index % names.length]}`);

  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  const sampler = setInterval(sample, 10);

  const ms = await withContext((context) => timed(() => collectFeeds(context, { sources: urls })));
  clearInterval(sampler);
  sample();

  await Promise.all(servers.map((server) => server.close()));
  return { ms, peakRssMiB: peakRss / 2 ** 20, peakHeapMiB: peakHeap / 2 ** 20 };
}

async function withContext<T>(work: (context: AppContext) => Promise<T>): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ads-bench-collect-'));
  const configPath = path.join(dataDir, 'config.yaml');
  fs.writeFileSync(configPath, '{}\n');
  const context = createContext({ env: { DATA_DIR: dataDir, CONFIG: configPath }, logger: silentLogger() });
  try {
    return await work(context);
  } finally {
    context.db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** Run each measure once to warm up, then RUNS times in turn; returns the median of each. */
async function mediansOf(measures: (() => Promise<number>)[]): Promise<number[]> {
  for (const measure of measures) await measure();

  const times: number[][] = measures.map(() => []);
  for (let run = 0; run < RUNS; run += 1) {
    for (const [index, measure] of measures.entries()) times[index]!.push(await measure());
  }
  return times.map((series) => series.sort((a, b) => a - b)[Math.floor(series.length / 2)]!);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench collect failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});

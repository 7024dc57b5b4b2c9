import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pino from 'pino';
import { createContext } from '../src/context';
import { buildServer } from '../src/server/app';
import { writeTransaction } from '../src/store/db';
import { addSubscriber } from '../src/subscriptions/list';
import { signToken } from '../src/subscriptions/tokens';

/**
 * 10 000 RFC 8058 one-click POSTs from autocannon on loopback against the real server
 * (buildServer, SQLite in a temp DATA_DIR, request logging at info level to /dev/null).
 * The server runs in a child process, so the load generator does not share its event loop.
 * Each request unsubscribes a different subscriber, so every one writes to the database.
 * Run: `npx tsx bench/unsubscribe.ts [requests] [connections]`. Prints a markdown section.
 */
const REQUESTS = Number(process.argv[2] ?? 10_000);
const CONNECTIONS = Number(process.argv[3] ?? 50);
const SERVER_ROLE = '--serve';

interface ServerReady {
  url: string;
  paths: string[];
}

/** Fill a fresh database, start the server and send its URL and paths to the parent (child process). */
async function serve(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ads-bench-unsubscribe-'));
  const configPath = path.join(dataDir, 'config.yaml');
  fs.writeFileSync(configPath, '{}\n');
  const logger = pino({ level: 'info' }, pino.destination('/dev/null'));
  const context = createContext({ env: { DATA_DIR: dataDir, CONFIG: configPath, PUBLIC_URL: 'http://127.0.0.1:8787' }, logger });

  // One confirmed subscriber per request, each with its own unsubscribe path.
  const paths = writeTransaction(context.db, () =>
    Array.from({ length: REQUESTS }, (_, index) => {
      const { subscriber } = addSubscriber(context.db, { email: `reader${index}@example.com`, confirmed: true });
      return `/u/${signToken(context.secret, subscriber.id, 'unsubscribe')}`;
    }),
  );

  const app = await buildServer(context);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  process.send?.({ url, paths } satisfies ServerReady);

  // The parent's next message requests the count of unsubscribed rows, then the child exits.
  process.on('message', async () => {
    const unsubscribed = context.db.prepare("SELECT count(*) FROM subscribers WHERE status = 'unsubscribed'").pluck().get() as number;
    await app.close();
    context.db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.send?.({ unsubscribed }, () => process.exit(0));
  });
}

/** Start the server child, send the POSTs and print the report (parent process). */
async function load(): Promise<void> {
  const child = fork(__filename, [String(REQUESTS), String(CONNECTIONS), SERVER_ROLE], { execArgv: ['--import', 'tsx'] });
  const { url, paths } = await nextMessage<ServerReady>(child);

  let next = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    amount: REQUESTS,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
        setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] as string }),
      },
    ],
  });

  child.send('done');
  const { unsubscribed } = await nextMessage<{ unsubscribed: number }>(child);
  printReport(result, unsubscribed);
  if (result.errors > 0 || result.non2xx > 0 || unsubscribed !== REQUESTS) process.exitCode = 1;
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('exit', (code) => reject(new Error(`benchmark server exited with code ${code}`)));
  });
}

function printReport(result: autocannon.Result, unsubscribed: number): void {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '## Unsubscribe',
    '',
    `Command: \`npx tsx bench/unsubscribe.ts ${REQUESTS} ${CONNECTIONS}\``,
    `Machine: ${cpu}, ${os.cpus().length} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`,
    '',
    '| measure | value |',
    '|---|---|',
    `| requests sent | ${result.requests.sent} |`,
    `| 2xx responses | ${result['2xx']} |`,
    `| non-2xx responses | ${result.non2xx} |`,
    `| errors (connection, timeout) | ${result.errors + result.timeouts} |`,
    `| subscribers unsubscribed | ${unsubscribed} of ${REQUESTS} |`,
    `| throughput, requests/s | ${Math.round(result.requests.total / result.duration)} |`,
    `| latency p50 / p99 / max, ms | ${result.latency.p50} / ${result.latency.p99} / ${result.latency.max} |`,
    `| duration, s | ${result.duration.toFixed(1)} |`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

void (process.argv.includes(SERVER_ROLE) ? serve() : load());

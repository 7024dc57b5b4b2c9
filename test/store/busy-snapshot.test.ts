import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { writeTransaction, type Database } from '../../src/store/db';
import { describeShared, readCase } from '../helpers/shared';

interface BusyCase {
  setup_sql: string[];
  interleaving: Array<{ conn: string; sql: string }>;
}

interface WorkerResult {
  ok: boolean;
  code?: string;
  waitedMs?: number;
}

// Signal slots shared with connection B's thread.
const GO = 0;
const STARTED = 1;
const DONE = 2;

/**
 * Connection B runs in its own thread, because a blocked SQLite call blocks its thread: it
 * opens the file, waits for GO, runs its statement and reports how long it waited.
 */
const CONNECTION_B = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const signal = new Int32Array(workerData.signal);
const db = new Database(workerData.file, { timeout: 5000 });
db.pragma('journal_mode = WAL');
parentPort.postMessage('ready');
Atomics.wait(signal, ${GO}, 0);
Atomics.store(signal, ${STARTED}, 1);
Atomics.notify(signal, ${STARTED});
const started = Date.now();
let result;
try {
  db.prepare(workerData.sql).run();
  result = { ok: true, waitedMs: Date.now() - started };
} catch (error) {
  result = { ok: false, code: error.code };
}
db.close();
Atomics.store(signal, ${DONE}, 1);
Atomics.notify(signal, ${DONE});
parentPort.postMessage(result);
`;

function pause(signal: Int32Array, ms: number): void {
  Atomics.wait(signal, 3, 0, ms);
}

describeShared('write transaction against a concurrent writer', () => {
  const busyCase = JSON.parse(readCase('B25-sqlite-busy-snapshot.json').toString('utf8')) as BusyCase;
  const statementsOf = (conn: string) => busyCase.interleaving.filter((step) => step.conn.startsWith(conn)).map((step) => step.sql);
  const [, selectA, updateA] = statementsOf('A') as [string, string, string];
  const [updateB] = statementsOf('B') as [string];

  let dir: string;
  let file: string;
  let connectionA: Database;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ads-busy-'));
    file = path.join(dir, 'busy.sqlite');
    connectionA = new BetterSqlite3(file, { timeout: 5000 });
    connectionA.pragma('journal_mode = WAL');
    for (const sql of busyCase.setup_sql) connectionA.exec(sql);
  });

  afterEach(() => {
    connectionA.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function startConnectionB(signal: Int32Array): Promise<{ result: Promise<WorkerResult> }> {
    const worker = new Worker(CONNECTION_B, { eval: true, workerData: { file, sql: updateB, signal: signal.buffer, modulePath: require.resolve('better-sqlite3') } });
    const messages: unknown[] = [];
    let onMessage: () => void = () => undefined;
    worker.on('message', (message) => {
      messages.push(message);
      onMessage();
    });
    await new Promise<void>((resolve) => {
      onMessage = () => messages.length >= 1 && resolve();
    });
    const result = new Promise<WorkerResult>((resolve, reject) => {
      worker.on('error', reject);
      onMessage = () => messages.length >= 2 && resolve(messages[1] as WorkerResult);
    });
    return { result };
  }

  test('immediate transaction makes B wait', async () => {
    const signal = new Int32Array(new SharedArrayBuffer(16));
    const b = await startConnectionB(signal);

    const selected = writeTransaction(connectionA, () => {
      const rows = connectionA.prepare(selectA).all();
      Atomics.store(signal, GO, 1);
      Atomics.notify(signal, GO);
      Atomics.wait(signal, STARTED, 0, 2000);
      pause(signal, 200);
      connectionA.prepare(updateA).run();
      return rows;
    });
    const resultB = await b.result;

    expect(selected).toHaveLength(2);
    expect(resultB.ok).toBe(true);
    expect(resultB.waitedMs).toBeGreaterThanOrEqual(100);
    expect(connectionA.prepare('SELECT id FROM items WHERE sent = 1 ORDER BY id').pluck().all()).toEqual([1, 2]);
    expect(connectionA.prepare('SELECT status FROM subscribers WHERE id = 1').pluck().get()).toBe('unsubscribed');
  });

  test('deferred transaction fails with BUSY_SNAPSHOT', async () => {
    const signal = new Int32Array(new SharedArrayBuffer(16));
    const b = await startConnectionB(signal);

    const deferred = connectionA.transaction(() => {
      connectionA.prepare(selectA).all();
      Atomics.store(signal, GO, 1);
      Atomics.notify(signal, GO);
      Atomics.wait(signal, DONE, 0, 5000);
      connectionA.prepare(updateA).run();
    });

    expect(() => deferred()).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY_SNAPSHOT' }));
    expect((await b.result).ok).toBe(true);
  });
});

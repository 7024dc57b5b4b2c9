import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createContext, type AppContext } from '../../src/context';
import type { Logger } from '../../src/log';
import { localDateOf } from '../../src/schedule/clock';
import type { JobBodies, SendOutcome } from '../../src/schedule/job-bodies';
import { getIssueByDate, setIssueStatus } from '../../src/store/issues';

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** Create a debug-level pino logger that keeps every line it writes, parsed. */
export function captureLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) };
  return { logger: pino({ level: 'debug' }, stream), lines };
}

export function makeDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ads-schedule-'));
}

/** Open a context on `dataDir` (one daemon's view of it) with the given `schedule` config section. */
export function createScheduleContext(dataDir: string, schedule: Record<string, unknown>, logger: Logger, env: Record<string, string> = {}): AppContext {
  const configPath = path.join(dataDir, 'config.yaml');
  fs.writeFileSync(configPath, JSON.stringify({ schedule }) + '\n');
  return createContext({ env: { DATA_DIR: dataDir, CONFIG: configPath, PUBLIC_URL: 'http://127.0.0.1:8787', ...env }, logger });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Calls that the fake bodies received, in order. */
export interface BodyCalls {
  collect: number;
  compose: number;
  send: number[];
  /** Deliveries made, as `issueId:subscriberNumber`; a repeat would mean a second email. */
  deliveries: string[];
}

/**
 * Create fake stage functions on a real database. Compose stores a draft issue for the local
 * date of `now`. Send marks the issue sent after delivering to `subscribers` fake recipients once each.
 */
export function fakeBodies(options: { durationMs?: number; subscribers?: number } = {}): { bodies: JobBodies; calls: BodyCalls } {
  const calls: BodyCalls = { collect: 0, compose: 0, send: [], deliveries: [] };
  const durationMs = options.durationMs ?? 0;
  const subscribers = options.subscribers ?? 2;

  const bodies: JobBodies = {
    async collect() {
      calls.collect += 1;
      await sleep(durationMs);
      return { feeds: [], feedsOk: 0, feedsFailed: 0, itemsNew: 0, durationMs };
    },

    async compose(context, { now }) {
      calls.compose += 1;
      await sleep(durationMs);
      const issueDate = localDateOf(now, context.config.schedule.timezone);
      const result = context.db
        .prepare("INSERT INTO issues (issue_date, status, digest_json, composer, created_at) VALUES (?, 'draft', '{}', 'offline', ?)")
        .run(issueDate, now.toISOString());
      return { issueId: Number(result.lastInsertRowid), issueDate, composer: 'offline', themeCount: 2, itemCount: 5, fallbackReason: null };
    },

    async send(context, issueId): Promise<SendOutcome> {
      calls.send.push(issueId);
      setIssueStatus(context.db, issueId, 'sending');
      await sleep(durationMs);
      let sent = 0;
      for (let subscriber = 1; subscriber <= subscribers; subscriber += 1) {
        const key = `${issueId}:${subscriber}`;
        if (calls.deliveries.includes(key)) continue;
        calls.deliveries.push(key);
        sent += 1;
      }
      setIssueStatus(context.db, issueId, 'sent');
      return { issueId, sent, failed: 0, bounced: 0, skipped: 0, alreadySent: false, durationMs };
    },
  };
  return { bodies, calls };
}

/** Insert the issue of a date with a status, as compose and approve would leave it. */
export function insertIssue(context: AppContext, issueDate: string, status: 'draft' | 'approved' | 'sent'): number {
  context.db
    .prepare("INSERT INTO issues (issue_date, status, digest_json, composer, created_at) VALUES (?, ?, '{}', 'offline', ?)")
    .run(issueDate, status, new Date().toISOString());
  return getIssueByDate(context.db, issueDate)!.id;
}

export function removeDataDir(dataDir: string): void {
  fs.rmSync(dataDir, { recursive: true, force: true });
}

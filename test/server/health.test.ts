import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createContext, type AppContext } from '../../src/context';
import { createDailyScheduler } from '../../src/schedule/daily-service';
import { productionJobBodies } from '../../src/schedule/production-bodies';
import type { ServiceStatus } from '../../src/schedule/status';
import { buildServer } from '../../src/server/app';
import { startHttpServer, type TestServer } from '../helpers/http-server';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { captureLogger, makeDataDir, removeDataDir } from '../schedule/helpers';

/** Build an RSS feed of three stories published in the last hours, so today's issue has items. */
function freshFeed(): string {
  const items = [1, 2, 3]
    .map((index) => {
      const published = new Date(Date.now() - index * 3_600_000).toUTCString();
      return `<item><title>Story ${index}</title><link>https://example.com/story-${index}</link><guid>story-${index}</guid><pubDate>${published}</pubDate><description>Story ${index} reports a model release and what its evaluation found.</description></item>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Working feed</title><link>https://example.com/</link><description>d</description>${items}</channel></rss>`;
}

async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

describe('health and status endpoints', () => {
  let dataDir: string;
  let context: AppContext;
  let feeds: TestServer;
  let sink: SmtpSink;
  let app: FastifyInstance | null = null;

  beforeEach(async () => {
    dataDir = makeDataDir();
    sink = await startSmtpSink();
    feeds = await startHttpServer((request, response) => {
      if (request.url === '/working.xml') response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(freshFeed());
      else response.writeHead(500).end('internal error');
    });

    const configPath = path.join(dataDir, 'config.yaml');
    const config = {
      feeds: [{ url: `${feeds.url}/working.xml` }, { url: `${feeds.url}/broken.xml?token=abc`, title: 'Broken feed' }],
      schedule: { timezone: 'UTC', composeAt: '00:00', sendAt: '00:00', collectEveryMinutes: 30 },
    };
    fs.writeFileSync(configPath, JSON.stringify(config));
    context = createContext({ env: { DATA_DIR: dataDir, CONFIG: configPath, PUBLIC_URL: 'http://127.0.0.1:8787', SMTP_URL: sink.url }, logger: captureLogger().logger });
    context.db.prepare("INSERT INTO subscribers (email, status, source, created_at, confirmed_at) VALUES ('reader@example.com', 'confirmed', 'operator', ?, ?)").run(new Date().toISOString(), new Date().toISOString());
  });

  afterEach(async () => {
    await app?.close();
    app = null;
    await feeds.close();
    await sink.close();
    context.db.close();
    removeDataDir(dataDir);
  });

  test('healthz is 200 while writable', async () => {
    app = await buildServer(context);
    const base = await listen(app);

    const response = await fetch(`${base}/healthz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  test('healthz is 503 when read-only', async () => {
    app = await buildServer(context);
    const base = await listen(app);
    context.db.pragma('query_only = ON');

    const response = await fetch(`${base}/healthz`);

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', reason: 'database not writable' });
  });

  test('status after a day with a failing feed', async () => {
    const scheduler = createDailyScheduler(context, productionJobBodies());
    await scheduler.start();
    await scheduler.stop();
    app = await buildServer(context);
    const base = await listen(app);

    const response = await fetch(`${base}/status`);
    const status = (await response.json()) as ServiceStatus;

    expect(response.status).toBe(200);
    expect(status.lastCollect).toMatchObject({ status: 'ok', summary: { feedsOk: 1, feedsFailed: 1 } });
    expect(status.lastCollect?.summary.failedFeeds).toEqual([expect.objectContaining({ title: 'Broken feed', url: `${feeds.url}/broken.xml` })]);
    expect(status.failingFeeds).toEqual([expect.objectContaining({ title: 'Broken feed', failureCount: 1 })]);
    expect(status.lastIssue).toMatchObject({ status: 'sent', deliveries: { sent: 1, failed: 0, bounced: 0, queued: 0, sending: 0 } });
    expect(status.lastSend).toMatchObject({ status: 'ok', trigger: 'catch-up', summary: { sent: 1 } });
    expect(Date.parse(status.nextRuns.send)).toBeGreaterThan(Date.now());
    expect(JSON.stringify(status)).not.toContain('reader@example.com');
    expect(JSON.stringify(status)).not.toContain('token=abc');
    if (process.env.PRINT_STATUS_SAMPLE === '1') process.stdout.write(JSON.stringify(status, null, 2) + '\n');
  });
});

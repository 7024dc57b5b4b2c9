import type { AppContext } from '../../src/context';
import { toLocalParts } from '../../src/schedule/clock';
import { createDailyScheduler } from '../../src/schedule/daily-service';
import { productionJobBodies } from '../../src/schedule/production-bodies';
import { describeShared, readCase } from '../helpers/shared';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { captureLogger, createScheduleContext, makeDataDir, removeDataDir, type LogLine } from './helpers';

interface DoubleTriggerCase {
  issue_date: string;
  timezone: string;
  subscribers: Array<{ id: number; address: string; status: string }>;
  triggers: Array<{ at_utc: string; source: string }>;
}

/** Three stories published the hours before the issue date's send time, from one feed. */
function seedItems(context: AppContext, before: Date): void {
  const { db } = context;
  const feedId = db.prepare("INSERT INTO feeds (url, title, created_at) VALUES ('https://feeds.example.com/ai.xml', 'Example AI', ?)").run(before.toISOString()).lastInsertRowid;
  const insert = db.prepare(
    `INSERT INTO items (feed_id, dedup_key, guid, link, title, published_at, first_seen_at, summary, text, html)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (let index = 1; index <= 3; index += 1) {
    const published = new Date(before.getTime() - index * 3_600_000).toISOString();
    const text = `Story ${index} describes a new model release and its evaluation results in detail.`;
    insert.run(feedId, `example.com/story-${index}`, `story-${index}`, `https://example.com/story-${index}`, `Story ${index}`, published, published, text, text, `<p>${text}</p>`);
  }
}

function seedSubscribers(context: AppContext, subscribers: DoubleTriggerCase['subscribers']): void {
  const insert = context.db.prepare("INSERT INTO subscribers (email, status, source, created_at, confirmed_at) VALUES (?, 'confirmed', 'operator', ?, ?)");
  for (const subscriber of subscribers) insert.run(subscriber.address, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z');
}

describeShared('daily send triggered twice', () => {
  const triggerCase = JSON.parse(readCase('B31-double-trigger.json').toString('utf8')) as DoubleTriggerCase;
  const [cronTrigger, restartTrigger] = triggerCase.triggers.map((trigger) => new Date(trigger.at_utc)) as [Date, Date];
  const schedule = { timezone: triggerCase.timezone, composeAt: '06:30', sendAt: toLocalParts(cronTrigger, triggerCase.timezone).time };

  let dataDir: string;
  let sink: SmtpSink;
  const contexts: AppContext[] = [];

  beforeEach(async () => {
    dataDir = makeDataDir();
    sink = await startSmtpSink();
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) if (context.db.open) context.db.close();
    await sink.close();
    removeDataDir(dataDir);
  });

  function openDaemonContext(): { context: AppContext; lines: LogLine[] } {
    const captured = captureLogger();
    const context = createScheduleContext(dataDir, schedule, captured.logger, { SMTP_URL: sink.url });
    contexts.push(context);
    return { context, lines: captured.lines };
  }

  test('second trigger sends nothing', async () => {
    // The scheduled tick composes and sends the issue of the date.
    const first = openDaemonContext();
    seedItems(first.context, cronTrigger);
    seedSubscribers(first.context, triggerCase.subscribers);
    const cronDaemon = createDailyScheduler(first.context, productionJobBodies(), { now: () => cronTrigger, checkOnStart: false });
    expect(await cronDaemon.tick('compose')).toBe('ran');
    expect(await cronDaemon.tick('send')).toBe('ran');
    await cronDaemon.stop();
    first.context.db.close();

    // A restarted process checks its jobs on boot, then runs the send job by hand as well.
    const second = openDaemonContext();
    const restartedDaemon = createDailyScheduler(second.context, productionJobBodies(), { now: () => restartTrigger });
    await restartedDaemon.start();
    expect(await restartedDaemon.runNow('send', triggerCase.issue_date)).toBe('ran');
    await restartedDaemon.stop();

    const recipients = sink.messages.flatMap((message) => message.envelopeTo).sort();
    const sendRuns = second.context.db.prepare("SELECT status, summary_json FROM job_runs WHERE job = 'send' ORDER BY id").all() as Array<{ status: string; summary_json: string }>;
    expect(sink.messages).toHaveLength(2);
    expect(recipients).toEqual(triggerCase.subscribers.map((subscriber) => subscriber.address).sort());
    expect(sendRuns.map((run) => run.status)).toEqual(['ok', 'skipped']);
    expect(JSON.parse(sendRuns[1]!.summary_json)).toMatchObject({ reason: 'already-sent' });
    expect(second.lines.some((line) => line.msg === 'job not due' && line.job === 'send' && String(line.reason).includes('already sent'))).toBe(true);
    expect(second.lines.some((line) => line.msg === 'issue already sent; nothing to send' && line.level === 30)).toBe(true);
  });
});

import cliProgress from 'cli-progress';
import type { Logger } from '../log';

/** Running totals of a send, for the progress bar and the periodic log line. */
export interface SendCounts {
  sent: number;
  failed: number;
  bounced: number;
  skipped: number;
}

export interface ProgressReporter {
  update(counts: SendCounts): void;
  stop(): void;
}

const LOG_EVERY_MS = 5_000;

/**
 * Report send progress: a bar on stderr when it is a terminal and `bar` is set, otherwise one
 * log line every 5 s with the counts, the rate and the messages remaining.
 */
export function startProgress(options: { total: number; bar: boolean; logger: Logger; issueId: number }): ProgressReporter {
  const start = performance.now();
  let latest: SendCounts = { sent: 0, failed: 0, bounced: 0, skipped: 0 };
  const done = (counts: SendCounts) => counts.sent + counts.failed + counts.bounced + counts.skipped;

  if (options.bar && process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: 'sending |{bar}| {value}/{total} | sent {sent} failed {failed} bounced {bounced} | {speed}/s | ETA {eta_formatted}',
        stream: process.stderr,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(options.total, 0, { sent: 0, failed: 0, bounced: 0, speed: 0 });
    return {
      update(counts) {
        latest = counts;
        bar.update(done(counts), { ...counts, speed: Math.round(counts.sent / Math.max(0.001, (performance.now() - start) / 1000)) });
      },
      stop: () => bar.stop(),
    };
  }

  const timer = setInterval(() => {
    const seconds = (performance.now() - start) / 1000;
    options.logger.info(
      { issueId: options.issueId, ...latest, remaining: options.total - done(latest), messagesPerSecond: Math.round(latest.sent / Math.max(0.001, seconds)) },
      'send progress',
    );
  }, LOG_EVERY_MS);
  timer.unref();
  return {
    update(counts) {
      latest = counts;
    },
    stop: () => clearInterval(timer),
  };
}

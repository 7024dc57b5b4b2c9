import type { Command } from 'commander';
import type { CollectReport } from '../../collect/collect';
import { AppError } from '../../errors';
import { printLine } from '../output';

interface CollectFlags {
  feeds?: string[];
}

export function registerCollectCommand(program: Command): void {
  program
    .command('collect')
    .description('fetch feeds into the database only (the configured feeds and those added with "feeds add")')
    .option(
      '--feeds <P...>',
      'feed URLs, feed files or folders of feed files to collect instead of the configured feeds (files are listed as file:// URLs)',
    )
    .action(async (flags: CollectFlags) => {
      const { createContext } = await import('../../context');
      const { collectFeeds } = await import('../../collect/collect');
      const context = createContext();
      try {
        const report = await collectFeeds(context, { sources: flags.feeds });
        printCollectSummary(report);
        if (report.feeds.length > 0 && report.feeds.every((feed) => feed.status === 'failed')) {
          throw new AppError('NO_FEEDS', `all ${report.feeds.length} feeds failed (listed above); check the network or the feed URLs`);
        }
      } finally {
        context.db.close();
      }
    });
}

/** Print feeds ok and failed, items new, and one line per failed or skipped feed with its reason. */
export function printCollectSummary(report: CollectReport): void {
  const notModified = report.feeds.filter((feed) => feed.status === 'not-modified').length;
  const skipped = report.feeds.filter((feed) => feed.status === 'skipped').length;
  const extras = [notModified ? `${notModified} not modified` : '', skipped ? `${skipped} skipped` : ''].filter(Boolean).join(', ');

  printLine(`feeds: ${report.feedsOk} ok, ${report.feedsFailed} failed${extras ? ` (${extras})` : ''}; ${report.itemsNew} new items in ${report.durationMs} ms`);
  for (const feed of report.feeds) {
    if (feed.status === 'failed') printLine(`  failed: ${feed.url}: ${feed.error ?? 'unknown error'}`);
    if (feed.status === 'skipped') printLine(`  skipped: ${feed.url}: ${feed.error ?? ''}`);
  }
}

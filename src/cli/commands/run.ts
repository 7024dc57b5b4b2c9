import type { Command } from 'commander';
import type { RunReport } from '../../pipeline/run-daily';
import { printLine } from '../output';

interface RunFlags {
  feeds?: string[];
  since?: string;
  draft?: boolean;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run the main job once: collect, compose the issue, render, deliver to every confirmed subscriber')
    .option('--feeds <P...>', 'feed URLs, feed files or folders of feed files to collect instead of the configured feeds')
    .option('--since <T>', 'compose from items since T, an ISO date or a duration such as 36h or 7d (default: new since the last issue)')
    .option('--draft', 'stop before delivery and leave the issue as a draft')
    .action(async (flags: RunFlags) => {
      const { parseSince } = await import('../../compose/since');
      const { createContext } = await import('../../context');
      const { runDaily } = await import('../../pipeline/run-daily');
      const context = createContext();
      try {
        const since = flags.since === undefined ? undefined : parseSince(flags.since, new Date());
        const report = await runDaily(context, { sources: flags.feeds, since, draft: flags.draft === true });
        printRunSummary(report);
      } finally {
        context.db.close();
      }
    });
}

/** Print what the run did: feeds, items, themes, composer, preview file, messages sent and where. */
export function printRunSummary(report: RunReport): void {
  if (report.collect) {
    const { feedsOk, feedsFailed, itemsNew } = report.collect;
    printLine(`feeds:    ${feedsOk} ok, ${feedsFailed} failed; ${itemsNew} new items`);
    for (const feed of report.collect.feeds.filter((result) => result.status === 'failed')) {
      printLine(`  failed: ${feed.url}: ${feed.error ?? 'unknown error'}`);
    }
  }

  if (report.compose) {
    const { issueId, issueDate, themeCount, itemCount, composer, fallbackReason } = report.compose;
    printLine(`issue:    #${issueId} for ${issueDate}: ${themeCount} themes from ${itemCount} items, composer ${composer}`);
    if (fallbackReason) printLine(`  fallback: ${fallbackReason}`);
    if (report.compose.replaced) {
      const { issueId: replacedId, operatorEdits } = report.compose.replaced;
      printLine(`  replaced draft #${replacedId}${operatorEdits > 0 ? `, discarding its ${operatorEdits} operator edits` : ''}`);
    }
  } else if (report.composeSkipped) {
    printLine(`issue:    ${report.composeSkipped}`);
  }

  if (report.previewFile) printLine(`preview:  ${report.previewFile}`);

  if (report.send) {
    const { sent, failed, bounced, alreadySent, destination } = report.send;
    const detail = alreadySent ? ' (already sent earlier)' : '';
    printLine(`sent:     ${sent} messages to ${destination}; ${failed} failed, ${bounced} bounced${detail}`);
  } else if (report.sendSkipped) {
    printLine(`sent:     0 messages: ${report.sendSkipped}`);
  }
}

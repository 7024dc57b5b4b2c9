import type { Command } from 'commander';
import type { SendReport } from '../../send/send';
import { printLine } from '../output';

/** `send <id|latest> [--test ADDRESS...]`: deliver an issue, or test copies of it. */
export function registerSendCommand(program: Command): void {
  program
    .command('send')
    .description('deliver an issue to every confirmed subscriber, continuing an interrupted send; an issue already sent is not sent again')
    .argument('<issue>', 'issue id, or "latest" for the newest issue not cancelled')
    .option('--test <ADDRESS...>', 'send one copy to each address only, marked [test]; no subscriber is mailed and nothing is recorded')
    .action(async (reference: string, options: { test?: string[] }) => {
      const { createContext } = await import('../../context');
      const { resolveIssue } = await import('../../store/issues');
      const { sendIssue, sendTestCopy } = await import('../../send/send');
      const { countDeliveries } = await import('../../store/deliveries');

      const context = createContext();
      try {
        const issue = resolveIssue(context.db, reference);
        if (options.test) {
          const result = await sendTestCopy(context, issue.id, options.test);
          printLine(`issue ${issue.id}: ${result.messageIds.length} test ${result.messageIds.length === 1 ? 'copy' : 'copies'} sent to ${result.destination}`);
          return;
        }

        // Stop taking new messages on Ctrl-C or a service stop; the in-flight ones are recorded.
        const controller = new AbortController();
        const stop = () => controller.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          const report = await sendIssue(context, issue.id, { signal: controller.signal, progress: true });
          printSendSummary(report);
          if (controller.signal.aborted) {
            const remaining = countDeliveries(context.db, issue.id);
            printLine(`stopped: ${remaining.queued + remaining.failed} messages remain; run \`ai-daily-summary send ${issue.id}\` to continue`);
          }
        } finally {
          process.removeListener('SIGINT', stop);
          process.removeListener('SIGTERM', stop);
        }
      } finally {
        context.db.close();
      }
    });
}

/** Print the outcome of a send: counts, duration, rate and destination. */
export function printSendSummary(report: SendReport): void {
  if (report.alreadySent) {
    printLine(`issue ${report.issueId} was already sent; nothing sent`);
    return;
  }
  printLine(`issue ${report.issueId}: ${report.sent} sent, ${report.failed} failed, ${report.bounced} bounced, ${report.skipped} skipped`);
  printLine(`took ${(report.durationMs / 1000).toFixed(1)} s (${report.messagesPerSecond} messages/s) to ${report.destination}`);
}

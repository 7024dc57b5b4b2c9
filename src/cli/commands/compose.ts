import type { Command } from 'commander';
import { printLine } from '../output';

/** `compose [--since T]`: compose the draft issue of today from the new items. */
export function registerComposeCommand(program: Command): void {
  program
    .command('compose')
    .description('compose a draft issue from the items not yet in an issue and print its id')
    .option('--since <T>', 'take items dated since T: an ISO date (2026-12-01) or a duration before now (36h, 7d)')
    .action(async (options: { since?: string }) => {
      const { createContext } = await import('../../context');
      const { composeIssue } = await import('../../compose/compose');
      const { parseSince } = await import('../../compose/since');

      const now = new Date();
      const since = options.since === undefined ? undefined : parseSince(options.since, now);
      const context = createContext();
      try {
        const result = await composeIssue(context, { since, now });
        printLine(`issue ${result.issueId} (${result.issueDate}) composed as a draft`);
        printLine(`composer: ${result.composer}${result.fallbackReason ? ` (fallback: ${result.fallbackReason})` : ''}`);
        printLine(`themes: ${result.themeCount}, items: ${result.itemCount}`);
        if (result.replaced) {
          const { issueId, operatorEdits } = result.replaced;
          const edits = operatorEdits > 0 ? `, discarding its ${operatorEdits} operator edits` : '';
          printLine(`replaced: draft ${issueId} of the same date is cancelled${edits}`);
        }
      } finally {
        context.db.close();
      }
    });
}

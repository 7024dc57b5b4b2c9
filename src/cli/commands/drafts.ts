import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { printJson, printLine } from '../output';

const ISSUE_ARGUMENT = ['<issue>', 'issue id, or "latest" for the newest issue not cancelled'] as const;

/**
 * `drafts list|approve|discard|export`, and `approve <issue>` as a shortcut: the operator's
 * review of issues from the command line, matching the /admin pages.
 */
export function registerDraftsCommands(program: Command): void {
  const drafts = program
    .command('drafts')
    .description('list issues and approve, discard or export one (the operator pages under /admin do the same)');

  drafts
    .command('list')
    .description('list issues, newest first: id, date, status, composer, theme and item counts, subject')
    .option('--all', 'include cancelled issues')
    .option('--limit <N>', 'maximum number of issues to list', '30')
    .option('--json', 'print JSON instead of one line per issue')
    .action(async (options: { all?: boolean; limit: string; json?: boolean }) => listCommand(options));

  drafts
    .command('approve')
    .description('approve a draft so that the scheduled send delivers it (needed when schedule.approval is manual)')
    .argument(...ISSUE_ARGUMENT)
    .action(async (reference: string) => approveCommand(reference));

  drafts
    .command('discard')
    .description('cancel a draft or approved issue; its date is then free for a new compose')
    .argument(...ISSUE_ARGUMENT)
    .action(async (reference: string) => discardCommand(reference));

  drafts
    .command('export')
    .description('write an issue as Markdown: themes with key items, conclusion, top sources, sources')
    .argument(...ISSUE_ARGUMENT)
    .option('--out <FILE>', 'file to write (default: print to stdout)')
    .action(async (reference: string, options: { out?: string }) => exportCommand(reference, options));

  program
    .command('approve')
    .description('approve a draft (same as `drafts approve`)')
    .argument(...ISSUE_ARGUMENT)
    .action(async (reference: string) => approveCommand(reference));
}

async function listCommand(options: { all?: boolean; limit: string; json?: boolean }): Promise<void> {
  const limit = Number(options.limit);
  const { AppError } = await import('../../errors');
  if (!Number.isInteger(limit) || limit < 1) throw new AppError('USAGE', `--limit ${options.limit} is not a positive integer; pass a number such as 30`);

  const { listIssues } = await import('../../archive/issue-list');
  await withContext((context) => {
    const entries = listIssues(context.db, { includeCancelled: options.all === true, limit });
    if (options.json === true) {
      printJson(entries.map(({ issue, themeCount, itemCount }) => ({
        id: issue.id,
        issueDate: issue.issue_date,
        status: issue.status,
        composer: issue.composer,
        fallbackReason: issue.fallback_reason,
        themeCount,
        itemCount,
        subject: issue.subject,
      })));
      return;
    }

    if (entries.length === 0) printLine('no issue yet; run `ai-daily-summary compose` to make a draft');
    for (const { issue, themeCount, itemCount } of entries) {
      const fallback = issue.fallback_reason ? ' (fallback)' : '';
      printLine(`${issue.id}\t${issue.issue_date}\t${issue.status}\t${issue.composer}${fallback}\t${themeCount} themes\t${itemCount} items\t${issue.subject}`);
    }
  });
}

async function approveCommand(reference: string): Promise<void> {
  const { approveIssue } = await import('../../archive/issue-actions');
  const { resolveIssue } = await import('../../store/issues');
  await withContext((context) => {
    const issue = approveIssue(context.db, resolveIssue(context.db, reference).id);
    context.logger.info({ issueId: issue.id }, 'issue approved');
    printLine(`issue ${issue.id} (${issue.issue_date}) is approved; the scheduled send delivers it, or run \`ai-daily-summary send ${issue.id}\` now`);
  });
}

async function discardCommand(reference: string): Promise<void> {
  const { discardIssue } = await import('../../archive/issue-actions');
  const { resolveIssue } = await import('../../store/issues');
  await withContext((context) => {
    const issue = discardIssue(context.db, resolveIssue(context.db, reference).id);
    context.logger.info({ issueId: issue.id }, 'issue discarded');
    printLine(`issue ${issue.id} (${issue.issue_date}) is cancelled`);
  });
}

async function exportCommand(reference: string, options: { out?: string }): Promise<void> {
  const { loadIssueView } = await import('../../archive/issue-view');
  const { issueToMarkdown } = await import('../../archive/markdown');
  const { resolveIssue } = await import('../../store/issues');
  await withContext((context) => {
    const view = loadIssueView(context.db, resolveIssue(context.db, reference).id);
    const markdown = issueToMarkdown(view, context.config.newsletter.title);
    if (options.out === undefined) {
      process.stdout.write(markdown);
      return;
    }

    const file = path.resolve(options.out);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, markdown);
    printLine(file);
  });
}

async function withContext(work: (context: import('../../context').AppContext) => void): Promise<void> {
  const { createContext } = await import('../../context');
  const context = createContext();
  try {
    work(context);
  } finally {
    context.db.close();
  }
}

import fs from 'node:fs';
import type { Command } from 'commander';
import { SUBSCRIBER_STATUSES, type SubscriberRow, type SubscriberStatus } from '../../domain';
import { AppError } from '../../errors';
import { printLine } from '../output';

/** `subscribers add|remove|list|import|export`: the operator's view of the list. */
export function registerSubscribersCommand(program: Command): void {
  const subscribers = program.command('subscribers').description('manage the subscriber list and its suppression list');

  subscribers
    .command('add <email>')
    .description('add a subscriber, confirmed at once; a suppressed address stays suppressed')
    .option('--name <name>', 'display name used in the To: header')
    .action(async (email: string, options: { name?: string }) => {
      await withContext(async (context) => {
        const { addSubscriber } = await import('../../subscriptions/list');
        const { subscriber, outcome } = addSubscriber(context.db, { email, name: options.name ?? null, confirmed: true, source: 'operator' });
        printLine(describeAdd(outcome, subscriber));
      });
    });

  subscribers
    .command('remove <email>')
    .description('unsubscribe an address; it stays on the suppression list so that imports cannot re-add it')
    .action(async (email: string) => {
      await withContext(async (context) => {
        const { unsubscribeByEmail } = await import('../../subscriptions/list');
        const { subscriber, changed } = unsubscribeByEmail(context.db, email);
        printLine(changed ? `unsubscribed ${subscriber.email} (id ${subscriber.id})` : `${subscriber.email} was already ${subscriber.status}; nothing changed`);
      });
    });

  subscribers
    .command('list')
    .description('print every subscriber with status and bounce reason')
    .option('--status <status>', `only this status (${SUBSCRIBER_STATUSES.join(', ')})`)
    .action(async (options: { status?: string }) => {
      const status = parseStatus(options.status);
      await withContext(async (context) => {
        const { listSubscribers } = await import('../../subscriptions/list');
        const { formatSubscriberTable } = await import('../../subscriptions/table');
        const rows = listSubscribers(context.db, status);
        printLine(rows.length === 0 ? 'no subscribers' : formatSubscriberTable(rows));
      });
    });

  subscribers
    .command('import <file>')
    .description('import a CSV file (header with email, optional name and status; or email,name rows); exits 1 when any row is invalid')
    .action(async (file: string) => {
      const text = readCsvFile(file);
      await withContext(async (context) => {
        const { importSubscribers } = await import('../../subscriptions/import');
        const summary = importSubscribers(context.db, text);
        for (const error of summary.errors) printLine(`${file}:${error.line}: ${error.message}`);
        printLine(`added ${summary.added}, updated ${summary.updated}, skipped ${summary.skipped} (${summary.suppressed} suppressed), invalid ${summary.invalid}`);
        context.logger.info({ added: summary.added, updated: summary.updated, skipped: summary.skipped, invalid: summary.invalid }, 'subscribers imported');

        // The valid rows are imported either way, and the error exit lets scripts detect the rest.
        if (summary.invalid > 0) {
          throw new AppError('SUBSCRIBER_INVALID', `${summary.invalid} rows of ${file} are invalid (listed above); fix them and import the file again`);
        }
      });
    });

  subscribers
    .command('export')
    .description('write every subscriber, suppressed ones included, as CSV to stdout')
    .action(async () => {
      await withContext(async (context) => {
        const { exportSubscribersCsv } = await import('../../subscriptions/export');
        process.stdout.write(exportSubscribersCsv(context.db));
      });
    });
}

type Context = import('../../context').AppContext;

async function withContext(work: (context: Context) => Promise<void>): Promise<void> {
  const { createContext } = await import('../../context');
  const context = createContext();
  try {
    await work(context);
  } finally {
    context.db.close();
  }
}

function describeAdd(outcome: string, subscriber: SubscriberRow): string {
  if (outcome === 'suppressed') {
    return `suppressed: ${subscriber.email} is ${subscriber.status} and stays off the list until the person subscribes again through the confirmation email`;
  }
  return `${outcome}: ${subscriber.email} (id ${subscriber.id}, ${subscriber.status})`;
}

function parseStatus(value: string | undefined): SubscriberStatus | undefined {
  if (value === undefined) return undefined;
  if (!(SUBSCRIBER_STATUSES as readonly string[]).includes(value)) {
    throw new AppError('USAGE', `--status ${value} is not a subscriber status; use one of ${SUBSCRIBER_STATUSES.join(', ')}`);
  }
  return value as SubscriberStatus;
}

function readCsvFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('USAGE', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; pass the path of a CSV file`);
  }
}

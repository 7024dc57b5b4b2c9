import type { Command } from 'commander';
import { printJson, printLine } from '../output';

/** Operational commands: `backup FILE` and `status`. */
export function registerOpsCommands(program: Command): void {
  program
    .command('backup')
    .argument('<file>', 'where to write the copy, outside DATA_DIR')
    .description('copy the database to FILE with SQLite online backup; safe while serve runs')
    .option('--force', 'replace FILE if it exists')
    .action(async (file: string, flags: { force?: boolean }) => {
      const { createContext } = await import('../../context');
      const { backupDatabase } = await import('../../schedule/backup');

      const context = createContext();
      try {
        const report = await backupDatabase(context.db, file, { overwrite: flags.force === true });
        context.logger.info({ ...report }, 'backup finished');
        printLine(`backup written to ${report.file} (${report.pages} pages, ${report.bytes} bytes, schema ${report.schema ?? 'none'})`);
        if (context.config.secret === null) {
          printLine(`SECRET is not set, so unsubscribe links are signed with ${context.config.dataDir}/secret.key: back up that file too`);
        }
      } finally {
        context.db.close();
      }
    });

  program
    .command('status')
    .description('print what GET /status returns: last collect and its feed failures, last issue and its deliveries, next runs')
    .action(async () => {
      const { createContext } = await import('../../context');
      const { readServiceStatus } = await import('../../schedule/status');

      const context = createContext();
      try {
        printJson(readServiceStatus(context));
      } finally {
        context.db.close();
      }
    });
}

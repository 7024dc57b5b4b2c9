import type { Command } from 'commander';
import { AppError } from '../../errors';
import type { Logger } from '../../log';

interface ServeFlags {
  schedule: boolean;
  grace: string;
}

/** After shutdown, how long to wait for open handles (sockets, timers) before exiting anyway. */
const EXIT_DELAY_MS = 2_000;

/** `serve`: the daily service until SIGTERM or SIGINT. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the daily service: collect, compose and send on the configured schedule, and the HTTP server on HOST:PORT, until SIGTERM or SIGINT')
    .option('--no-schedule', 'serve HTTP only and run no scheduled job (for a second web instance)')
    .option('--grace <seconds>', 'on SIGTERM or SIGINT, seconds a running job may take before it is interrupted', '30')
    .action(async (flags: ServeFlags) => {
      const graceSeconds = Number(flags.grace);
      if (!Number.isFinite(graceSeconds) || graceSeconds < 0) {
        throw new AppError('USAGE', `--grace ${flags.grace} is not a number of seconds; pass a number such as 30`);
      }

      const { createContext } = await import('../../context');
      const { startService } = await import('../../schedule/service');
      const { productionJobBodies } = await import('../../schedule/production-bodies');

      const context = createContext();
      const service = await startService(context, { bodies: productionJobBodies(), schedule: flags.schedule, graceMs: graceSeconds * 1000 });
      await waitForShutdownSignal(context.logger, service.stop);
      setTimeout(() => process.exit(), EXIT_DELAY_MS).unref();
    });
}

/**
 * Resolve once `stop` has finished after the first SIGTERM or SIGINT. A second signal exits at
 * once with status 130, for an operator who will not wait for the grace period.
 */
function waitForShutdownSignal(logger: Logger, stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    let requested = false;

    const onSignal = (signal: NodeJS.Signals) => {
      if (requested) {
        logger.error({ signal }, 'second signal; exiting without waiting for the running job');
        process.exit(130);
      }
      requested = true;
      logger.info({ signal }, 'shutdown requested');
      stop().then(resolve, (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
        resolve();
      });
    };

    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

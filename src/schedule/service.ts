import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { AppError, errorMessage } from '../errors';
import { buildServer } from '../server/app';
import { createDailyScheduler } from './daily-service';
import type { JobBodies } from './job-bodies';
import type { Scheduler, SchedulerOptions } from './scheduler';

export interface ServiceOptions {
  bodies: JobBodies;
  /** False serves HTTP only, for a second web instance beside the one that runs the jobs. */
  schedule?: boolean;
  /** On shutdown, how long a running job may take before it is interrupted. */
  graceMs?: number;
  scheduler?: SchedulerOptions;
}

export interface RunningService {
  /** The address the HTTP server listens on, such as http://127.0.0.1:8787. */
  url: string;
  app: FastifyInstance;
  scheduler: Scheduler | null;
  /** Stop scheduling, let the running job finish or record where it stopped, close HTTP and the database. */
  stop(): Promise<void>;
}

/**
 * Start the daily service: the HTTP server on HOST:PORT, then the schedule, whose first check
 * (the catch-up after a late start) runs in the background so that /healthz responds at once.
 */
export async function startService(context: AppContext, options: ServiceOptions): Promise<RunningService> {
  const { config, logger } = context;
  const graceMs = options.graceMs ?? 30_000;

  // The scheduler checks the schedule config, so a bad timezone fails before the port opens.
  const scheduler = options.schedule === false ? null : createDailyScheduler(context, options.bodies, options.scheduler);
  const app = await buildServer(context);
  const url = await listen(app, config.host, config.port);
  logger.info({ url, schedule: scheduler !== null }, 'service started');

  const started = scheduler?.start().catch((error: unknown) => logger.error({ err: errorMessage(error) }, 'scheduler start failed'));

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const begin = performance.now();
      logger.info({ graceMs }, 'service stopping');
      // Jobs first, so that unsubscribe pages and /healthz keep working during the grace period.
      await scheduler?.stop(graceMs);
      await started;
      await app.close();
      context.db.close();
      logger.info({ durationMs: Math.round(performance.now() - begin) }, 'service stopped');
    })();
    return stopping;
  };

  return { url, app, scheduler, stop };
}

async function listen(app: FastifyInstance, host: string, port: number): Promise<string> {
  try {
    return await app.listen({ host, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES') {
      throw new AppError('CONFIG_INVALID', `cannot listen on ${host}:${port} (${code}); stop the process using that port or set HOST and PORT to a free address`);
    }
    throw error;
  }
}

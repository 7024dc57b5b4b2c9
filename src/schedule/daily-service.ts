import type { AppContext } from '../context';
import { closeAbandonedJobRuns } from '../store/job-runs';
import { assertTimeZone } from './clock';
import type { JobBodies } from './job-bodies';
import { collectJob } from './jobs/collect-job';
import { composeJob } from './jobs/compose-job';
import { sendJob } from './jobs/send-job';
import { Scheduler, type SchedulerOptions } from './scheduler';

/**
 * Build the daemon's scheduler from `config.schedule`: collect, compose and send, checked in
 * that order at every tick. Runs that a stopped process left `running` are closed as failed
 * first, so their dates can be retried.
 */
export function createDailyScheduler(context: AppContext, bodies: JobBodies, options: SchedulerOptions = {}): Scheduler {
  assertTimeZone(context.config.schedule.timezone);

  const closed = closeAbandonedJobRuns(context.db);
  if (closed.length > 0) {
    context.logger.warn({ runIds: closed }, 'closed job runs left running by a stopped process');
  }

  const jobs = [collectJob(context, bodies), composeJob(context, bodies), sendJob(context, bodies)];
  return new Scheduler(context, jobs, options);
}

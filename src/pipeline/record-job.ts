import type { AppContext } from '../context';
import { errorMessage } from '../errors';
import { elapsedMs } from '../log';
import { finishJobRun, startJobRun, type JobRunFinish } from '../store/job-runs';

/**
 * Run one stage of the main job and record it in `job_runs` like a scheduled job (trigger
 * `manual`), so that `status` and the daemon's due checks see what `run` did.
 */
export async function recordJobRun<T>(
  context: AppContext,
  job: 'collect' | 'compose' | 'send',
  issueDate: string | null,
  work: () => Promise<T>,
  summarize: (result: T) => Pick<JobRunFinish, 'status' | 'summary' | 'error'>,
): Promise<T> {
  const started = performance.now();
  const runId = startJobRun(context.db, { job, owner: `run:${process.pid}`, trigger: 'manual', issueDate });

  try {
    const result = await work();
    finishJobRun(context.db, runId, { ...summarize(result), durationMs: elapsedMs(started) });
    return result;
  } catch (error) {
    finishJobRun(context.db, runId, { status: 'failed', summary: {}, error: errorMessage(error), durationMs: elapsedMs(started) });
    throw error;
  }
}

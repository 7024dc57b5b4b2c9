import type { AppContext } from '../../context';
import { errorMessage } from '../../errors';
import { sendIssue } from '../../send/send';

/**
 * The "send now" deliveries started from the operator pages. Each runs after the response,
 * because a large list takes longer than a browser waits. At most one runs per issue in this
 * process. Closing the server aborts them, and sendIssue later resumes where they stopped.
 */
export class BackgroundSends {
  private readonly running = new Map<number, { controller: AbortController; done: Promise<void> }>();

  constructor(private readonly context: AppContext) {}

  isRunning(issueId: number): boolean {
    return this.running.has(issueId);
  }

  /** Start delivering an issue unless this process is already delivering it. Returns whether it started. */
  start(issueId: number): boolean {
    if (this.running.has(issueId)) return false;

    const controller = new AbortController();
    const logger = this.context.logger.child({ issueId, trigger: 'operator' });
    const done = sendIssue(this.context, issueId, { signal: controller.signal })
      .then((report) => logger.info({ report }, 'operator send finished'))
      .catch((error: unknown) => logger.error({ err: error, message: errorMessage(error) }, 'operator send failed'))
      .finally(() => this.running.delete(issueId));

    this.running.set(issueId, { controller, done });
    return true;
  }

  /** Abort every running delivery and wait for each to stop. */
  async stopAll(): Promise<void> {
    const entries = [...this.running.values()];
    entries.forEach((entry) => entry.controller.abort());
    await Promise.all(entries.map((entry) => entry.done));
  }
}

import { collectFeeds } from '../collect/collect';
import { composeIssue } from '../compose/compose';
import { sendIssue } from '../send/send';
import type { JobBodies } from './job-bodies';

/** Return the real stage functions, for the `serve` daemon. */
export function productionJobBodies(): JobBodies {
  return {
    collect: (context, { now }) => collectFeeds(context, { now }),
    compose: (context, { now, signal }) => composeIssue(context, { now, signal }),
    send: (context, issueId, { signal }) => sendIssue(context, issueId, { signal }),
  };
}

import type { AppContext } from '../context';
import type { Composer } from '../domain';
import { AppError } from '../errors';
import { localIssueDate } from '../issue-date';
import { elapsedMs } from '../log';
import { getIssueByDate } from '../store/issues';
import { composeCheckedDigest } from './compose-digest';
import { selectItems, type Selection } from './select';
import { assertReplaceable, storeDraftIssue } from './store-issue';
import { buildSubject } from './subject';

export interface ComposeResult {
  issueId: number;
  issueDate: string;
  composer: Composer;
  themeCount: number;
  itemCount: number;
  fallbackReason: string | null;
  /** The draft of the same date this issue replaced (now cancelled), and its operator edits. */
  replaced: { issueId: number; operatorEdits: number } | null;
}

/**
 * Compose the draft issue of the local date of `now`: pick the new items, write the digest
 * with Claude when an API key is set (else offline), validate its citations and store it.
 * A live draft of that date is replaced; an approved, sending, sent or failed one raises
 * ISSUE_STATE, and a window without items raises NO_ITEMS.
 */
export async function composeIssue(context: AppContext, options: { since?: Date; now?: Date; signal?: AbortSignal } = {}): Promise<ComposeResult> {
  const started = performance.now();
  const { config, db } = context;
  const now = options.now ?? new Date();
  const issueDate = localIssueDate(now, config.schedule.timezone);
  const logger = context.logger.child({ stage: 'compose', issueDate });

  // Guard: the date's live issue, if any, must be a draft this compose may replace.
  const existing = getIssueByDate(db, issueDate);
  if (existing) assertReplaceable(existing);
  logger.info({ since: options.since?.toISOString() ?? null, replacesIssueId: existing?.id ?? null }, 'compose started');

  // Pick the items.
  const selection = pickItems(context, options.since ?? null, now, existing?.id ?? null);

  // Compose, then check every citation and text in code.
  const outcome = await composeCheckedDigest({ ...context, logger }, selection.items, now, options.signal);
  const { digest, warnings } = outcome;
  if (warnings.length > 0) logger.warn({ warnings, itemIds: digest.itemIds }, 'digest fixed in place');

  // Store the draft.
  const { issueId } = storeDraftIssue(db, {
    issueDate,
    subject: buildSubject(config.newsletter.title, issueDate, digest),
    digest,
    composer: outcome.composer,
    fallbackReason: outcome.fallbackReason,
    warnings,
    usage: outcome.usage,
    leftOutItemIds: selection.leftOut.map((item) => item.id),
    createdAt: now.toISOString(),
  });

  const result: ComposeResult = {
    issueId,
    issueDate,
    composer: outcome.composer,
    themeCount: digest.themes.length,
    itemCount: digest.itemIds.length,
    fallbackReason: outcome.fallbackReason,
    replaced: existing ? { issueId: existing.id, operatorEdits: countOperatorEdits(db, existing.id) } : null,
  };
  logger.info({ ...result, leftOutCount: selection.leftOut.length, warningCount: warnings.length, usage: outcome.usage, durationMs: elapsedMs(started) }, 'compose finished');
  return result;
}

function countOperatorEdits(db: AppContext['db'], issueId: number): number {
  return db.prepare('SELECT count(*) FROM issue_edits WHERE issue_id = ?').pluck().get(issueId) as number;
}

/** Select the items of the issue, or raise NO_ITEMS when the window has none. */
function pickItems(context: AppContext, since: Date | null, now: Date, replacedIssueId: number | null): Selection {
  const selection = selectItems(context.db, {
    since,
    now,
    firstIssueHours: context.config.compose.firstIssueHours,
    maxItems: context.config.compose.maxItems,
    replacedIssueId,
  });

  if (selection.items.length === 0) {
    const windowStart = selection.windowStart.toISOString();
    throw new AppError('NO_ITEMS', `no new items since ${windowStart}; run collect first or pass --since`, { windowStart });
  }
  return selection;
}

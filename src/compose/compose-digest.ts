import type { AppContext } from '../context';
import type { Digest, ItemRow } from '../domain';
import { AppError } from '../errors';
import { composeWithClaude } from './claude/compose-claude';
import { composeOffline, offlineOptionsFrom } from './offline/compose-offline';
import type { ComposeOutcome } from './outcome';
import { validateDigest } from './validate';

/**
 * Write the digest of the picked items with Claude when an API key is set (else offline), list
 * every item in it, and check every citation and text in code. Fixes made in place join the
 * outcome's warnings. A digest that still violates a rule raises COMPOSE_FAILED.
 */
export async function composeCheckedDigest(context: AppContext, items: ItemRow[], now: Date, signal?: AbortSignal): Promise<ComposeOutcome> {
  const outcome = await runComposer(context, items, now, signal);
  const digest = completeDigest(outcome.digest, items);

  const checked = validateDigest(digest, new Set(items.map((item) => item.id)), { maxThemes: context.config.compose.maxThemes });
  if (checked.violations.length > 0) {
    const problems = checked.violations.join('; ');
    throw new AppError('COMPOSE_FAILED', `the ${outcome.composer} composer produced an invalid digest (${problems}); please report it as a bug`, {
      itemIds: items.map((item) => item.id),
    });
  }
  return { ...outcome, digest: checked.digest, warnings: [...outcome.warnings, ...checked.warnings] };
}

function runComposer(context: AppContext, items: ItemRow[], now: Date, signal: AbortSignal | undefined): Promise<ComposeOutcome> {
  if (context.config.anthropicApiKey) return composeWithClaude(context, items, { now, signal });

  const digest = composeOffline(items, offlineOptionsFrom(context.config));
  return Promise.resolve({ digest, composer: 'offline', fallbackReason: null, warnings: [], usage: null });
}

/**
 * Make `itemIds` list every picked item once: the composer's order first, then the top items
 * and cited items, then the rest most recent first. Empty top items become the first key item
 * of each theme, at most five.
 */
function completeDigest(digest: Digest, items: ItemRow[]): Digest {
  const firstKeyItems = digest.themes.map((theme) => theme.keyItems[0]?.itemId).filter((id): id is number => id !== undefined);
  const topItemIds = digest.topItemIds.length > 0 ? digest.topItemIds : [...new Set(firstKeyItems)].slice(0, 5);

  const cited = digest.themes.flatMap((theme) => [
    ...theme.keyItems.map((keyItem) => keyItem.itemId),
    ...theme.summary.flatMap((statement) => statement.itemIds),
  ]);
  const known = new Set(items.map((item) => item.id));
  const ordered = [...digest.itemIds, ...topItemIds, ...cited, ...items.map((item) => item.id)].filter((id) => known.has(id));
  return { ...digest, topItemIds, itemIds: [...new Set(ordered)] };
}

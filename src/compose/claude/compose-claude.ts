import Anthropic from '@anthropic-ai/sdk';
import type { AppContext } from '../../context';
import type { ItemRow } from '../../domain';
import { errorMessage } from '../../errors';
import { localIssueDate } from '../../issue-date';
import { composeOffline, offlineOptionsFrom } from '../offline/compose-offline';
import type { ComposeOutcome, ComposeUsage } from '../outcome';
import { callWithRetries } from './call';
import { interpretReply } from './interpret';
import { buildRequest, buildUserMessage, estimateFixedTokens } from './prompt';
import { buildItemRecords } from './records';
import { buildRepairRequest } from './repair';
import { addUsage, emptyUsage } from './usage';

export interface ClaudeOptions {
  now: Date;
  /** Injected by tests so that backoff waits take no time. */
  sleep?: (ms: number) => Promise<void>;
  /** Aborted on shutdown: Claude is given up and the offline composer finishes the issue. */
  signal?: AbortSignal;
}

/**
 * Compose with one forced-tool Messages call. A reply that fails parsing or validation gets
 * one repair call listing the exact problems. A second failure, a refusal, a non-transient API
 * error or the deadline hands the issue to the offline composer, and the outcome records why.
 */
export async function composeWithClaude(context: AppContext, items: ItemRow[], options: ClaudeOptions): Promise<ComposeOutcome> {
  const { config, logger } = context;
  const client = new Anthropic({
    apiKey: config.anthropicApiKey ?? undefined,
    baseURL: config.anthropicBaseUrl ?? undefined,
    timeout: config.compose.requestTimeoutSeconds * 1000,
    maxRetries: 0,
  });
  const callOptions = {
    deadlineAt: Date.now() + config.compose.deadlineSeconds * 1000,
    requestTimeoutMs: config.compose.requestTimeoutSeconds * 1000,
    logger: logger.child({ itemIds: items.map((item) => item.id) }),
    sleep: options.sleep,
    signal: options.signal,
  };
  const request = buildIssueRequest(context, items, options.now);

  let usage: ComposeUsage = emptyUsage(config.compose.model);
  try {
    // First call.
    const reply = await callWithRetries(client, request, callOptions);
    usage = addUsage(usage, reply.message, reply.latencyMs);
    const first = interpretReply(reply.message, items, config.compose.maxThemes);
    if (first.ok) return { digest: first.digest, composer: 'claude', fallbackReason: null, warnings: first.warnings, usage };
    logger.warn({ problems: first.problems, itemIds: items.map((item) => item.id) }, 'claude reply rejected');
    if (!first.repairable) return fallback(context, items, first.problems.join('; '), usage);

    // One repair call that lists the exact problems.
    const repair = await callWithRetries(client, buildRepairRequest(request, reply.message, first.problems), callOptions);
    usage = addUsage(usage, repair.message, repair.latencyMs);
    const second = interpretReply(repair.message, items, config.compose.maxThemes);
    if (second.ok) {
      return { digest: second.digest, composer: 'claude-after-repair', fallbackReason: null, warnings: [...first.warnings, ...second.warnings], usage };
    }
    return fallback(context, items, `the reply failed validation twice; last problems: ${second.problems.join('; ')}`, usage);
  } catch (error) {
    return fallback(context, items, errorMessage(error), usage);
  }
}

/** Build the request of the issue, with the item records within the input-token budget. */
function buildIssueRequest(context: AppContext, items: ItemRow[], now: Date): Anthropic.MessageCreateParamsNonStreaming {
  const { config, logger } = context;
  const issueDate = localIssueDate(now, config.schedule.timezone);
  const recordBudget = config.compose.inputTokenBudget - estimateFixedTokens(config, issueDate);
  const records = buildItemRecords(items, feedTitles(context, items), recordBudget);

  logger.info({ itemCount: items.length, recordTokens: records.tokens, shortenedCount: records.shortenedCount, model: config.compose.model }, 'claude compose started');
  return buildRequest(config, buildUserMessage(issueDate, records.text));
}

function fallback(context: AppContext, items: ItemRow[], reason: string, usage: ComposeUsage): ComposeOutcome {
  context.logger.warn({ reason, itemIds: items.map((item) => item.id) }, 'claude compose failed, using the offline composer');
  const digest = composeOffline(items, offlineOptionsFrom(context.config));
  return { digest, composer: 'offline-fallback', fallbackReason: reason, warnings: [], usage: usage.calls > 0 ? usage : null };
}

function feedTitles(context: AppContext, items: ItemRow[]): Map<number, string> {
  const feedIds = [...new Set(items.map((item) => item.feed_id))];
  const rows = context.db
    .prepare(`SELECT id, coalesce(title, url) AS title FROM feeds WHERE id IN (${feedIds.map(() => '?').join(',')})`)
    .all(...feedIds) as { id: number; title: string }[];
  return new Map(rows.map((row) => [row.id, row.title]));
}

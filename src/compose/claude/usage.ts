import type Anthropic from '@anthropic-ai/sdk';
import type { ComposeUsage } from '../outcome';

/** List prices in US dollars per million tokens. */
interface Price {
  input: number;
  output: number;
}

/**
 * Claude Sonnet 4.6 list prices ($3 input, $15 output per million tokens) as the Claude platform
 * docs state them for claude-sonnet-4-6. Cache writes cost 1.25 times the input price and cache
 * reads 0.1 times (5-minute cache).
 * NOTE: models without an entry are priced as Sonnet 4.6, so their estimate may be off.
 */
const PRICES: Record<string, Price> = {
  'claude-sonnet-4-6': { input: 3, output: 15 },
};
const DEFAULT_PRICE: Price = { input: 3, output: 15 };

/** Start an empty usage record for a model. */
export function emptyUsage(model: string): ComposeUsage {
  return { model, calls: 0, inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0, latencyMs: 0, estimatedCostUsd: 0 };
}

/** Add one reply's token counts and latency to the running usage, and re-estimate the cost. */
export function addUsage(usage: ComposeUsage, message: Anthropic.Message, latencyMs: number): ComposeUsage {
  const next: ComposeUsage = {
    model: message.model || usage.model,
    calls: usage.calls + 1,
    inputTokens: usage.inputTokens + (message.usage?.input_tokens ?? 0),
    outputTokens: usage.outputTokens + (message.usage?.output_tokens ?? 0),
    cacheCreationInputTokens: usage.cacheCreationInputTokens + (message.usage?.cache_creation_input_tokens ?? 0),
    cacheReadInputTokens: usage.cacheReadInputTokens + (message.usage?.cache_read_input_tokens ?? 0),
    latencyMs: usage.latencyMs + latencyMs,
    estimatedCostUsd: 0,
  };
  return { ...next, estimatedCostUsd: estimateCost(next) };
}

function estimateCost(usage: ComposeUsage): number {
  const price = PRICES[usage.model] ?? DEFAULT_PRICE;
  const dollars =
    (usage.inputTokens * price.input +
      usage.cacheCreationInputTokens * price.input * 1.25 +
      usage.cacheReadInputTokens * price.input * 0.1 +
      usage.outputTokens * price.output) /
    1_000_000;
  return Math.round(dollars * 1_000_000) / 1_000_000;
}

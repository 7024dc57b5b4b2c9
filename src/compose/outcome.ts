import type { Composer, Digest } from '../domain';

/** Tokens, latency and estimated cost of the Claude calls of one issue (issues.usage_json). */
export interface ComposeUsage {
  model: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  latencyMs: number;
  /** An estimate from list prices per million tokens, in US dollars. */
  estimatedCostUsd: number;
}

/** Result of a composer: the digest and how it was made. */
export interface ComposeOutcome {
  digest: Digest;
  composer: Composer;
  /** Reason the Claude composer gave way to the offline one, or null. */
  fallbackReason: string | null;
  warnings: string[];
  usage: ComposeUsage | null;
}

/**
 * Estimate the tokens of a text as one per four characters. This is an estimate, not the
 * model's tokenizer: the budget and the benchmark use it on both sides of every comparison,
 * and the API's usage figures give the real count afterwards.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

import type { ComposeUsage } from '../../compose/outcome';

/** Read issues.usage_json, the compose stage's token counts and cost estimate; null when absent or unreadable. */
export function parseUsage(usageJson: string | null): ComposeUsage | null {
  if (usageJson === null || usageJson.trim() === '') return null;
  try {
    const parsed = JSON.parse(usageJson) as Partial<ComposeUsage> | null;
    if (parsed === null || typeof parsed !== 'object' || typeof parsed.inputTokens !== 'number') return null;
    return parsed as ComposeUsage;
  } catch {
    return null;
  }
}

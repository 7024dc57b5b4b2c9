import type Anthropic from '@anthropic-ai/sdk';
import type { Digest, ItemRow } from '../../domain';
import { validateDigest } from '../validate';
import { normalizeDraft } from './normalize-draft';
import { parseReply } from './parse-reply';

export type Interpretation =
  | { ok: true; digest: Digest; warnings: string[] }
  | { ok: false; problems: string[]; repairable: boolean; warnings: string[] };

/** Parse, normalize and validate one reply against the items. */
export function interpretReply(message: Anthropic.Message, items: ItemRow[], maxThemes: number): Interpretation {
  const parsed = parseReply(message);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem], repairable: parsed.repairable, warnings: [] };

  const itemIdsByLink = new Map<string, number>();
  for (const item of items) if (item.link) itemIdsByLink.set(item.link, item.id);
  const normalized = normalizeDraft(parsed.value, itemIdsByLink);

  const validated = validateDigest(normalized.digest, new Set(items.map((item) => item.id)), { maxThemes });
  const problems = [...normalized.violations, ...validated.violations];
  const warnings = [...normalized.warnings, ...validated.warnings];
  if (problems.length > 0) return { ok: false, problems, repairable: true, warnings };
  return { ok: true, digest: validated.digest, warnings };
}

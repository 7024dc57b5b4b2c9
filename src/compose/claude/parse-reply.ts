import type Anthropic from '@anthropic-ai/sdk';
import { DIGEST_TOOL_NAME } from './prompt';

export type ParsedReply =
  | { ok: true; value: unknown; source: 'tool' | 'text' }
  /** `repairable` is false when asking again cannot help, as after a refusal. */
  | { ok: false; problem: string; repairable: boolean };

/**
 * Read the digest object out of a Messages API reply, tolerantly: the forced tool's input,
 * or else a JSON object inside text (a ```json fence, or the first balanced object amid prose).
 * A refusal or a reply cut at max_tokens is a failure, never an exception.
 */
export function parseReply(message: Anthropic.Message): ParsedReply {
  if (message.stop_reason === 'refusal') {
    return { ok: false, problem: 'Claude refused to write the digest (stop_reason "refusal")', repairable: false };
  }
  if (message.stop_reason === 'max_tokens') {
    return { ok: false, problem: 'the reply was cut off at max_tokens before the digest was complete; write a shorter digest', repairable: true };
  }

  const toolUse = message.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use' && block.name === DIGEST_TOOL_NAME);
  if (toolUse) return { ok: true, value: toolUse.input, source: 'tool' };

  const text = message.content
    .filter((block): block is Anthropic.TextBlock => block.type === 'text')
    .map((block) => block.text)
    .join('\n');
  const value = extractJsonObject(text);
  if (value !== undefined) return { ok: true, value, source: 'text' };

  const preview = text.trim().slice(0, 80);
  return {
    ok: false,
    problem: `the reply holds no ${DIGEST_TOOL_NAME} call and no JSON digest${preview ? ` (it begins "${preview}")` : ''}; call ${DIGEST_TOOL_NAME}`,
    repairable: true,
  };
}

/**
 * Find a JSON object in free text: first inside ```json fences, then any balanced `{…}`
 * (strings and escapes respected, so braces or backticks inside values do not confuse it).
 * Returns the first candidate that parses and has a `themes` key, else the first that parses.
 */
export function extractJsonObject(text: string): unknown {
  const candidates: string[] = [];
  for (const match of text.matchAll(/```[a-zA-Z]*[ \t]*\r?\n([\s\S]*?)\r?\n[ \t]*```/g)) candidates.push(match[1]!);
  for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
    const end = balancedEnd(text, start);
    if (end > start) candidates.push(text.slice(start, end + 1));
  }

  let firstParsed: unknown;
  for (const candidate of candidates) {
    const value = tryParse(candidate);
    if (value === undefined) continue;
    if (typeof value === 'object' && value !== null && 'themes' in value) return value;
    firstParsed ??= value;
  }
  return firstParsed;
}

/** Return the index of the `}` that closes the object opening at `start`, or -1 when it never closes. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

function tryParse(candidate: string): unknown {
  try {
    const value: unknown = JSON.parse(candidate);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

import type Anthropic from '@anthropic-ai/sdk';
import type { Config } from '../../config/load';
import { MAX_SENTENCE_CHARS, MAX_TITLE_CHARS } from '../validate';
import { estimateTokens } from './tokens';

export const DIGEST_TOOL_NAME = 'write_digest';

/**
 * Build the system prompt. It is the same for every issue of one config, so it is marked for
 * prompt caching, and it carries no item data and no date, which would change the cached prefix.
 */
export function buildSystemPrompt(config: Config): string {
  const { title, field } = config.newsletter;
  const { minThemes, maxThemes } = config.compose;
  return [
    `You write "${title}", a daily email digest of news in ${field}.`,
    'The user message lists the articles collected today under a "# source" heading and a "## date" heading, one line each: "id: title | excerpt". The excerpt is left out when the feed gives nothing beyond the title.',
    `Group the articles into ${minThemes} to ${maxThemes} themes (fewer only when there are fewer articles).`,
    'For each theme write a short title of a few words, a summary of one to three sentences, and up to four key items, each with one sentence about that article.',
    'Then write a conclusion of one or two sentences and pick the five most important articles as topItemIds, best first.',
    'Rules:',
    '- Use only facts stated in the articles. Do not add knowledge of your own.',
    '- Every summary sentence and conclusion sentence lists in itemIds the ids of the articles it rests on; every key item names one article id.',
    '- Use only ids from the list. Never invent an id.',
    '- Write plain text: no URLs, no web addresses, no markdown, no links. The email adds the links itself.',
    `- Keep titles under ${MAX_TITLE_CHARS} characters and sentences under ${Math.floor(MAX_SENTENCE_CHARS / 2)} characters.`,
    `Always answer by calling the ${DIGEST_TOOL_NAME} tool once.`,
  ].join('\n');
}

const statementSchema = {
  type: 'object',
  properties: {
    text: { type: 'string', description: 'One plain-text sentence, without URLs or markdown.' },
    itemIds: { type: 'array', items: { type: 'integer' }, minItems: 1, description: 'Ids of the articles the sentence rests on.' },
  },
  required: ['text', 'itemIds'],
} as const;

/** Build the forced tool, whose input schema is the digest (item ids only, no links). */
export function buildDigestTool(config: Config): Anthropic.Tool {
  return {
    name: DIGEST_TOOL_NAME,
    description: 'Store the digest of today\'s articles. Every statement cites article ids from the list.',
    input_schema: {
      type: 'object',
      properties: {
        themes: {
          type: 'array',
          minItems: 1,
          maxItems: config.compose.maxThemes,
          items: {
            type: 'object',
            properties: {
              title: { type: 'string', maxLength: MAX_TITLE_CHARS },
              summary: { type: 'array', items: statementSchema, minItems: 1, maxItems: 3 },
              keyItems: {
                type: 'array',
                maxItems: 4,
                items: {
                  type: 'object',
                  properties: { itemId: { type: 'integer' }, sentence: { type: 'string' } },
                  required: ['itemId', 'sentence'],
                },
              },
            },
            required: ['title', 'summary', 'keyItems'],
          },
        },
        conclusion: { type: 'array', items: statementSchema, maxItems: 2 },
        topItemIds: { type: 'array', items: { type: 'integer' }, maxItems: 5 },
      },
      required: ['themes', 'conclusion', 'topItemIds'],
    },
  };
}

/** Build the user message: the records and a reminder to call the tool. */
export function buildUserMessage(issueDate: string, recordsText: string): string {
  return `Articles for the issue of ${issueDate}:\n${recordsText}\n\nCall ${DIGEST_TOOL_NAME} with the digest.`;
}

/** Estimated tokens of everything but the records: system prompt, tool schema and message frame. */
export function estimateFixedTokens(config: Config, issueDate: string): number {
  const frame = buildUserMessage(issueDate, '');
  return estimateTokens(buildSystemPrompt(config)) + estimateTokens(JSON.stringify(buildDigestTool(config))) + estimateTokens(frame);
}

/**
 * Build the Messages API request of one issue, with the system prompt marked for caching.
 * The mark covers the tools and the system prompt, so a repair call within the cache lifetime
 * (5 minutes) reads them from the cache.
 * NOTE: the API caches nothing below a model's minimum prefix length (1 024 tokens for Sonnet 4.6,
 * as an issue on anthropics/anthropic-sdk-python quotes Anthropic's docs). This prefix is about
 * 600 estimated tokens, so the mark takes effect only once the prompt grows past that minimum.
 */
export function buildRequest(config: Config, userMessage: string): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model: config.compose.model,
    max_tokens: config.compose.maxOutputTokens,
    system: [{ type: 'text', text: buildSystemPrompt(config), cache_control: { type: 'ephemeral' } }],
    tools: [buildDigestTool(config)],
    tool_choice: { type: 'tool', name: DIGEST_TOOL_NAME },
    messages: [{ role: 'user', content: userMessage }],
  };
}

import type Anthropic from '@anthropic-ai/sdk';
import { DIGEST_TOOL_NAME } from './prompt';

/**
 * Build the repair request: the first request, the rejected reply, and a user turn that lists
 * every problem. A rejected tool call gets an error tool_result, because the API requires a
 * tool_result after every tool_use.
 */
export function buildRepairRequest(
  request: Anthropic.MessageCreateParamsNonStreaming,
  reply: Anthropic.Message,
  problems: string[],
): Anthropic.MessageCreateParamsNonStreaming {
  const instructions = `The digest was rejected:\n${problems.map((problem) => `- ${problem}`).join('\n')}\nCall ${DIGEST_TOOL_NAME} again with a corrected digest.`;
  const toolUse = reply.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');

  const assistantContent = reply.content.length > 0 ? (reply.content as Anthropic.ContentBlockParam[]) : [{ type: 'text' as const, text: '(no content)' }];
  const userContent: Anthropic.ContentBlockParam[] = toolUse
    ? [{ type: 'tool_result', tool_use_id: toolUse.id, is_error: true, content: instructions }]
    : [{ type: 'text', text: instructions }];

  return {
    ...request,
    messages: [...request.messages, { role: 'assistant', content: assistantContent }, { role: 'user', content: userContent }],
  };
}

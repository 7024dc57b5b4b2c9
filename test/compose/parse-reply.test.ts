import type Anthropic from '@anthropic-ai/sdk';
import { extractJsonObject, parseReply } from '../../src/compose/claude/parse-reply';

function message(content: unknown[], stopReason: Anthropic.StopReason): Anthropic.Message {
  return { id: 'msg', type: 'message', role: 'assistant', model: 'm', content, stop_reason: stopReason, stop_sequence: null, usage: {} } as unknown as Anthropic.Message;
}

describe('extractJsonObject', () => {
  test('reads a ```json fence amid prose', () => {
    expect(extractJsonObject('Sure!\n```json\n{"themes": []}\n```\nAnything else?')).toEqual({ themes: [] });
  });

  test('reads a bare fence', () => {
    expect(extractJsonObject('```\n{"themes": [1]}\n```')).toEqual({ themes: [1] });
  });

  test('reads an object amid prose without a fence', () => {
    expect(extractJsonObject('Here you go: {"themes": [], "topItemIds": [3]} Hope it helps.')).toEqual({ themes: [], topItemIds: [3] });
  });

  test('keeps backticks and braces inside values', () => {
    const text = 'Digest:\n```json\n{"themes": [{"title": "The `sdk` {beta}", "note": "a ``` b"}]}\n```';

    expect(extractJsonObject(text)).toEqual({ themes: [{ title: 'The `sdk` {beta}', note: 'a ``` b' }] });
  });

  test('prefers the object with themes', () => {
    expect(extractJsonObject('Example: {"a": 1}. Answer: {"themes": []}')).toEqual({ themes: [] });
  });

  test('returns undefined for truncated JSON', () => {
    expect(extractJsonObject('{"themes": [{"title": "Res')).toBeUndefined();
  });

  test('returns undefined for prose', () => {
    expect(extractJsonObject('I cannot help with that.')).toBeUndefined();
  });
});

describe('parseReply', () => {
  test('takes the tool input', () => {
    const reply = parseReply(message([{ type: 'tool_use', id: 't', name: 'write_digest', input: { themes: [] } }], 'tool_use'));

    expect(reply).toEqual({ ok: true, value: { themes: [] }, source: 'tool' });
  });

  test('refusal is not repairable', () => {
    expect(parseReply(message([], 'refusal'))).toMatchObject({ ok: false, repairable: false });
  });

  test('max_tokens is a repairable failure', () => {
    const reply = parseReply(message([{ type: 'text', text: '{"themes": [' }], 'max_tokens'));

    expect(reply).toMatchObject({ ok: false, repairable: true, problem: expect.stringContaining('max_tokens') });
  });

  test('prose without JSON quotes its start', () => {
    const reply = parseReply(message([{ type: 'text', text: 'Today was busy in AI.' }], 'end_turn'));

    expect(reply).toMatchObject({ ok: false, repairable: true, problem: expect.stringContaining('(it begins "Today was busy in AI.")') });
  });

  test('empty content is a failure', () => {
    expect(parseReply(message([], 'end_turn'))).toMatchObject({ ok: false, repairable: true });
  });
});

import type http from 'node:http';
import { startHttpServer } from './http-server';

/** One scripted reply of the fake Messages API. */
export type MessagesStep =
  /** A tool_use block calling `name` (default: the first tool of the request) with `input`. */
  | { kind: 'tool'; input: unknown; name?: string; stopReason?: 'tool_use' | 'max_tokens' }
  /** A text block, as a model writes outside a tool. */
  | { kind: 'text'; text: string; stopReason?: 'end_turn' | 'max_tokens' }
  /** stop_reason "refusal" with an empty content list. */
  | { kind: 'refusal' }
  /** An error status (429, 500, 529 …) with an Anthropic error body, optional retry-after seconds and extra headers. */
  | { kind: 'status'; status: number; retryAfterSeconds?: number; headers?: Record<string, string> }
  /** Accept the request and never respond, until the client gives up or the server closes. */
  | { kind: 'hang' };

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  receivedAt: number;
}

export interface MessagesApi {
  /** Base URL for ANTHROPIC_BASE_URL. */
  url: string;
  requests: RecordedRequest[];
  /** Replace the script: each request takes the next step, and the last step repeats. */
  script(steps: MessagesStep[]): void;
  close(): Promise<void>;
}

export const FAKE_USAGE = { input_tokens: 1200, output_tokens: 800, cache_creation_input_tokens: 300, cache_read_input_tokens: 0 };

/**
 * Start a local server on 127.0.0.1 that responds to POST /v1/messages like the Anthropic
 * Messages API, replaying a per-test script. It records every request with its parsed body.
 */
export async function startMessagesApi(steps: MessagesStep[] = []): Promise<MessagesApi> {
  let script = steps;
  let served = 0;
  const requests: RecordedRequest[] = [];

  const server = await startHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || !request.url?.startsWith('/v1/messages')) {
        sendJson(response, 404, errorBody('not_found_error', `no route ${request.method} ${request.url}`));
        return;
      }

      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      requests.push({ path: request.url, headers: request.headers, body, receivedAt: Date.now() });
      const step = script[Math.min(served, script.length - 1)];
      served += 1;
      if (!step) {
        sendJson(response, 500, errorBody('api_error', 'the fake Messages API has no script'));
        return;
      }
      replay(step, body, response);
    });
  });

  return {
    url: server.url,
    requests,
    script(next) {
      script = next;
      served = 0;
    },
    close: () => server.close(),
  };
}

function replay(step: MessagesStep, body: Record<string, unknown>, response: http.ServerResponse): void {
  const model = typeof body.model === 'string' ? body.model : 'claude-test';
  const message = (content: unknown[], stopReason: string) => ({
    id: 'msg_test',
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: FAKE_USAGE,
  });

  switch (step.kind) {
    case 'tool': {
      const tools = (body.tools ?? []) as { name: string }[];
      const name = step.name ?? tools[0]?.name ?? 'tool';
      sendJson(response, 200, message([{ type: 'tool_use', id: 'toolu_test', name, input: step.input }], step.stopReason ?? 'tool_use'));
      return;
    }
    case 'text':
      sendJson(response, 200, message([{ type: 'text', text: step.text }], step.stopReason ?? 'end_turn'));
      return;
    case 'refusal':
      sendJson(response, 200, message([], 'refusal'));
      return;
    case 'status': {
      const headers: Record<string, string> = { ...step.headers };
      if (step.retryAfterSeconds !== undefined) headers['retry-after'] = String(step.retryAfterSeconds);
      sendJson(response, step.status, errorBody(errorTypeOf(step.status), `scripted ${step.status}`), headers);
      return;
    }
    case 'hang':
      return;
  }
}

function errorTypeOf(status: number): string {
  if (status === 429) return 'rate_limit_error';
  if (status === 529) return 'overloaded_error';
  return 'api_error';
}

function errorBody(type: string, message: string): unknown {
  return { type: 'error', error: { type, message } };
}

function sendJson(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', 'x-should-retry': 'false', ...headers }).end(JSON.stringify(body));
}

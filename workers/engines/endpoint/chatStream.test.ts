import { describe, expect, it } from 'vitest';
import { streamChat } from './chatStream';
import { createEndpointHttp } from './endpointHttp';

/**
 * A server that streams one chunk, then holds the connection open as a server still generating does.
 * A reader cancelled meanwhile ends with `done`, as in a browser's worker, rather than throwing.
 */
function holdingServer(): typeof fetch {
  return async () => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('data: {"choices":[{"delta":{"content":"Once"}}]}\n\n'));
      },
    });
    return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
  };
}

describe('a streamed chat reply', () => {
  it('stopped mid-stream ends as aborted with the text that came, even when the stream closes quietly', async () => {
    const http = createEndpointHttp({ baseUrl: 'http://127.0.0.1:9', fetch: holdingServer() });
    const stop = new AbortController();
    const pieces: string[] = [];
    const result = await streamChat(
      http,
      'm',
      [{ role: 'user', content: 'Hi' }],
      { temperature: 0, topP: 1, maxTokens: 100 },
      (p) => {
        pieces.push(p);
        stop.abort();
      },
      stop.signal,
    );
    expect(pieces).toEqual(['Once']);
    expect(result.text).toBe('Once');
    expect(result.finishReason).toBe('abort');
  });
});

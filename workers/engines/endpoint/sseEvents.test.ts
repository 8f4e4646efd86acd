import { describe, expect, it } from 'vitest';
import { sseData } from './sseEvents';

/** A body delivered in the given pieces, as a network would split it. */
function body(...pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const p of pieces) controller.enqueue(encoder.encode(p));
      controller.close();
    },
  });
}

async function all(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const data of sseData(stream)) out.push(data);
  return out;
}

describe('sseData', () => {
  it('yields the data of each event, skipping comments and other fields', async () => {
    expect(await all(body(': ping\n\n', 'event: message\ndata: {"a":1}\nid: 3\n\n', 'data: [DONE]\n\n'))).toEqual(['{"a":1}', '[DONE]']);
  });

  it('joins multi-line data and keeps data after the first space only', async () => {
    expect(await all(body('data: one\ndata:two\ndata:  three\n\n'))).toEqual(['one\ntwo\n three']);
  });

  it('handles CRLF, CR, and events and line ends split across chunks, even a multi-byte character', async () => {
    const text = 'data: é\r\n\r\ndata: b\r\rdata: c\n\n';
    const bytes = new TextEncoder().encode(text);
    const pieces = [...bytes].map((b) => String.fromCharCode(b));
    const split = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i++) controller.enqueue(bytes.subarray(i, i + 1));
        controller.close();
      },
    });
    expect(pieces.length).toBeGreaterThan(text.length);
    expect(await all(split)).toEqual(['é', 'b', 'c']);
  });

  it('keeps a last event that the server closed without its blank line', async () => {
    expect(await all(body('data: {"x":1}\n\ndata: [DONE]'))).toEqual(['{"x":1}', '[DONE]']);
  });

  it('closes the connection when the reader stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('data: x\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const data of sseData(stream)) {
      expect(data).toBe('x');
      break;
    }
    expect(cancelled).toBe(true);
  });
});

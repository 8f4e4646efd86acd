/**
 * Server-sent events as the WHATWG EventSource spec parses them, from a fetch body: lines end in
 * CRLF, LF or CR; `data:` lines of one event are joined with "\n"; lines starting with ":" are
 * comments (llama-server sends them as keep-alive pings); a blank line ends the event. Only the data of
 * each event is yielded, since every OpenAI-compatible server puts its JSON there.
 */
export async function* sseData(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  let ended = false;
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      // A CR at the very end may be the first half of a CRLF split across chunks: wait for the next one.
      let end: RegExpExecArray | null;
      const lineEnd = /\r\n|\n|\r(?!$)/g;
      let start = 0;
      while ((end = lineEnd.exec(buffer)) !== null) {
        const line = buffer.slice(start, end.index);
        start = end.index + end[0].length;
        if (line === '') {
          if (data.length > 0) yield data.join('\n');
          data = [];
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon === -1 ? line : line.slice(0, colon);
          if (field === 'data') data.push(colon === -1 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1)));
        }
      }
      buffer = buffer.slice(start);
      if (done) break;
    }
    ended = true;
    // Some servers close the stream after the last event without its blank line; keep that event.
    if (buffer.startsWith('data')) data.push(buffer.replace(/^data: ?/, '').replace(/\r$/, ''));
    if (data.length > 0) yield data.join('\n');
  } finally {
    signal?.removeEventListener('abort', cancel);
    // Left early (the reader stopped at [DONE], or failed): close the connection rather than drain it.
    if (!ended) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

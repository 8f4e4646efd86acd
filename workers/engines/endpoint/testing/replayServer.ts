import { createServer, type IncomingMessage, type Server } from 'node:http';
import { isDeepStrictEqual } from 'node:util';

/** One request and the answer a server gave (or, per its source, gives) to it. */
export interface Exchange {
  /** Why this exchange looks as it does: the file and commit, or docs page, it follows. */
  source?: string;
  request: { method: 'GET' | 'POST'; path: string; body?: unknown };
  response: { status?: number; headers?: Record<string, string>; json?: unknown; sse?: string[] };
}

export interface ReplayServer {
  url: string;
  /** Every request received, in order. */
  received: { method: string; path: string; body: unknown; authorization: string | undefined }[];
  /** Requests to a recorded path whose body matched no recording: the client sent something unexpected. */
  unmatched: { method: string; path: string; body: unknown }[];
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/**
 * A real HTTP server on 127.0.0.1 that answers with recorded exchanges, for servers that cannot run here
 * (vLLM and SGLang need a GPU). A path it has no recording of is a 404, as on a server without that route;
 * a recorded path asked with another body is a 400 and is listed in `unmatched`.
 */
export async function startReplayServer(exchanges: readonly Exchange[]): Promise<ReplayServer> {
  const received: ReplayServer['received'] = [];
  const unmatched: ReplayServer['unmatched'] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const body = await bodyOf(req);
      received.push({ method: req.method ?? '', path, body, authorization: req.headers.authorization });
      const onPath = exchanges.filter((e) => e.request.method === req.method && e.request.path === path);
      const hit = onPath.find((e) => e.request.body === undefined || isDeepStrictEqual(e.request.body, body));
      if (!hit) {
        if (onPath.length > 0) unmatched.push({ method: req.method ?? '', path, body });
        res.writeHead(onPath.length > 0 ? 400 : 404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { message: onPath.length > 0 ? 'no recording of this body' : 'Not Found' } }));
        return;
      }
      const { status = 200, headers = {}, json, sse } = hit.response;
      if (sse) {
        res.writeHead(status, { 'Content-Type': 'text/event-stream', ...headers });
        for (const part of sse) res.write(part);
        res.end();
        return;
      }
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(json === undefined ? '' : JSON.stringify(json));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('The replay server has no port.');
  return {
    url: `http://127.0.0.1:${address.port}`,
    received,
    unmatched,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

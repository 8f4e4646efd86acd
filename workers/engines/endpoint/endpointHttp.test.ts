import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { createEndpointHttp, normalizeBaseUrl } from './endpointHttp';
import { browserFetchAdvice } from './corsAdvice';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => (s.closeAllConnections(), s.close(() => r())))));
});

/** A real server on 127.0.0.1 answering each request with the next planned status (the last one repeats). */
async function planned(statuses: { status: number; headers?: Record<string, string>; body?: string }[]) {
  const seen: { path: string; authorization?: string; at: number }[] = [];
  const server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', authorization: req.headers.authorization, at: Date.now() });
    const next = statuses[Math.min(seen.length - 1, statuses.length - 1)]!;
    res.writeHead(next.status, { 'Content-Type': 'application/json', ...next.headers });
    res.end(next.body ?? '{"ok":true}');
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, port, seen };
}

const quick = { attempts: 4, firstDelayMs: 20, maxDelayMs: 200 };

describe('endpoint HTTP', () => {
  it('retries 503 and 429 with growing waits, honouring Retry-After, then succeeds', async () => {
    const server = await planned([{ status: 503 }, { status: 429, headers: { 'Retry-After': '0.15' } }, { status: 200 }]);
    const http = createEndpointHttp({ baseUrl: server.url, retry: quick });
    expect(await http.json('/v1/models')).toEqual({ ok: true });
    expect(server.seen).toHaveLength(3);
    expect(server.seen[1]!.at - server.seen[0]!.at).toBeGreaterThanOrEqual(18);
    expect(server.seen[2]!.at - server.seen[1]!.at).toBeGreaterThanOrEqual(140);
  });

  it('gives up on a server that stays down with EndpointUnreachable, naming the host, the tries and the cause', async () => {
    const server = await planned([{ status: 503, body: '{"error":{"message":"Loading model"}}' }]);
    const http = createEndpointHttp({ baseUrl: server.url, retry: quick });
    const error = await http.json<never>('/completion', {}).catch((e: unknown) => e as Error);
    expect(error.name).toBe('EndpointUnreachable');
    expect(error.message).toMatch(
      new RegExp(
        `^The server at 127\\.0\\.0\\.1:${server.port} did not answer POST /completion after 4 tries over \\d+\\.\\d s \\(HTTP 503: Loading model\\)\\.$`,
      ),
    );
    expect(server.seen).toHaveLength(4);
  });

  it('retries a refused connection, then names it', async () => {
    const server = await planned([{ status: 200 }]);
    const url = server.url;
    await new Promise<void>((r) => servers.pop()!.close(() => r()));
    const http = createEndpointHttp({ baseUrl: url, retry: quick });
    const error = await http.json<never>('/v1/models').catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ name: 'EndpointUnreachable' });
    expect((error as Error).message).toMatch(/did not answer GET \/v1\/models after 4 tries .*ECONNREFUSED/);
  });

  it('does not retry a 400, and reports the server’s message as an item failure', async () => {
    const server = await planned([
      {
        status: 400,
        body: '{"error":{"code":400,"message":"the request exceeds the available context size","type":"exceed_context_size_error"}}',
      },
    ]);
    const http = createEndpointHttp({ baseUrl: server.url, retry: quick });
    await expect(http.json('/completion', {})).rejects.toMatchObject({
      name: 'InferenceFailed',
      message: `The server at 127.0.0.1:${server.port} answered HTTP 400 to POST /completion: the request exceeds the available context size.`,
    });
    expect(server.seen).toHaveLength(1);
  });

  it('sends the API key to its own host only: a redirect elsewhere is refused, not followed', async () => {
    const elsewhere = await planned([{ status: 200 }]);
    const own = await planned([{ status: 302, headers: { Location: `${elsewhere.url}/v1/models` } }]);
    const keyed = createEndpointHttp({ baseUrl: own.url, apiKey: 'sk-secret', retry: { ...quick, attempts: 1 } });
    await expect(keyed.json('/v1/models')).rejects.toMatchObject({ name: 'EndpointUnreachable' });
    expect(own.seen.map((s) => s.authorization)).toEqual(['Bearer sk-secret']);
    expect(elsewhere.seen).toEqual([]);
    // Without a key there is nothing to leak, and a redirect is followed.
    const open = createEndpointHttp({ baseUrl: own.url, retry: { ...quick, attempts: 1 } });
    expect(await open.json('/v1/models')).toEqual({ ok: true });
    expect(elsewhere.seen.map((s) => s.authorization)).toEqual([undefined]);
  });

  it('takes a base URL with or without /v1 and refuses other schemes and credentials in the URL', () => {
    expect(normalizeBaseUrl('http://gpu-box:8000/v1/').href).toBe('http://gpu-box:8000/');
    expect(normalizeBaseUrl(' https://example.org/llm/v1 ').href).toBe('https://example.org/llm');
    expect(() => normalizeBaseUrl('ftp://x')).toThrow('http:// or https://');
    expect(() => normalizeBaseUrl('gpu-box:8000')).toThrow('http:// or https://');
    expect(() => normalizeBaseUrl('http://user:key@x')).toThrow('API key in its own field');
    expect(() => normalizeBaseUrl('not a url')).toThrow('"not a url" is not a URL');
  });
});

describe('browser fetch advice', () => {
  const page = { origin: 'https://bedside.example', protocol: 'https:' };
  it('names the CORS setting of the server that answers', () => {
    const endpoint = new URL('https://gpu-box:8000');
    expect(browserFetchAdvice(endpoint, 'vllm', page)).toContain(`start vLLM with --allowed-origins '["https://bedside.example"]'`);
    expect(browserFetchAdvice(endpoint, 'llama-server', page)).toContain('start llama-server with --cors-origins https://bedside.example');
    expect(browserFetchAdvice(endpoint, 'ollama', page)).toContain('OLLAMA_ORIGINS=https://bedside.example');
    expect(browserFetchAdvice(endpoint, null, page)).toContain('LM Studio "Enable CORS"');
  });

  it('explains an https page calling http://localhost, and says nothing in Node', () => {
    expect(browserFetchAdvice(new URL('http://localhost:8080'), 'llama-server', page)).toMatch(
      /^This page is served over https and the server over http on this machine: Chrome asks .* Safari blocks it\. Serve Bedside from http:\/\/localhost/,
    );
    expect(browserFetchAdvice(new URL('http://10.0.0.5:8000'), 'vllm', page)).toMatch(/mixed content/);
    expect(browserFetchAdvice(new URL('http://localhost:8080'), 'vllm', null)).toBe('');
  });
});

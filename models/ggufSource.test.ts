import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { diagnoseGgufSource, GgufSourceError, problemMessage, readGgufFacts } from './ggufSource';

const modelBytes = new Uint8Array(readFileSync(new URL('../public/models/stories260K/stories260K.gguf', import.meta.url)));
const URL_ = 'https://models.example/m/stories260K.gguf';

/** A host that serves `body` with Range support, as a static file server does. */
function rangeHost(body: Uint8Array<ArrayBuffer>, contentType = 'application/octet-stream'): typeof fetch {
  return async (_input, init) => {
    const range = /bytes=(\d+)-(\d+)/.exec(new Headers(init?.headers).get('Range') ?? '');
    if (!range) return new Response(body, { status: 200, headers: { 'Content-Type': contentType, 'Content-Length': String(body.length) } });
    const start = Number(range[1]);
    if (start >= body.length) return new Response(null, { status: 416 });
    const end = Math.min(Number(range[2]) + 1, body.length);
    return new Response(body.subarray(start, end), {
      status: 206,
      headers: { 'Content-Type': contentType, 'Content-Range': `bytes ${start}-${end - 1}/${body.length}` },
    });
  };
}

async function problemOf(source: Blob | string, fetchImpl?: typeof fetch) {
  try {
    await readGgufFacts(source, fetchImpl);
  } catch (e) {
    if (e instanceof GgufSourceError) return { problem: e.problem, message: e.message };
    throw e;
  }
  throw new Error('expected the source to be refused');
}

describe('facts of the bundled model', () => {
  const expected = {
    name: 'llama',
    architecture: 'llama',
    parameters: 292_800,
    quant: 'F32',
    contextLength: 2048,
    fileBytes: 1_185_376,
    shape: {
      architecture: 'llama',
      parameters: 292_800,
      layers: 5,
      embedding: 64,
      heads: 8,
      kvHeads: 4,
      headDim: 8,
      vocab: 512,
      feedForward: 172,
    },
  };

  test('read from the picked file', async () => {
    expect(await readGgufFacts(new File([modelBytes], 'stories260K.gguf'))).toEqual(expected);
  });

  test('read over HTTP Range requests only, the size from Content-Range', async () => {
    const ranges: (string | null)[] = [];
    const host = rangeHost(modelBytes);
    const recording: typeof fetch = async (i, init) => {
      ranges.push(new Headers(init?.headers).get('Range'));
      return host(i, init);
    };
    expect(await readGgufFacts(URL_, recording)).toEqual(expected);
    expect(ranges.length).toBeGreaterThan(0);
    expect(ranges.every((r) => r !== null && /^bytes=\d+-\d+$/.test(r))).toBe(true);
  });

  test('from a host that ignores Range, the size comes from Content-Length', async () => {
    const noRanges: typeof fetch = async () =>
      new Response(modelBytes, { status: 200, headers: { 'Content-Length': String(modelBytes.length) } });
    expect((await readGgufFacts(URL_, noRanges)).fileBytes).toBe(1_185_376);
  });
});

describe('each bad source names its cause', () => {
  test('HTTP 404 is refused as not found', async () => {
    const { problem, message } = await problemOf(URL_, async () => new Response('Not found', { status: 404 }));
    expect(problem).toEqual({ kind: 'http', status: 404 });
    expect(message).toBe(`${URL_}: the server answered HTTP 404 (not found: check the URL).`);
  });

  test('an HTML page, by its Content-Type or by its first bytes', async () => {
    const page = new TextEncoder().encode('<!DOCTYPE html><html><body>Model card</body></html>');
    const byType = await problemOf(URL_, rangeHost(page, 'text/html; charset=utf-8'));
    expect(byType.message).toContain('the server returned an HTML page, not a GGUF file');
    const bySniff = await problemOf(URL_, rangeHost(page, 'application/octet-stream'));
    expect(bySniff.problem).toEqual({ kind: 'html', served: true });
    expect(bySniff.message).toContain('the server returned an HTML page, not a GGUF file');
    expect((await problemOf(new File([page], 'model.gguf'))).message).toBe(
      'model.gguf is an HTML page, not a GGUF file: probably a saved web page about the model rather than the model itself.',
    );
  });

  test('CORS: the fetch fails, but the host answers a no-cors request; the message says what the host must send', async () => {
    const cors: typeof fetch = async (_i, init) => {
      if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
      throw new TypeError('Failed to fetch');
    };
    const { problem, message } = await problemOf(URL_, cors);
    expect(problem).toEqual({ kind: 'cors', host: 'models.example' });
    expect(message).toContain('CORS');
    expect(message).toContain('Access-Control-Allow-Origin');
  });

  test('a network failure is not called CORS', async () => {
    const offline: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect((await problemOf(URL_, offline)).problem).toEqual({ kind: 'network', host: 'models.example' });
  });

  test('wrong magic shows the bytes the file starts with', async () => {
    const { problem, message } = await problemOf(new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4])], 'model.zip.gguf'));
    expect(problem.kind).toBe('not-gguf');
    expect(message).toBe(
      'model.zip.gguf is not a GGUF file: it starts with bytes 50 4b 03 04 01 02 03 04, where a GGUF file starts with "GGUF".',
    );
    expect((await problemOf(new File(['ggml model'], 'old.gguf'))).message).toContain('it starts with "ggml mod"');
  });

  test('a truncated file: its size against what its header describes', async () => {
    const { problem, message } = await problemOf(new File([modelBytes.subarray(0, 300_000)], 'truncated-model.gguf'));
    expect(problem).toEqual({ kind: 'truncated', bytes: 300_000, expected: 1_185_376 });
    expect(message).toBe('truncated-model.gguf is truncated: it has 300,000 bytes, but its header describes 1,185,376. Download it again.');
  });

  test('an unsupported architecture names it', () => {
    expect(problemMessage({ kind: 'unsupported-architecture', architecture: 'mamba9' }, 'm.gguf')).toBe(
      'm.gguf is a "mamba9" model, an architecture this app\'s engine (llama.cpp in wllama) does not run.',
    );
  });

  test('diagnosis after a failed load: null for a whole file, the problem otherwise', async () => {
    expect(await diagnoseGgufSource(new File([modelBytes], 'ok.gguf'))).toBeNull();
    expect(await diagnoseGgufSource(new File([modelBytes.subarray(0, 5000)], 'short.gguf'))).toMatchObject({ kind: 'truncated' });
  });
});

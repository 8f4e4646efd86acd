import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { diagnoseWllamaLoad, mapWllamaChatError, mapWllamaLoadError, storageShortfall } from './wllamaErrors';

const spec = { name: 'Test model', url: 'https://example.org/m.gguf' };

test('an HTTP 404 says the model was not found at its URL', () => {
  const e = mapWllamaLoadError(new Error('Failed to fetch https://example.org/m.gguf: HTTP 404'), spec);
  expect(e.name).toBe('ModelLoadFailed');
  expect(e.message).toContain('HTTP 404');
  expect(e.message).toContain('not found');
  expect(e.message).toContain('https://example.org/m.gguf');
});

test('a gated model (403) tells the user to bring the file themselves', () => {
  expect(mapWllamaLoadError(new Error('HTTP 403'), spec).message).toMatch(/gated/);
});

test('a load failure names the model and suggests the file is truncated', () => {
  const e = mapWllamaLoadError(new Error('Failed to load model'), { name: 'Broken', file: new File(['x'], 'broken.gguf') });
  expect(e.name).toBe('ModelLoadFailed');
  expect(e.message).toContain('broken.gguf');
  expect(e.message).toMatch(/truncated/);
});

test('storage and memory failures get their own kinds', () => {
  const quota = new Error('over');
  quota.name = 'QuotaExceededError';
  expect(mapWllamaLoadError(quota, spec).name).toBe('QuotaExceeded');
  expect(mapWllamaLoadError(new RangeError('Array buffer allocation failed'), spec).name).toBe('OutOfMemory');
});

test("a prompt over the window, in the words of wllama's own llama.cpp server, fails the item as ContextWindowExceeded", () => {
  // The format string as the shipped WASM holds it, so a reworded server message would fail here.
  const wasm = readFileSync(new URL('../../node_modules/@wllama/wllama/esm/wasm/wllama.wasm', import.meta.url)).toString('latin1');
  const format = /request \(%d tokens\) exceeds the available context size \(%d tokens\)[^\0]*/.exec(wasm)?.[0];
  expect(format).toBeDefined();
  const said = new Error(format!.replace('%d', '2088').replace('%d', '2048'));
  const mapped = mapWllamaChatError(said) as Error;
  expect(mapped.name).toBe('ContextWindowExceeded');
  expect(mapped.message).toBe("The prompt is 2088 tokens, more than this model's 2048-token context window holds.");
  const other = new Error('the worker ran out of memory');
  expect(mapWllamaChatError(other)).toBe(other);
});

describe('a failed load is explained from the source itself', () => {
  const modelBytes = readFileSync(new URL('../../public/models/stories260K/stories260K.gguf', import.meta.url));

  test('llama.cpp naming an unknown architecture gives an unsupported-architecture message', async () => {
    const problem = await diagnoseWllamaLoad(
      { file: new File([modelBytes], 'm.gguf') },
      "llama_model_load: error loading model: unknown model architecture: 'mamba9'",
    );
    expect(problem).toEqual({ kind: 'unsupported-architecture', architecture: 'mamba9' });
    const e = mapWllamaLoadError(new Error('Failed to load model'), { name: 'Mamba', file: new File([modelBytes], 'm.gguf') }, problem);
    expect(e.message).toBe(
      'Mamba (m.gguf) is a "mamba9" model, an architecture this app\'s engine (llama.cpp in wllama) does not run. The previous model is still loaded.',
    );
  });

  test('an HTML page saved as .gguf says so, not "not a complete GGUF model"', async () => {
    const file = new File(['<!doctype html><title>Model card</title>'], 'page.gguf');
    const problem = await diagnoseWllamaLoad({ file }, 'Failed to load model');
    const e = mapWllamaLoadError(new Error('Failed to load model'), { name: 'Page', file }, problem);
    expect(e.name).toBe('ModelLoadFailed');
    expect(e.message).toContain('is an HTML page, not a GGUF file');
    expect(e.message).not.toContain('not a complete GGUF');
  });

  test('a URL answered with an HTML page says the server returned one', async () => {
    const page: typeof fetch = async () =>
      new Response('<!DOCTYPE html><p>Sign in</p>', { status: 200, headers: { 'Content-Type': 'text/html' } });
    const problem = await diagnoseWllamaLoad({ url: 'https://cdn.example/m.gguf' }, 'Failed to load model', page);
    const e = mapWllamaLoadError(new Error('Failed to load model'), { name: 'M', url: 'https://cdn.example/m.gguf' }, problem);
    expect(e.message).toBe(
      'M (https://cdn.example/m.gguf): the server returned an HTML page, not a GGUF file. The link is probably a web page about the model; on Hugging Face use the file\'s download ("resolve") link. The previous model is still loaded.',
    );
  });

  test('a truncated file and a wrong magic are told apart', async () => {
    const truncated = await diagnoseWllamaLoad({ file: new File([modelBytes.subarray(0, 300_000)], 't.gguf') }, '');
    expect(truncated).toMatchObject({ kind: 'truncated', bytes: 300_000 });
    const zip = await diagnoseWllamaLoad({ file: new File([new Uint8Array([0x50, 0x4b, 3, 4])], 'z.gguf') }, '');
    expect(zip).toMatchObject({ kind: 'not-gguf' });
  });

  test('a split model is diagnosed from its first part, and a whole file leaves the engine message standing', async () => {
    const parts = [new File(['x'], 'm-00002-of-00002.gguf'), new File([modelBytes], 'm-00001-of-00002.gguf')];
    expect(await diagnoseWllamaLoad({ files: parts }, '')).toBeNull();
  });

  test('a URL the browser may not fetch from another site is called CORS, with what the host must send', async () => {
    const cors: typeof fetch = async (_i, init) => {
      if (init?.mode === 'no-cors') return new Response(null);
      throw new TypeError('Failed to fetch');
    };
    const problem = await diagnoseWllamaLoad({ url: 'https://cdn.example/m.gguf' }, 'Failed to fetch', cors);
    const e = mapWllamaLoadError(new TypeError('Failed to fetch'), { name: 'M', url: 'https://cdn.example/m.gguf' }, problem);
    expect(e.message).toContain('CORS');
    expect(e.message).toContain('Access-Control-Allow-Origin');
  });
});

test('storage running out while downloading is told from other failures, with how much was kept', async () => {
  const whole = { received: 1000, total: 1000 };
  const kept = (n: number) => async () => n;
  // Chromium: no error from the disk, but the whole download arrived and less of it is in the cache.
  expect(await storageShortfall(new Error('Model file not found after download'), whole, kept(300))).toEqual({ needed: 1000, stored: 300 });
  // The browser's own error, wherever the download stopped.
  expect(await storageShortfall(new DOMException('', 'QuotaExceededError'), { received: 10, total: 1000 }, kept(10))).toEqual({
    needed: 1000,
    stored: 10,
  });
  // A download cut off by the network, or a whole file that is simply broken, is not storage.
  expect(await storageShortfall(new TypeError('network error'), { received: 400, total: 1000 }, kept(400))).toBeNull();
  expect(await storageShortfall(new Error('not a GGUF'), whole, kept(1000))).toBeNull();
});

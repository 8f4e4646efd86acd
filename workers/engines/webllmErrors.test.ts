import { describe, expect, it } from 'vitest';
import { BedsideError, type BedsideErrorName } from '../../core/errors';
import { diagnoseWebLlmLoad, mapWebLlmError } from './webllmErrors';

const spec = {
  name: 'Qwen2.5 3B Instruct',
  url: 'https://huggingface.co/mlc-ai/Qwen2.5-3B-Instruct-q4f16_1-MLC',
  modelLib: 'https://example.org/Qwen2.5-3B-Instruct-q4f16_1_cs1k-webgpu.wasm',
  quant: 'q4f16_1',
};

/** Builds an error shaped like web-llm 0.2.86's classes (error.ts): a message and a set name. */
function named(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

function mapped(e: unknown, phase: 'load' | 'inference' = 'load'): { name: BedsideErrorName; message: string } {
  const { name, message } = mapWebLlmError(e, spec, phase);
  return { name, message };
}

describe('mapWebLlmError', () => {
  it('maps missing WebGPU to WebGpuUnavailable with the WASM engine as the way out', () => {
    const m = mapped(
      named(
        'WebGPUNotAvailableError',
        'WebGPU is not supported in your current environment, but it is necessary to run the WebLLM engine.',
      ),
    );
    expect(m.name).toBe('WebGpuUnavailable');
    expect(m.message).toMatch(/WASM engine/);
    expect(mapped(named('WebGPUNotFoundError', 'Cannot find WebGPU in the environment')).name).toBe('WebGpuUnavailable');
  });

  it('maps a missing shader-f16 feature to ShaderF16Unavailable and suggests the q4f32 variant', () => {
    const m = mapped(
      named('ShaderF16SupportError', 'This model requires WebGPU extension shader-f16, which is not enabled in this browser.'),
    );
    expect(m.name).toBe('ShaderF16Unavailable');
    expect(m.message).toContain('Pick the q4f32 variant of the model, or run a GGUF model on the WASM engine');
  });

  it('maps a lost device to DeviceLost and suggests a smaller model or context', () => {
    const m = mapped(
      named(
        'DeviceLostError',
        'The WebGPU device was lost while loading the model. This issue often occurs due to running out of memory (OOM).',
      ),
    );
    expect(m.name).toBe('DeviceLost');
    expect(m.message).toMatch(/smaller model/);
    expect(mapped(new Error('Device was lost: destroyed'), 'inference').name).toBe('DeviceLost');
  });

  it('maps an over-long prompt to ContextWindowExceeded and keeps the token counts', () => {
    const m = mapped(
      named(
        'ContextWindowSizeExceededError',
        'Prompt tokens exceed context window size: number of prompt tokens: 5000; context window size: 4096\nConsider shortening the prompt',
      ),
      'inference',
    );
    expect(m.name).toBe('ContextWindowExceeded');
    expect(m.message).toContain('5000 tokens; the window holds 4096');
  });

  it('maps a storage quota failure to QuotaExceeded', () => {
    expect(mapped(named('QuotaExceededError', 'The quota has been exceeded.')).name).toBe('QuotaExceeded');
    expect(mapped(new TypeError("Failed to execute 'add' on 'Cache': Quota exceeded.")).name).toBe('QuotaExceeded');
  });

  it('maps a Cache API download failure (a 404 loses its status there) to ModelLoadFailed naming both URLs', () => {
    const m = mapped(new TypeError("Failed to execute 'add' on 'Cache': Request failed"));
    expect(m.name).toBe('ModelLoadFailed');
    expect(m.message).toContain(spec.url);
    expect(m.message).toContain(spec.modelLib);
    expect(m.message).toMatch(/404/);
  });

  it('after a failed download, names the missing file with its URL and HTTP status, read from the host', async () => {
    const asked: string[] = [];
    // The host holds the config and the tensor cache, but no tokenizer.json.
    const host = (async (input: RequestInfo | URL) => {
      const url = String(input);
      asked.push(url);
      return /mlc-chat-config\.json$|tensor-cache\.json$/.test(url) ? new Response('{}') : new Response('', { status: 404 });
    }) as typeof fetch;
    const failure = new TypeError("Failed to execute 'add' on 'Cache': Request failed");
    const missing = await diagnoseWebLlmLoad(failure, spec, host);
    const m = mapWebLlmError(failure, spec, 'load', missing);
    expect(m.name).toBe('ModelLoadFailed');
    expect(m.message).toBe(
      `Qwen2.5 3B Instruct could not be loaded: The MLC model's tokenizer.json could not be downloaded from ${spec.url}/resolve/main/tokenizer.json: the server answered HTTP 404 (not found: check the URL). Models already on this device still load.`,
    );
    expect(asked.some((u) => u.endsWith('.wasm'))).toBe(false);
    // Failures that are not downloads ask the host nothing.
    asked.length = 0;
    expect(await diagnoseWebLlmLoad(named('DeviceLostError', 'Device was lost'), spec, host)).toBeNull();
    expect(asked).toEqual([]);
  });

  it('names the HTTP status when the cache reports one', () => {
    expect(mapped(new Error('ArtifactOPFSCache: Unable to fetch https://x/y, received status 404')).message).toMatch(
      /not found \(HTTP 404\)/,
    );
    expect(mapped(new Error('ArtifactOPFSCache: Unable to fetch https://x/y, received status 403')).message).toMatch(/gated or private/);
  });

  it('maps a network failure to ModelLoadFailed that says the network failed', () => {
    expect(mapped(new TypeError('Failed to fetch')).message).toMatch(/network request failed/);
  });

  it('maps an abort, and the reload cancelled by unload(), to AbortError', () => {
    expect(mapped(named('AbortError', 'The operation was aborted.')).name).toBe('AbortError');
    expect(mapped('Engine.unload() is called.').name).toBe('AbortError');
  });

  it('keeps an error that is already a BedsideError', () => {
    const original = new BedsideError('OutOfMemory', 'kept');
    expect(mapWebLlmError(original, spec, 'load')).toBe(original);
  });

  it('falls back to ModelLoadFailed while loading and InferenceFailed while generating, quoting the engine', () => {
    expect(mapped(new Error('weird'), 'load')).toMatchObject({ name: 'ModelLoadFailed', message: expect.stringContaining('weird') });
    expect(mapped(new Error('weird'), 'inference')).toMatchObject({ name: 'InferenceFailed', message: expect.stringContaining('weird') });
  });
});

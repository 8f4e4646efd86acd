import { describe, expect, it } from 'vitest';
import { buildCustomModel, type CustomModelResult } from './customModel';

const MISTRAL_LIB =
  'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base/Mistral-7B-Instruct-v0.3-q4f32_1_cs1k-webgpu.wasm';

function error(result: CustomModelResult): string {
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('buildCustomModel: GGUF by URL', () => {
  it('builds a WASM-engine entry named after the file, with the quantization read from the name', () => {
    const result = buildCustomModel({
      kind: 'gguf-url',
      url: 'https://huggingface.co/gguf/BioMistral-7B-GGUF/resolve/main/biomistral-7b.Q4_K_M.gguf',
    });
    expect(result.ok && result.entry).toMatchObject({
      backend: 'wllama',
      name: 'biomistral-7b.Q4_K_M',
      quant: 'Q4_K_M',
      verifiedOffline: false,
      medical: false,
    });
    expect(result.ok && result.entry.id).toMatch(/^custom:/);
  });

  it('turns a Hugging Face "blob" page link into the downloadable "resolve" link', () => {
    const result = buildCustomModel({
      kind: 'gguf-url',
      url: 'https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/blob/main/qwen2.5-1.5b-instruct-q4_k_m.gguf',
    });
    expect(result.ok && result.entry.url).toBe(
      'https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf',
    );
    expect(result.ok && result.entry.quant).toBe('Q4_K_M');
  });

  it('keeps a name the user typed', () => {
    const result = buildCustomModel({ kind: 'gguf-url', url: 'https://example.org/m.gguf', name: 'My model' });
    expect(result.ok && result.entry.name).toBe('My model');
    expect(result.ok && result.entry.quant).toBe('unknown');
  });

  it('refuses a URL that is not a .gguf file', () => {
    expect(error(buildCustomModel({ kind: 'gguf-url', url: 'https://huggingface.co/gguf/BioMistral-7B-GGUF' }))).toMatch(
      /ending in \.gguf/,
    );
  });

  it('refuses text that is not a URL, non-http schemes, plain http to other hosts, and credentials', () => {
    expect(error(buildCustomModel({ kind: 'gguf-url', url: 'model.gguf' }))).toMatch(/not a complete URL/);
    expect(error(buildCustomModel({ kind: 'gguf-url', url: '  ' }))).toMatch(/Enter a URL/);
    expect(error(buildCustomModel({ kind: 'gguf-url', url: 'ftp://example.org/m.gguf' }))).toMatch(/Only http\(s\)/);
    expect(error(buildCustomModel({ kind: 'gguf-url', url: 'http://example.org/m.gguf' }))).toMatch(/https:\/\//);
    expect(error(buildCustomModel({ kind: 'gguf-url', url: 'https://u:p@example.org/m.gguf' }))).toMatch(/credentials/);
  });

  it('accepts plain http from this machine, for a model served locally', () => {
    expect(buildCustomModel({ kind: 'gguf-url', url: 'http://127.0.0.1:8000/m.Q8_0.gguf' }).ok).toBe(true);
  });
});

describe('buildCustomModel: local GGUF file', () => {
  it('builds a local entry with the file size as download size', () => {
    const result = buildCustomModel({ kind: 'gguf-file', fileName: 'meditron-7b.Q2_K.gguf', sizeBytes: 1_500_000_000 });
    expect(result.ok && result.entry).toMatchObject({
      backend: 'wllama',
      local: true,
      url: 'meditron-7b.Q2_K.gguf',
      sizeBytes: 1_500_000_000,
      quant: 'Q2_K',
    });
  });

  it('refuses a file that is not .gguf, an empty one, and one over the 2 GB a WASM file can be', () => {
    expect(error(buildCustomModel({ kind: 'gguf-file', fileName: 'model.safetensors', sizeBytes: 10 }))).toMatch(/\.gguf file/);
    expect(error(buildCustomModel({ kind: 'gguf-file', fileName: 'm.gguf', sizeBytes: 0 }))).toMatch(/empty/);
    expect(error(buildCustomModel({ kind: 'gguf-file', fileName: 'm.gguf', sizeBytes: 4_370_000_000 }))).toBe(
      '"m.gguf" is 4.4 GB; the WASM engine reads one file of at most 2.1 GB. Split it with llama-gguf-split --split --split-max-size 512M m.gguf m, then pick all the parts at once under "GGUF file".',
    );
  });
});

describe('buildCustomModel: MLC weights with a prebuilt library', () => {
  it('runs converted BioMistral weights on the prebuilt Mistral library of the same quantization', () => {
    const result = buildCustomModel({
      kind: 'mlc',
      weightsUrl: 'https://huggingface.co/someone/BioMistral-7B-q4f32_1-MLC',
      modelLibUrl: MISTRAL_LIB,
    });
    expect(result.ok && result.entry).toMatchObject({
      backend: 'webllm',
      url: 'https://huggingface.co/someone/BioMistral-7B-q4f32_1-MLC',
      modelLib: MISTRAL_LIB,
      quant: 'q4f32_1',
      requiresF16: false,
      name: 'someone/BioMistral-7B-q4f32_1-MLC',
      contextSize: 4096,
    });
  });

  it('marks an f16 build as needing shader-f16', () => {
    const result = buildCustomModel({
      kind: 'mlc',
      weightsUrl: 'https://huggingface.co/x/BioMistral-7B-q4f16_1-MLC',
      modelLibUrl: MISTRAL_LIB.replace('q4f32_1', 'q4f16_1'),
    });
    expect(result.ok && result.entry.requiresF16).toBe(true);
  });

  it('refuses weights and a library of different quantizations', () => {
    expect(
      error(buildCustomModel({ kind: 'mlc', weightsUrl: 'https://huggingface.co/x/BioMistral-7B-q4f16_1-MLC', modelLibUrl: MISTRAL_LIB })),
    ).toMatch(/q4f16_1 but the library is built for q4f32_1/);
  });

  it('refuses a library that is not .wasm and weights given as a single file', () => {
    expect(
      error(buildCustomModel({ kind: 'mlc', weightsUrl: 'https://huggingface.co/x/y-MLC', modelLibUrl: 'https://example.org/lib.js' })),
    ).toMatch(/ending in \.wasm/);
    expect(
      error(buildCustomModel({ kind: 'mlc', weightsUrl: 'https://huggingface.co/x/y/resolve/main/model.gguf', modelLibUrl: MISTRAL_LIB })),
    ).toMatch(/not a single weights file/);
  });

  it('says which of the two URLs is wrong', () => {
    expect(error(buildCustomModel({ kind: 'mlc', weightsUrl: 'nope', modelLibUrl: MISTRAL_LIB }))).toMatch(/^Weights URL:/);
    expect(error(buildCustomModel({ kind: 'mlc', weightsUrl: 'https://huggingface.co/x/y-MLC', modelLibUrl: 'nope' }))).toMatch(
      /^Model library URL:/,
    );
  });
});

describe('split GGUFs as custom models', () => {
  const part = (i: number, sizeBytes = 600e6) => ({ fileName: `Med-Q4_K_M-${String(i).padStart(5, '0')}-of-00003.gguf`, sizeBytes });

  it('takes every picked part, in part order, as one local model of their summed size', () => {
    const result = buildCustomModel({ kind: 'gguf-parts', parts: [part(2), part(3, 400e6), part(1)] });
    expect(result).toMatchObject({
      ok: true,
      entry: {
        id: 'custom:file:Med-Q4_K_M-00001-of-00003.gguf',
        name: 'Med-Q4_K_M',
        quant: 'Q4_K_M',
        sizeBytes: 1_600_000_000,
        partSizes: [600e6, 600e6, 400e6],
        local: true,
      },
    });
  });

  it('refuses an incomplete set, naming the missing part', () => {
    expect(buildCustomModel({ kind: 'gguf-parts', parts: [part(1), part(3)] })).toEqual({
      ok: false,
      error: 'Missing part of 3: Med-Q4_K_M-00002-of-00003.gguf. Pick all parts together.',
    });
  });

  it('refuses a part over 2 GB', () => {
    expect(buildCustomModel({ kind: 'gguf-parts', parts: [part(1, 2.5e9), part(2), part(3)] })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^"Med-Q4_K_M-00001-of-00003\.gguf" is 2\.5 GB; every part must be at most 2\.1 GB/),
    });
  });

  it('keeps a URL to any part as the URL of part 1, named without the part suffix', () => {
    const result = buildCustomModel({ kind: 'gguf-url', url: 'https://huggingface.co/a/b/resolve/main/Med-Q4_K_M-00002-of-00003.gguf' });
    expect(result).toMatchObject({
      ok: true,
      entry: { url: 'https://huggingface.co/a/b/resolve/main/Med-Q4_K_M-00001-of-00003.gguf', name: 'Med-Q4_K_M', quant: 'Q4_K_M' },
    });
  });
});

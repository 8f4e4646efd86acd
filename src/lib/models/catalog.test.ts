import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { catalog, WASM_FILE_LIMIT_BYTES } from './catalog';

describe('catalog', () => {
  it('lists the bundled test model first, with a relative URL and its real file size', () => {
    const first = catalog[0];
    expect(first).toMatchObject({
      id: 'stories260K',
      name: 'TinyStories 260K (test model)',
      backend: 'wllama',
      quant: 'f32',
      licence: 'MIT',
      verifiedOffline: true,
    });
    expect(first?.url).toBe('models/stories260K/stories260K.gguf');
    expect(statSync(resolve(import.meta.dirname, '../../../public', first?.url ?? '')).size).toBe(first?.sizeBytes);
  });

  it('has unique ids', () => {
    expect(new Set(catalog.map((e) => e.id)).size).toBe(catalog.length);
  });

  it('takes every WebLLM id, URL, model library, VRAM need and context size from web-llm 0.2.86 itself', () => {
    const webllm = catalog.filter((e) => e.backend === 'webllm');
    expect(webllm.length).toBe(16);
    for (const entry of webllm) {
      const record = prebuiltAppConfig.model_list.find((r) => r.model_id === entry.id);
      expect(record, entry.id).toBeDefined();
      expect(entry.url).toBe(record?.model);
      expect(entry.modelLib).toBe(record?.model_lib);
      expect(entry.memoryBytes / (1024 * 1024)).toBeCloseTo(record?.vram_required_MB ?? 0, 0);
      expect(entry.contextSize).toBe(record?.overrides?.context_window_size);
    }
  });

  it('offers each WebLLM model as q4f16 (needs shader-f16) and as q4f32 (runs without it)', () => {
    const webllm = catalog.filter((e) => e.backend === 'webllm');
    for (const entry of webllm.filter((e) => e.quant === 'q4f16_1')) {
      expect(entry.requiresF16).toBe(true);
      expect(webllm.some((e) => e.id === entry.id.replace('q4f16_1', 'q4f32_1') && !e.requiresF16)).toBe(true);
    }
  });

  it('uses absolute https URLs for every remote model and a .gguf file for every WASM model', () => {
    for (const entry of catalog.slice(1)) {
      expect(new URL(entry.url).protocol).toBe('https:');
      if (entry.backend === 'wllama') expect(entry.url).toMatch(/\.gguf$/);
      else expect(entry.modelLib).toMatch(/^https:\/\/.+\.wasm$/);
    }
  });

  it('marks medical GGUF links as unverified and explains when a file is too big for the WASM engine', () => {
    const medical = catalog.filter((e) => e.medical);
    expect(medical.map((e) => e.id)).toEqual([
      'medgemma-4b-it-Q4_K_M',
      'biomistral-7b-Q4_K_M',
      'openbiollm-llama3-8b-Q4_K_M',
      'meditron-7b-Q4_K_M',
    ]);
    for (const entry of medical) {
      expect(entry.verifiedOffline).toBe(false);
      if (entry.backend === 'wllama' && entry.sizeBytes > WASM_FILE_LIMIT_BYTES) expect(entry.notes).toMatch(/2 GB|4 GiB/);
    }
  });

  it('states a memory need at least as large as the download for every model', () => {
    for (const entry of catalog) expect(entry.memoryBytes, entry.id).toBeGreaterThanOrEqual(entry.sizeBytes * 0.9);
  });
});

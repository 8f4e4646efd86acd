import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { publishedScores } from '../benchmarks/reference/publishedScores';
import { catalog, WASM_FILE_LIMIT_BYTES } from './catalog';
import { MEDICAL_MODELS } from './medicalCatalog';
import { formatBytes } from '../core/bytes';
import { withGgufFacts } from './customFacts';
import { readGgufFacts } from './ggufSource';

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
    expect(statSync(resolve(import.meta.dirname, '../public', first?.url ?? '')).size).toBe(first?.sizeBytes);
  });

  it('gives the bundled model the size, shape and memory the same file gets when added by URL or picked', async () => {
    const bundled = catalog[0]!;
    const file = new Blob([readFileSync(resolve(import.meta.dirname, '../public', bundled.url))]);
    const added = withGgufFacts({ ...bundled, id: 'custom:copy', memoryBytes: 0 }, await readGgufFacts(file));
    expect(bundled.shape).toEqual(added.shape);
    expect(bundled.sizeBytes).toBe(added.sizeBytes);
    expect(bundled.memoryBytes).toBe(added.memoryBytes);
    expect(formatBytes(bundled.memoryBytes)).toBe('6.3 MB');
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

  it('lists the medical models the issue asks for, with architecture, parameters and quantization', () => {
    expect(MEDICAL_MODELS.map((m) => m.entry.id)).toEqual([
      'medgemma-4b-it-Q4_K_M',
      'meditron3-gemma2-2b-Q4_K_M',
      'apollo-2b-Q4_0',
      'mediphi-instruct-Q4_K_M',
      'openbiollm-llama3-8b-Q4_K_M',
      'biomistral-7b-Q4_K_M',
      'meditron-7b-Q4_K_M',
    ]);
    expect(catalog.filter((e) => e.medical).map((e) => e.id)).toEqual(MEDICAL_MODELS.map((m) => m.entry.id));
    for (const { entry } of MEDICAL_MODELS) {
      expect(entry.shape?.architecture, entry.id).toMatch(/^(gemma[23]?|phi3|llama)$/);
      expect(entry.shape?.parameters, entry.id).toBeGreaterThan(1e9);
      expect(entry.quant, entry.id).toMatch(/^Q\d/);
    }
  });

  it('gives every medical entry a licence, sizes, a reference-score source or an explicit "none published", and a verified flag', () => {
    for (const { entry, provenance } of MEDICAL_MODELS) {
      expect(entry.licence, entry.id).toMatch(/^(?!unknown)\S{2,}/);
      expect(entry.sizeBytes, entry.id).toBeGreaterThan(1e9);
      expect(entry.memoryBytes, entry.id).toBeGreaterThan(entry.sizeBytes);
      expect(typeof provenance.verified, entry.id).toBe('boolean');
      if (!provenance.verified) expect(provenance.unconfirmed.length, entry.id).toBeGreaterThan(0);
      expect(provenance.modelCard, entry.id).toMatch(/^https:\/\/huggingface\.co\//);
      const published = publishedScores.filter((s) => s.catalogIds.includes(entry.id));
      if (provenance.referenceScores === 'publishedScores.json') {
        expect(published.length, entry.id).toBeGreaterThan(0);
        for (const s of published) expect(s.sourceUrl, entry.id).toMatch(/^https:\/\//);
      } else {
        expect(published, entry.id).toEqual([]);
        expect(provenance.referenceScores.none.length, entry.id).toBeGreaterThan(10);
      }
    }
  });

  it('gates MedGemma behind the Health AI Developer Foundations terms', () => {
    const medgemma = catalog.find((e) => e.id === 'medgemma-4b-it-Q4_K_M');
    expect(medgemma?.licenceGate?.url).toBe('https://developers.google.com/health-ai-developer-foundations/terms');
    expect(catalog.filter((e) => e.licenceGate).map((e) => e.id)).toEqual(['medgemma-4b-it-Q4_K_M']);
  });

  it('gives the exact llama-gguf-split command for every medical file over 2 GB that has no publisher split', () => {
    for (const entry of catalog.filter((e) => e.medical && e.sizeBytes > WASM_FILE_LIMIT_BYTES && !e.partSizes)) {
      const file = entry.url.split('/').pop()!;
      expect(entry.notes, entry.id).toContain(`llama-gguf-split --split --split-max-size 512M ${file} ${file.replace(/\.gguf$/, '')}`);
    }
  });

  it('states a memory need at least as large as the download for every model', () => {
    for (const entry of catalog) expect(entry.memoryBytes, entry.id).toBeGreaterThanOrEqual(entry.sizeBytes * 0.9);
  });
});

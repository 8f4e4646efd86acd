import { describe, expect, it } from 'vitest';
import { estimateGgufMemory } from './memoryEstimate';

// MedGemma 4B's text model: 34 layers, 4 KV heads of 256, 2560 wide, 262 144 tokens.
const medgemma = {
  sizeBytes: 2_490_000_000,
  quant: 'Q4_K_M',
  shape: { architecture: 'gemma3', parameters: 3.88e9, layers: 34, embedding: 2560, heads: 8, kvHeads: 4, headDim: 256, vocab: 262144 },
};
// MediPhi (Phi-3.5-mini): 32 layers, 32 KV heads of 96, Q4_K_M.
const mediphi = {
  sizeBytes: 2_390_000_000,
  quant: 'Q4_K_M',
  shape: { architecture: 'phi3', parameters: 3.82e9, layers: 32, embedding: 3072, heads: 32, kvHeads: 32, headDim: 96, vocab: 32064 },
};

describe('estimateGgufMemory', () => {
  it('sizes the KV cache by precision: f32 under exact, f16 under fast, for every layer, cell, KV head and head dim', () => {
    expect(estimateGgufMemory(medgemma, 4096, 'exact').kvCacheBytes).toBe(2 * 34 * 4096 * 4 * 256 * 4);
    expect(estimateGgufMemory(medgemma, 4096, 'fast').kvCacheBytes).toBe(2 * 34 * 4096 * 4 * 256 * 2);
  });

  it('counts KV cells as llama.cpp allocates them, in multiples of 256', () => {
    expect(estimateGgufMemory(medgemma, 100, 'fast').kvCacheBytes).toBe(estimateGgufMemory(medgemma, 256, 'fast').kvCacheBytes);
  });

  it('adds one layer’s attention scores (cells × batch × heads, f32) without flash attention, none with it', () => {
    const exact = estimateGgufMemory(mediphi, 4096, 'exact');
    const fast = estimateGgufMemory(mediphi, 4096, 'fast');
    expect(exact.attentionBytes).toBe(4096 * 512 * 32 * 4);
    expect(fast.attentionBytes).toBe(0);
    // The scores sit beside the f32 KQ mask (cells × batch); flash attention needs neither.
    expect(exact.computeBytes).toBeGreaterThan(exact.attentionBytes + 4 * 4096 * 512);
    expect(fast.computeBytes).toBeLessThan(exact.attentionBytes);
  });

  it('puts MediPhi at 4096 tokens over the WASM engine’s 4 GiB under exact, and under it under fast', () => {
    const limit = 4 * 1024 ** 3;
    expect(estimateGgufMemory(mediphi, 4096, 'exact').totalBytes).toBeGreaterThan(5.5e9);
    expect(estimateGgufMemory(mediphi, 4096, 'fast').totalBytes).toBeLessThan(limit);
  });

  it('matches the compute buffers wllama logged for synthetic Llama shapes', () => {
    // llama-60m (768 wide, 10 layers, 12 heads, 4 KV heads of 64, FFN 2048, 512 tokens) at 2048 tokens:
    // sched_reserve logged 62.01 MiB without flash attention and 21.53 MiB with it.
    const llama60m = {
      sizeBytes: 127_483_456,
      quant: 'F16',
      shape: {
        architecture: 'llama',
        parameters: 63.72e6,
        layers: 10,
        embedding: 768,
        heads: 12,
        kvHeads: 4,
        headDim: 64,
        vocab: 512,
        feedForward: 2048,
      },
    };
    const mib = (bytes: number) => bytes / 1024 ** 2;
    expect(mib(estimateGgufMemory(llama60m, 2048, 'exact').computeBytes)).toBeCloseTo(62.01, 0);
    expect(mib(estimateGgufMemory(llama60m, 2048, 'fast').computeBytes)).toBeCloseTo(21.53, 0);
    expect(mib(estimateGgufMemory(llama60m, 2048, 'exact').kvCacheBytes)).toBe(40);
  });

  it('derives the feed-forward width from the parameter count where the shape lacks it (Llama 3 8B: 14 336)', () => {
    const shape = {
      architecture: 'llama',
      parameters: 8.03e9,
      layers: 32,
      embedding: 4096,
      heads: 32,
      kvHeads: 8,
      headDim: 128,
      vocab: 128256,
    };
    const derived = estimateGgufMemory({ sizeBytes: 4.9e9, quant: 'Q4_K_M', shape }, 4096, 'fast');
    const given = estimateGgufMemory({ sizeBytes: 4.9e9, quant: 'Q4_K_M', shape: { ...shape, feedForward: 14336 } }, 4096, 'fast');
    expect(derived.computeBytes / given.computeBytes).toBeCloseTo(1, 2);
  });

  it('totals weights, KV cache and compute', () => {
    const m = estimateGgufMemory(medgemma, 4096, 'exact');
    expect(m.totalBytes).toBe(m.weightsBytes + m.kvCacheBytes + m.computeBytes);
    expect(m.weightsBytes).toBe(2_490_000_000);
  });

  it('takes the largest tensor as the vocabulary matrix at Q6_K for K-quants, at its own width otherwise', () => {
    expect(estimateGgufMemory(medgemma, 4096, 'fast').largestTensorBytes).toBe(Math.ceil((262144 * 2560 * 6.5625) / 8));
    expect(estimateGgufMemory({ ...medgemma, quant: 'F16' }, 4096, 'fast').largestTensorBytes).toBe(262144 * 2560 * 2);
  });

  it('falls back to the file size alone for a model of unknown shape, and says so', () => {
    expect(estimateGgufMemory({ sizeBytes: 1e9, quant: 'Q4_K_M' }, 4096, 'exact')).toEqual({
      precision: 'exact',
      weightsBytes: 1e9,
      kvCacheBytes: 0,
      computeBytes: 0,
      attentionBytes: 0,
      totalBytes: 1e9,
      largestTensorBytes: 1e9,
      fromShape: false,
    });
  });
});

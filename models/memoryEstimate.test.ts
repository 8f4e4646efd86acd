import { describe, expect, it } from 'vitest';
import { estimateGgufMemory } from './memoryEstimate';

// MedGemma 4B's text model: 34 layers, 4 KV heads of 256, 2560 wide, 262 144 tokens.
const medgemma = {
  sizeBytes: 2_490_000_000,
  quant: 'Q4_K_M',
  shape: { architecture: 'gemma3', parameters: 3.88e9, layers: 34, embedding: 2560, heads: 8, kvHeads: 4, headDim: 256, vocab: 262144 },
};

describe('estimateGgufMemory', () => {
  it('adds the f16 KV cache for the context: 2 (K, V) × layers × tokens × KV heads × head dim × 2 bytes', () => {
    const m = estimateGgufMemory(medgemma, 4096);
    expect(m.kvCacheBytes).toBe(2 * 34 * 4096 * 4 * 256 * 2); // 570 425 344 bytes, 544 MiB
    expect(m.weightsBytes).toBe(2_490_000_000);
  });

  it('sizes the compute buffer by one 512-token batch of logits and activations in f32', () => {
    expect(estimateGgufMemory(medgemma, 4096).computeBytes).toBe(512 * (262144 + 8 * 2560) * 4);
  });

  it('totals weights, KV cache and compute, and grows with the context', () => {
    const short = estimateGgufMemory(medgemma, 1024);
    const long = estimateGgufMemory(medgemma, 4096);
    expect(long.totalBytes).toBe(long.weightsBytes + long.kvCacheBytes + long.computeBytes);
    expect(long.totalBytes - short.totalBytes).toBe(long.kvCacheBytes - short.kvCacheBytes);
  });

  it('takes the largest tensor as the vocabulary matrix at Q6_K for K-quants, at its own width otherwise', () => {
    expect(estimateGgufMemory(medgemma, 4096).largestTensorBytes).toBe(Math.ceil((262144 * 2560 * 6.5625) / 8));
    expect(estimateGgufMemory({ ...medgemma, quant: 'F16' }, 4096).largestTensorBytes).toBe(262144 * 2560 * 2);
  });

  it('falls back to the file size alone for a model of unknown shape, and says so', () => {
    expect(estimateGgufMemory({ sizeBytes: 1e9, quant: 'Q4_K_M' }, 4096)).toEqual({
      weightsBytes: 1e9,
      kvCacheBytes: 0,
      computeBytes: 0,
      totalBytes: 1e9,
      largestTensorBytes: 1e9,
      fromShape: false,
    });
  });
});

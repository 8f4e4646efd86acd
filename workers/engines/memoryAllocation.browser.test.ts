import { afterEach, describe, expect, test } from 'vitest';
import type { Engine, Precision } from '../../core/engine';
import { estimateGgufMemory } from '../../models/memoryEstimate';
import { readGgufFacts } from '../../models/ggufSource';
import { readGgufHeader } from '../../testing/gguf';
import { encodeGguf } from '../../testing/ggufWriter';
import { SYNTHETIC_SHAPES, spmVocabFromMetadata, syntheticLlamaGguf } from '../../testing/syntheticLlama';
import { createWllamaEngine } from './wllama';

/**
 * The memory estimate (models/memoryEstimate.ts) against what the WASM engine really allocates: the
 * buffer sizes llama.cpp states in its load log (weights, KV cache, compute, output), for the bundled
 * model and a synthetic 64M-parameter Llama, under both precisions, at the 2048-token window they load with.
 */
const CONTEXT = 2048;
const bundledUrl = new URL('/models/stories260K/stories260K.gguf', location.href).href;

async function bundled(): Promise<File> {
  return new File([await (await fetch(bundledUrl)).arrayBuffer()], 'stories260K.gguf');
}

async function synthetic60m(): Promise<File> {
  const vocab = spmVocabFromMetadata((await readGgufHeader(bundledUrl)).metadata);
  const shape = SYNTHETIC_SHAPES.find((s) => s.id === '60m')!;
  return new File([...encodeGguf(syntheticLlamaGguf(shape, 'f16', vocab, 7))] as BlobPart[], 'llama-60m-f16.gguf');
}

describe('memory estimates against the engine’s allocations', () => {
  let engine: Engine | null = null;
  afterEach(async () => {
    await engine?.unload();
    engine = null;
  });

  const cases: { name: string; precision: Precision; file: () => Promise<File> }[] = [
    { name: 'stories260K', precision: 'exact', file: bundled },
    { name: 'stories260K', precision: 'fast', file: bundled },
    { name: 'llama-60m f16', precision: 'exact', file: synthetic60m },
    { name: 'llama-60m f16', precision: 'fast', file: synthetic60m },
  ];

  test.each(cases)('$name under $precision: the estimate is within 15% of what llama.cpp allocated', async ({ name, precision, file }) => {
    const gguf = await file();
    const facts = await readGgufFacts(gguf);
    expect(facts.shape).not.toBeNull();
    const estimate = estimateGgufMemory({ sizeBytes: gguf.size, quant: facts.quant, shape: facts.shape! }, CONTEXT, precision);
    engine = createWllamaEngine();
    const caps = await engine.load(
      { id: name, name, backend: 'wllama', quant: facts.quant, contextSize: CONTEXT, file: gguf, precision },
      () => undefined,
    );
    expect(caps.precision).toEqual({ precision, kvCacheType: precision === 'exact' ? 'f32' : 'f16', flashAttention: precision === 'fast' });
    const allocated = caps.buffers!;
    const allocatedTotal = allocated.modelBytes + allocated.kvCacheBytes + allocated.computeBytes + allocated.outputBytes;
    console.log(
      `${name} ${precision}: estimate ${(estimate.totalBytes / 1e6).toFixed(2)} MB (KV ${(estimate.kvCacheBytes / 1e6).toFixed(2)}, compute ${(estimate.computeBytes / 1e6).toFixed(2)}), ` +
        `allocated ${(allocatedTotal / 1e6).toFixed(2)} MB (KV ${(allocated.kvCacheBytes / 1e6).toFixed(2)}, compute ${(allocated.computeBytes / 1e6).toFixed(2)})`,
    );
    expect(Math.abs(estimate.totalBytes / allocatedTotal - 1)).toBeLessThan(0.15);
    // Each part on its own, so one error cannot hide behind another.
    expect(Math.abs(estimate.kvCacheBytes / allocated.kvCacheBytes - 1)).toBeLessThan(0.01);
    expect(Math.abs(estimate.computeBytes / allocated.computeBytes - 1)).toBeLessThan(0.15);
    expect(Math.abs(estimate.weightsBytes / allocated.modelBytes - 1)).toBeLessThan(0.15);
  });
});

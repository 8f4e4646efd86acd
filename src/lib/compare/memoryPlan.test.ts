import { describe, expect, it } from 'vitest';
import { catalog } from '../../../models/catalog';
import { kvCacheBytes, planMemory, WASM_WORKER_LIMIT_BYTES } from './memoryPlan';

const bundled = catalog.find((e) => e.id === 'stories260K')!;
const GIB = 1024 ** 3;

describe('kvCacheBytes', () => {
  it('is Llama 2 7B’s real f16 KV cache size within 10%', () => {
    // 7B parameters in f16: 2·32 layers·4096·2 bytes = 512 KiB per token.
    const kv = kvCacheBytes({ sizeBytes: 7e9 * 2, quant: 'f16' }, 4096);
    expect(kv / (524288 * 4096)).toBeGreaterThan(0.9);
    expect(kv / (524288 * 4096)).toBeLessThan(1.1);
  });
});

describe('planMemory', () => {
  it('runs two bundled-model contestants in parallel, with the numbers in the reason in decimal units only', () => {
    const plan = planMemory(
      [
        { label: 'A', entry: bundled },
        { label: 'B', entry: bundled },
      ],
      8,
    );
    expect(plan.mode).toBe('parallel');
    expect(plan.reason).toMatch(
      /^In parallel, one engine each: together .* fits, as this device reports 8\.6 GB of memory and 50% of it is 4\.3 GB/,
    );
    expect(plan.reason).not.toMatch(/[KMG]iB/);
    expect(plan.contestants[0]!.kvBytes).toBeGreaterThan(0);
  });

  it('goes one after another when the total exceeds half the device memory, or assumes 4 GiB when unreported', () => {
    const big = { ...bundled, id: 'big', sizeBytes: 1.5 * GIB, quant: 'Q4_K_M' };
    const two = [
      { label: 'A', entry: big },
      { label: 'B', entry: big },
    ];
    expect(planMemory(two, 8).mode).toBe('parallel');
    const unknown = planMemory(two, undefined);
    expect(unknown.mode).toBe('sequential');
    expect(unknown.reason).toContain('this browser does not report its memory, so 4.3 GB is assumed');
    expect(planMemory(two, 2).mode).toBe('sequential');
  });

  it('counts the model already loaded for Consult against the same budget', () => {
    const big = { ...bundled, id: 'big', sizeBytes: 1.5 * GIB, quant: 'Q4_K_M' };
    const two = [
      { label: 'A', entry: big },
      { label: 'B', entry: big },
    ];
    const alone = planMemory(two, 8);
    expect(alone.mode).toBe('parallel');
    const held = planMemory(two, 8, { label: 'Consult’s model', entry: big, precision: 'fast' });
    // Two fit half of 8 GiB; with a third held for Consult they do not.
    expect(alone.contestants.reduce((s, c) => s + c.totalBytes, 0) * 1.5).toBeGreaterThan(alone.budgetBytes);
    expect(held.mode).toBe('sequential');
    expect(held.resident?.totalBytes).toBe(held.contestants[0]!.totalBytes);
    expect(held.reason).toContain('Consult’s model, already loaded for Consult, ≈');
  });

  it('sizes a model held at exact precision with its f32 KV cache', () => {
    const shaped = {
      ...bundled,
      id: 'shaped',
      sizeBytes: 1e9,
      shape: { architecture: 'llama', parameters: 1e9, layers: 16, embedding: 2048, heads: 32, kvHeads: 8, headDim: 64, vocab: 32000 },
    };
    const plan = planMemory([{ label: 'A', entry: shaped }], 8, { label: 'held', entry: shaped, precision: 'exact' });
    expect(plan.resident!.kvBytes).toBe(2 * plan.contestants[0]!.kvBytes);
  });

  it('blocks a GGUF over one WASM worker’s 4 GiB', () => {
    const huge = { ...bundled, id: 'huge', sizeBytes: WASM_WORKER_LIMIT_BYTES, quant: 'Q8_0' };
    expect(planMemory([{ label: 'H', entry: huge }], 64)).toMatchObject({
      blocked: 'H',
      reason: 'H needs more than the 4.3 GB one WASM engine can address.',
    });
  });
});

describe('a served contestant', () => {
  it('costs this device nothing, so it never pushes the others to run one after another', () => {
    const served = {
      ...bundled,
      id: 'endpoint:http://10.0.0.5:8000#m',
      backend: 'endpoint' as const,
      sizeBytes: 0,
      memoryBytes: 0,
      served: { baseUrl: 'http://10.0.0.5:8000', host: '10.0.0.5:8000', modelId: 'm' },
    };
    const big = { ...bundled, id: 'big', sizeBytes: 1.5 * GIB, quant: 'Q4_K_M' };
    const plan = planMemory(
      [
        { label: 'A', entry: big },
        { label: 'B', entry: served },
      ],
      4,
    );
    expect(plan.contestants[1]).toEqual({ label: 'B', weightsBytes: 0, kvBytes: 0, totalBytes: 0 });
    expect(plan.mode).toBe('parallel');
    // The same model twice in this browser would not fit.
    expect(
      planMemory(
        [
          { label: 'A', entry: big },
          { label: 'B', entry: big },
        ],
        4,
      ).mode,
    ).toBe('sequential');
  });
});

describe('contestantMemory', () => {
  it('uses the model’s shape where the catalog knows it', () => {
    const shaped = {
      ...bundled,
      id: 'shaped',
      sizeBytes: 1e9,
      contextSize: 8192,
      shape: { architecture: 'llama', parameters: 1e9, layers: 16, embedding: 2048, heads: 32, kvHeads: 8, headDim: 64, vocab: 32000 },
    };
    // Loaded with 4096 tokens: 2 · 16 layers · 4096 · 8 kv heads · 64 · 2 bytes = 128 MiB.
    expect(planMemory([{ label: 'S', entry: shaped }], 8).contestants[0]!.kvBytes).toBe(2 * 16 * 4096 * 8 * 64 * 2);
  });
});

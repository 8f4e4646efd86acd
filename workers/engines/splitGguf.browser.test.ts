import { afterAll, describe, expect, test } from 'vitest';
import type { Engine, ModelSpec } from '../../core/engine';
import { readGgufHeader } from '../../testing/gguf';
import { splitGgufSpec } from '../../testing/splitGgufWriter';
import { encodeGguf, type GgufFileSpec } from '../../testing/ggufWriter';
import { SYNTHETIC_SHAPES, spmVocabFromMetadata, syntheticLlamaGguf } from '../../testing/syntheticLlama';
import { splitPartName } from '../../models/ggufSplit';
import { createWllamaEngine } from './wllama';

/** A split GGUF, as llama-gguf-split writes it, loads in the real engine from picked parts in any order. */
async function syntheticSpec(): Promise<GgufFileSpec> {
  const header = await readGgufHeader(new URL('/models/stories260K/stories260K.gguf', location.href).href);
  return syntheticLlamaGguf(
    SYNTHETIC_SHAPES.find((s) => s.id === '1m')!,
    'f16',
    spmVocabFromMetadata(header.metadata),
    11,
  );
}

const file = (spec: GgufFileSpec, name: string) => new File([...encodeGguf(spec)] as BlobPart[], name);
const base: Omit<ModelSpec, 'id'> = { name: 'synthetic split', backend: 'wllama', quant: 'f16', contextSize: 256 };
const greedy = { temperature: 0, topP: 1, maxTokens: 12 };
const messages = [{ role: 'user' as const, content: 'Once upon a time' }];

describe('a split GGUF in wllama', () => {
  const engines: Engine[] = [];
  afterAll(async () => {
    for (const engine of engines) await engine.unload();
  });

  test('three parts picked out of order load and answer exactly as the whole file does', async () => {
    const spec = await syntheticSpec();
    const parts = splitGgufSpec(spec, 3).map((p, i) => file(p, splitPartName('synthetic', i + 1, 3)));

    const whole = createWllamaEngine();
    engines.push(whole);
    await whole.load({ ...base, id: 'whole', file: file(spec, 'synthetic.gguf') }, () => undefined);
    const expected = await whole.chat(messages, greedy);

    const split = createWllamaEngine();
    engines.push(split);
    const seen: number[] = [];
    const caps = await split.load({ ...base, id: 'split', files: [parts[2]!, parts[0]!, parts[1]!] }, (p) => seen.push(p.total));
    expect(caps.vocabSize).toBe(512); // stories260K's vocabulary, lent to the synthetic model
    // This project runs Chromium without WebGPU: llama.cpp's log says no layer was offloaded.
    expect(caps.compute).toEqual({ kind: 'cpu', threads: caps.threads, reason: 'no WebGPU adapter in this browser' });
    // One progress over the whole set: its total is the sum of the parts.
    expect(seen[0]).toBe(parts.reduce((n, f) => n + f.size, 0));
    expect((await split.chat(messages, greedy)).text).toBe(expected.text);
  });

  test('a set with a part missing is refused by name before anything loads', async () => {
    const spec = await syntheticSpec();
    const parts = splitGgufSpec(spec, 3).map((p, i) => file(p, splitPartName('synthetic', i + 1, 3)));
    const engine = createWllamaEngine();
    await expect(engine.load({ ...base, id: 'broken', files: [parts[0]!, parts[2]!] }, () => undefined)).rejects.toThrow(
      /synthetic-00002-of-00003\.gguf/,
    );
  });
});

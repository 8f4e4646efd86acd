import { afterAll, describe, expect, test } from 'vitest';
import { readGgufHeader } from '../../testing/gguf';
import { encodeGguf } from '../../testing/ggufWriter';
import { SYNTHETIC_SHAPES, spmVocabFromMetadata, syntheticLlamaGguf, type WeightType } from '../../testing/syntheticLlama';
import type { Engine } from '../../core/engine';
import { createWllamaEngine } from './wllama';

/**
 * The perf bench trusts that what the GGUF writer produces is a model wllama can run: the writer is
 * pure, so it runs here in the browser, and its output goes straight into the real engine.
 */
const tiny = SYNTHETIC_SHAPES.find((s) => s.id === '1m')!;
const completionTokens = 16;

async function donorVocab() {
  const header = await readGgufHeader(new URL('/models/stories260K/stories260K.gguf', location.href).href);
  return spmVocabFromMetadata(header.metadata);
}

describe('synthetic GGUF written in the browser runs in wllama', () => {
  const engines: Engine[] = [];
  afterAll(async () => {
    for (const engine of engines) await engine.unload();
  });

  test.each<WeightType>(['f16', 'q8_0'])('%s: loads with the donor vocabulary and generates greedily', async (weightType) => {
    const vocab = await donorVocab();
    const bytes = [...encodeGguf(syntheticLlamaGguf(tiny, weightType, vocab, 7))];
    const engine = createWllamaEngine();
    engines.push(engine);
    const caps = await engine.load(
      {
        id: `synthetic-${weightType}`,
        name: `synthetic ${tiny.id} ${weightType}`,
        backend: 'wllama',
        quant: weightType,
        contextSize: 256,
        file: new File(bytes as BlobPart[], 'synthetic.gguf'),
      },
      () => undefined,
    );
    expect(caps.vocabSize).toBe(vocab.tokens.length);

    const greedy = { temperature: 0, topP: 1, maxTokens: completionTokens };
    const messages = [{ role: 'user' as const, content: 'Once upon a time' }];
    const first = await engine.chat(messages, greedy);
    // The writer zeroes the output rows of special tokens, so greedy decoding never ends on EOS.
    expect(first.usage.completionTokens).toBe(completionTokens);
    expect(first.finishReason).toBe('length');
    expect(first.text.length).toBeGreaterThan(0);
    expect((await engine.chat(messages, greedy)).text).toBe(first.text);
  });
});

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGgufFileInfo } from 'node-llama-cpp';
import { GGML_TYPE, Q8_0_BLOCK_BYTES, Q8_0_BLOCK_VALUES, f16BitsToF32, readGgufHeader, tensorByteSize, type GgufTensorInfo } from './gguf';
import { encodeQ8_0, f32ToF16Bits } from './ggufWriter';
import { writeGgufFile } from './ggufFile';
import { runNativeBench } from '../scripts/perf/nativeBench';
import { getNativeLlama } from './nativeLlama';
import { spmVocabFromMetadata, syntheticLlamaGguf, type LlamaShape, type SpmVocab, type WeightType } from './syntheticLlama';
import { VOCAB_SOURCE } from '../scripts/perf/writeSyntheticModels';

/** Inverse of the q8_0 encoding, for checking written data. */
function dequantizeQ8_0(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % Q8_0_BLOCK_BYTES !== 0) throw new Error('q8_0 data is not a whole number of blocks');
  const blocks = bytes.byteLength / Q8_0_BLOCK_BYTES;
  const out = new Float32Array(blocks * Q8_0_BLOCK_VALUES);
  for (let b = 0; b < blocks; b++) {
    const at = b * Q8_0_BLOCK_BYTES;
    const d = f16BitsToF32((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8));
    for (let j = 0; j < Q8_0_BLOCK_VALUES; j++) {
      const q = bytes[at + 2 + j] ?? 0;
      out[b * Q8_0_BLOCK_VALUES + j] = d * (q > 127 ? q - 256 : q);
    }
  }
  return out;
}

const TINY: LlamaShape = {
  id: 'test',
  embeddingLength: 64,
  blockCount: 2,
  feedForwardLength: 128,
  headCount: 4,
  headCountKv: 2,
  contextLength: 256,
};

describe('f16 and q8_0 encoding', () => {
  it('round-trips every finite f16 value exactly', () => {
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00) continue; // inf and NaN
      const back = f32ToF16Bits(f16BitsToF32(h));
      // -0 and +0 are distinct bit patterns and must stay so.
      expect(back).toBe(h);
    }
  });

  it('rounds halfway cases to even, like ggml', () => {
    expect(f32ToF16Bits(1 + 2 ** -11)).toBe(0x3c00); // halfway between 1 and next: even is 1
    expect(f32ToF16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(f32ToF16Bits(65520)).toBe(0x7c00); // rounds up past max finite to inf
    expect(f32ToF16Bits(2 ** -25)).toBe(0); // halfway to the smallest subnormal: even is 0
  });

  it('writes a q8_0 block as f16 scale max|x|/127 then 32 int8', () => {
    const x = Float32Array.from({ length: 32 }, (_, i) => (i - 16) / 8); // max |x| = 2 at i = 0
    const out = new Uint8Array(Q8_0_BLOCK_BYTES);
    encodeQ8_0(x, out);
    expect(out[0]! | (out[1]! << 8)).toBe(f32ToF16Bits(2 / 127));
    expect(new Int8Array(out.buffer, 2, 32)[0]).toBe(-127);
    expect(new Int8Array(out.buffer, 2, 32)[16]).toBe(0);
    const back = dequantizeQ8_0(out);
    for (let i = 0; i < 32; i++) expect(Math.abs(back[i]! - x[i]!)).toBeLessThanOrEqual(1 / 127 + 1e-3);
  });
});

describe('synthetic llama GGUF', () => {
  let dir: string;
  let vocab: SpmVocab;
  const written = new Map<WeightType, { path: string; layout: ReturnType<typeof writeGgufFile> }>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gguf-writer-'));
    vocab = spmVocabFromMetadata((await readGgufHeader(VOCAB_SOURCE)).metadata);
    for (const type of ['f16', 'q8_0'] as const) {
      const path = join(dir, `tiny-${type}.gguf`);
      written.set(type, { path, layout: writeGgufFile(path, syntheticLlamaGguf(TINY, type, vocab, 7)) });
    }
  });

  afterAll(async () => {
    await (await getNativeLlama()).dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const file = (type: WeightType) => {
    const f = written.get(type);
    if (f === undefined) throw new Error(`no ${type} file`);
    return f;
  };

  const tensorBytes = (path: string, dataOffset: number, info: GgufTensorInfo): Uint8Array => {
    const start = dataOffset + info.offset;
    return new Uint8Array(readFileSync(path).subarray(start, start + tensorByteSize(info.type, info.shape)));
  };

  it.each(['f16', 'q8_0'] as const)('%s reads back as written, aligned, with the computed size', async (type) => {
    const { path, layout } = file(type);
    const spec = syntheticLlamaGguf(TINY, type, vocab, 7);
    const header = await readGgufHeader(path);
    expect(header.version).toBe(3);
    expect(header.metadata).toEqual(spec.metadata);
    expect(header.tensors).toEqual(layout.tensors);
    expect(header.dataOffset).toBe(layout.dataOffset);
    expect(header.dataOffset % 32).toBe(0);
    for (const t of header.tensors) expect(t.offset % 32).toBe(0);
    expect(statSync(path).size).toBe(layout.totalBytes);
    const norms = header.tensors.filter((t) => t.name.endsWith('norm.weight'));
    expect(norms).toHaveLength(2 * TINY.blockCount + 1);
    for (const t of norms) expect(t.type).toBe(GGML_TYPE.F32);
  });

  it('has the tensor names, shapes and tokenizer of a real llama GGUF (stories260K)', async () => {
    const real = await readGgufHeader(VOCAB_SOURCE);
    const ours = await readGgufHeader(file('f16').path);
    const namesOf = (tensors: GgufTensorInfo[]) => tensors.map((t) => t.name.replace(/^blk\.\d+\./, 'blk.N.'));
    expect(new Set(namesOf(ours.tensors))).toEqual(new Set(namesOf(real.tensors)));
    for (const key of [
      'tokenizer.ggml.model',
      'tokenizer.ggml.tokens',
      'tokenizer.ggml.scores',
      'tokenizer.ggml.token_type',
      'tokenizer.ggml.bos_token_id',
    ]) {
      expect(ours.metadata.get(key), key).toEqual(real.metadata.get(key));
    }
    const realKeys = [...real.metadata.keys()].filter((k) => !/separator|seperator|padding/.test(k));
    for (const key of realKeys) expect(ours.metadata.has(key), key).toBe(true);
  });

  it('stores q8_0 weights as the quantization of the f16 ones, with zero output rows for special tokens', async () => {
    const f16 = await readGgufHeader(file('f16').path);
    const q8 = await readGgufHeader(file('q8_0').path);
    const name = 'output.weight';
    const f16Info = f16.tensors.find((t) => t.name === name)!;
    const q8Info = q8.tensors.find((t) => t.name === name)!;
    const halves = new Uint16Array(tensorBytes(file('f16').path, f16.dataOffset, f16Info).buffer);
    const reference = Float32Array.from(halves, f16BitsToF32);
    const dequantized = dequantizeQ8_0(tensorBytes(file('q8_0').path, q8.dataOffset, q8Info));
    expect(dequantized).toHaveLength(reference.length);
    let maxError = 0;
    for (let i = 0; i < reference.length; i++) maxError = Math.max(maxError, Math.abs(dequantized[i]! - reference[i]!));
    expect(maxError).toBeGreaterThan(0);
    expect(maxError).toBeLessThan(0.1 / 127); // half a step of the largest plausible block scale
    const d = TINY.embeddingLength;
    const eos = reference.subarray(vocab.eosId * d, (vocab.eosId + 1) * d);
    expect(eos.every((v) => v === 0)).toBe(true);
    const firstNormal = vocab.tokenTypes.indexOf(1);
    expect(reference.subarray(firstNormal * d, (firstNormal + 1) * d).some((v) => v !== 0)).toBe(true);
  });

  it('is accepted by node-llama-cpp’s own GGUF parser', async () => {
    const info = await readGgufFileInfo(file('q8_0').path, { logWarnings: false });
    expect(info.version).toBe(3);
    expect(info.tensorInfo).toHaveLength(3 + 9 * TINY.blockCount);
    expect(info.metadata.general.architecture).toBe('llama');
  });

  it.each(['f16', 'q8_0'] as const)(
    '%s loads and generates greedily in native llama.cpp',
    async (type) => {
      const result = await runNativeBench({ modelPath: file(type).path, threads: 1, promptTokens: 16, decodeTokens: 6, repeats: 1 });
      expect(result.promptTokenIds).toHaveLength(16);
      expect(result.promptTokenIds[0]).toBe(vocab.bosId);
      expect(result.generatedText.length).toBeGreaterThan(0);
      expect(result.llamaCppRelease).toMatch(/^v|^b/);
      const run = result.runs[0]!;
      expect(run.llamaCpp.promptEvalTokens).toBe(16);
      expect(run.llamaCpp.evalRuns).toBe(5);
      expect(Number.isFinite(run.decodeTokensPerSecond)).toBe(true);
      // The first call starts llama.cpp itself, which takes seconds on a busy machine.
    },
    60_000,
  );
});

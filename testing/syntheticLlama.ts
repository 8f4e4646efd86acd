import { f32ToF16Bits } from './ggufWriter';
import type { GgufFileSpec, GgufTensorSource } from './ggufWriter';
import { f16BitsToF32, gguf, metadataArray, metadataNumber, type GgufMetadata, type GgufValue } from './gguf';

export interface LlamaShape {
  /** Used in file names: `llama-<id>-<type>.gguf`. */
  id: string;
  embeddingLength: number;
  blockCount: number;
  feedForwardLength: number;
  headCount: number;
  headCountKv: number;
  contextLength: number;
}

/**
 * Sizes for the perf comparison. Head size 32–64 and the FFN ratio follow real small Llamas
 * (stories*, TinyLlama); the two larger ones use grouped-query attention like TinyLlama, so both
 * attention paths are exercised. All row lengths are multiples of 32, as q8_0 requires.
 */
export const SYNTHETIC_SHAPES: readonly LlamaShape[] = [
  { id: '1m', embeddingLength: 128, blockCount: 4, feedForwardLength: 384, headCount: 4, headCountKv: 4, contextLength: 2048 },
  { id: '15m', embeddingLength: 384, blockCount: 8, feedForwardLength: 1024, headCount: 6, headCountKv: 6, contextLength: 2048 },
  { id: '60m', embeddingLength: 768, blockCount: 10, feedForwardLength: 2048, headCount: 12, headCountKv: 4, contextLength: 2048 },
  { id: '250m', embeddingLength: 1024, blockCount: 22, feedForwardLength: 2816, headCount: 16, headCountKv: 4, contextLength: 2048 },
];

export type WeightType = 'f16' | 'q8_0';
export const WEIGHT_TYPES: readonly WeightType[] = ['f16', 'q8_0'];

/** A SentencePiece vocabulary as llama.cpp's "llama" tokenizer reads it from GGUF. */
export interface SpmVocab {
  tokens: readonly string[];
  scores: readonly number[];
  tokenTypes: readonly number[];
  bosId: number;
  eosId: number;
  unknownId: number;
}

/** llama.cpp's LLAMA_TOKEN_TYPE_NORMAL; every other type (control, byte, unknown) is special. */
const TOKEN_TYPE_NORMAL = 1;

/** Takes only what the tokenizer needs, dropping e.g. stories260K's bogus u32 -1 separator/padding ids. */
export function spmVocabFromMetadata(metadata: GgufMetadata): SpmVocab {
  const model = metadata.get('tokenizer.ggml.model');
  if (model?.type !== 'string' || model.value !== 'llama') throw new Error('source vocabulary is not a SentencePiece ("llama") one');
  const tokens = metadataArray(metadata, 'tokenizer.ggml.tokens');
  const scores = metadataArray(metadata, 'tokenizer.ggml.scores');
  const tokenTypes = metadataArray(metadata, 'tokenizer.ggml.token_type');
  if (tokens.type !== 'string' || scores.type !== 'f32' || tokenTypes.type !== 'i32') throw new Error('unexpected vocabulary array types');
  if (scores.values.length !== tokens.values.length || tokenTypes.values.length !== tokens.values.length) {
    throw new Error('vocabulary arrays differ in length');
  }
  return {
    tokens: tokens.values,
    scores: scores.values,
    tokenTypes: tokenTypes.values,
    bosId: metadataNumber(metadata, 'tokenizer.ggml.bos_token_id'),
    eosId: metadataNumber(metadata, 'tokenizer.ggml.eos_token_id'),
    unknownId: metadataNumber(metadata, 'tokenizer.ggml.unknown_token_id'),
  };
}

export function llamaParameterCount(shape: LlamaShape, vocabSize: number): number {
  const d = shape.embeddingLength;
  const kv = (d / shape.headCount) * shape.headCountKv;
  const perBlock = 2 * d * d + 2 * d * kv + 3 * d * shape.feedForwardLength + 2 * d;
  return 2 * vocabSize * d + d + shape.blockCount * perBlock;
}

/** mulberry32: tiny, fast and plenty for weights nobody reads for meaning. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** FNV-1a, so each tensor's stream depends on its name, not on the order tensors are written in. */
function hashName(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const WEIGHT_STD = 0.02;
const TABLE_BITS = 16;

/**
 * 65 536 draws of N(0, 0.02), each rounded to an f16-representable value. Weights are picked from it
 * with 16 random bits apiece: one PRNG call and no transcendental per weight keeps 250M weights to
 * seconds, and the f16 file then holds exactly the values the q8_0 file quantizes.
 */
function normalTable(seed: number): Float32Array {
  const next = mulberry32(hashName(seed, '<normal table>'));
  const uniform = () => (next() + 1) / 4294967297; // in (0, 1): log never sees 0
  const table = new Float32Array(1 << TABLE_BITS);
  for (let i = 0; i < table.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(uniform())) * WEIGHT_STD;
    const theta = 2 * Math.PI * uniform();
    table[i] = f16BitsToF32(f32ToF16Bits(r * Math.cos(theta)));
    table[i + 1] = f16BitsToF32(f32ToF16Bits(r * Math.sin(theta)));
  }
  return table;
}

/** Rows per chunk chosen so a chunk is ~256K values: big enough to amortize, small enough to stream. */
const CHUNK_VALUES = 1 << 18;

function* randomRows(table: Float32Array, seed: number, rowLength: number, rows: number, zeroRows: ReadonlySet<number>) {
  const next = mulberry32(seed);
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK_VALUES / rowLength));
  for (let row = 0; row < rows; row += rowsPerChunk) {
    const count = Math.min(rowsPerChunk, rows - row);
    const chunk = new Float32Array(count * rowLength);
    for (let i = 0; i < chunk.length; i += 2) {
      const r = next();
      chunk[i] = table[r & 0xffff] ?? 0;
      chunk[i + 1] = table[r >>> 16] ?? 0;
    }
    for (let k = 0; k < count; k++) if (zeroRows.has(row + k)) chunk.fill(0, k * rowLength, (k + 1) * rowLength);
    yield chunk;
  }
}

function* ones(n: number) {
  yield new Float32Array(n).fill(1);
}

/**
 * A complete llama-architecture GGUF description with seeded random weights. Norm weights are 1 and
 * stored as f32 (llama.cpp requires f32 norms). The output rows of every non-normal token (<unk>, <s>,
 * </s>, byte tokens) are zero, so their logit is exactly 0 while a normal token's is a random projection
 * whose maximum over the vocabulary is positive: greedy decoding never stops early on EOS and always
 * emits printable pieces, in any engine, without needing an ignore-EOS option.
 */
export function syntheticLlamaGguf(shape: LlamaShape, weightType: WeightType, vocab: SpmVocab, seed: number): GgufFileSpec {
  const d = shape.embeddingLength;
  const headDim = d / shape.headCount;
  if (!Number.isInteger(headDim) || shape.headCount % shape.headCountKv !== 0) throw new Error(`bad head counts in ${shape.id}`);
  const kvDim = headDim * shape.headCountKv;
  const vocabSize = vocab.tokens.length;
  const matrixType = weightType === 'f16' ? 'F16' : 'Q8_0';
  const table = normalTable(seed);
  const noZeroRows = new Set<number>();
  const specialTokens = new Set(vocab.tokenTypes.flatMap((type, id) => (type === TOKEN_TYPE_NORMAL ? [] : [id])));

  const matrix = (name: string, rowLength: number, rows: number, zeroRows = noZeroRows): GgufTensorSource => ({
    name,
    shape: [rowLength, rows],
    type: matrixType,
    values: () => randomRows(table, hashName(seed, name), rowLength, rows, zeroRows),
  });
  const norm = (name: string): GgufTensorSource => ({ name, shape: [d], type: 'F32', values: () => ones(d) });

  // Same tensor order as llama.cpp's convert script, which is also what stories260K.gguf has.
  const tensors: GgufTensorSource[] = [
    matrix('token_embd.weight', d, vocabSize),
    norm('output_norm.weight'),
    matrix('output.weight', d, vocabSize, specialTokens),
  ];
  for (let i = 0; i < shape.blockCount; i++) {
    const p = `blk.${i}.`;
    tensors.push(
      matrix(`${p}attn_q.weight`, d, d),
      matrix(`${p}attn_k.weight`, d, kvDim),
      matrix(`${p}attn_v.weight`, d, kvDim),
      matrix(`${p}attn_output.weight`, d, d),
      norm(`${p}attn_norm.weight`),
      matrix(`${p}ffn_gate.weight`, d, shape.feedForwardLength),
      matrix(`${p}ffn_down.weight`, shape.feedForwardLength, d),
      matrix(`${p}ffn_up.weight`, d, shape.feedForwardLength),
      norm(`${p}ffn_norm.weight`),
    );
  }

  const metadata = new Map<string, GgufValue>([
    ['general.architecture', gguf.str('llama')],
    ['general.name', gguf.str(`synthetic-llama-${shape.id}-${weightType}`)],
    // llama_ftype: 1 = MOSTLY_F16, 7 = MOSTLY_Q8_0; only informational, but tools print it.
    ['general.file_type', gguf.u32(weightType === 'f16' ? 1 : 7)],
    ['general.alignment', gguf.u32(32)],
    ['llama.context_length', gguf.u32(shape.contextLength)],
    ['llama.embedding_length', gguf.u32(d)],
    ['llama.block_count', gguf.u32(shape.blockCount)],
    ['llama.feed_forward_length', gguf.u32(shape.feedForwardLength)],
    ['llama.attention.head_count', gguf.u32(shape.headCount)],
    ['llama.attention.head_count_kv', gguf.u32(shape.headCountKv)],
    ['llama.rope.dimension_count', gguf.u32(headDim)],
    ['llama.rope.freq_base', gguf.f32(10000)],
    ['llama.attention.layer_norm_rms_epsilon', gguf.f32(1e-5)],
    ['llama.vocab_size', gguf.u32(vocabSize)],
    ['tokenizer.ggml.model', gguf.str('llama')],
    ['tokenizer.ggml.tokens', gguf.array({ type: 'string', values: vocab.tokens })],
    ['tokenizer.ggml.scores', gguf.array({ type: 'f32', values: vocab.scores })],
    ['tokenizer.ggml.token_type', gguf.array({ type: 'i32', values: vocab.tokenTypes })],
    ['tokenizer.ggml.bos_token_id', gguf.u32(vocab.bosId)],
    ['tokenizer.ggml.eos_token_id', gguf.u32(vocab.eosId)],
    ['tokenizer.ggml.unknown_token_id', gguf.u32(vocab.unknownId)],
    ['tokenizer.ggml.add_bos_token', gguf.bool(true)],
    ['tokenizer.ggml.add_eos_token', gguf.bool(false)],
  ]);
  return { metadata, tensors };
}

import type { CatalogEntry, ModelShape } from '../core/catalogEntry';
import type { Precision } from '../core/engine';

/** n_batch the engine loads with (workers/engines/wllama.ts); llama.cpp's n_ubatch is the same 512. */
const BATCH = 512;
/** llama.cpp allocates KV cells in multiples of 256 (a 64-token context gets 256 cells). */
const KV_CELL_PAD = 256;

/**
 * Bits per weight of the largest tensor (the token embedding or output matrix) by GGUF quantization.
 * K-quant mixes keep that matrix at Q6_K (6.5625 bits), so it is the conservative choice for them.
 */
function largestTensorBits(quant: string): number {
  const q = quant.toUpperCase();
  if (q === 'F32') return 32;
  if (q === 'F16' || q === 'BF16') return 16;
  if (q.startsWith('Q8')) return 8.5;
  return 6.5625;
}

export interface MemoryEstimate {
  /** The precision the model would load with: it sets the KV type and whether flash attention runs. */
  precision: Precision;
  /** The weights as stored: the GGUF's size (all parts). */
  weightsBytes: number;
  /** K and V (f32 under `exact`, f16 under `fast`) for every layer and cell of the context window. */
  kvCacheBytes: number;
  /** llama.cpp's compute buffer for one 512-token batch, attention scores included. */
  computeBytes: number;
  /** Of the compute buffer, one layer's attention scores (KQ, f32): only without flash attention (`exact`). */
  attentionBytes: number;
  totalBytes: number;
  /** The biggest single tensor; one WebGPU binding must hold it. */
  largestTensorBytes: number;
  /** False where the model's shape is unknown and only the file size could be used. */
  fromShape: boolean;
}

/**
 * The feed-forward width, where the shape does not give it: what the parameters leave after the
 * embedding and output matrices and the attention projections, over a gated FFN's three matrices.
 */
function feedForwardWidth(shape: ModelShape): number {
  if (shape.feedForward) return shape.feedForward;
  const attention = 2 * shape.embedding * shape.heads * shape.headDim + 2 * shape.embedding * shape.kvHeads * shape.headDim;
  const perLayer = (shape.parameters - 2 * shape.vocab * shape.embedding) / shape.layers - attention;
  return Math.max(shape.embedding, Math.round(perLayer / (3 * shape.embedding)));
}

/**
 * llama.cpp's compute buffer (`sched_reserve: CPU compute buffer size`), which holds the live
 * activations of one batch of T tokens against n_kv cells: the KQ mask (f32, or f16 under flash
 * attention), then the larger of two peaks. Without flash attention, attention's peak holds one layer's
 * scores (n_kv × T × heads, f32) beside 6 T × width + 2 T × KV width of activations; the feed-forward
 * peak holds 5 T × width + 3 T × feed-forward width. Those coefficients were fitted to the buffer sizes
 * wllama logged for five Llama shapes from 0.26M to 64M parameters at 512 and 2048 tokens, within 2%.
 */
function computeBuffer(shape: ModelShape, cells: number, flashAttention: boolean): { computeBytes: number; attentionBytes: number } {
  const t = Math.min(BATCH, cells);
  const f32 = 4;
  const feedForwardPeak = f32 * t * (5 * shape.embedding + 3 * feedForwardWidth(shape));
  const logits = 2 * f32 * shape.vocab;
  if (flashAttention) return { computeBytes: 2 * t * cells + feedForwardPeak + logits, attentionBytes: 0 };
  const attentionBytes = f32 * cells * t * shape.heads;
  const attentionPeak = attentionBytes + f32 * t * (6 * shape.embedding + 2 * shape.kvHeads * shape.headDim);
  return { computeBytes: f32 * t * cells + Math.max(attentionPeak, feedForwardPeak) + logits, attentionBytes };
}

/**
 * Memory a GGUF model needs loaded with `contextSize` tokens at `precision`, the same on either path:
 * on WebGPU it sits in GPU buffers, on the CPU in the WASM heap. `exact` loads an f32 KV cache without
 * flash attention (so the attention scores take compute memory); `fast` an f16 one with it. Without a
 * shape (a user's model) only the weights count.
 */
export function estimateGgufMemory(
  entry: Pick<CatalogEntry, 'sizeBytes' | 'quant'> & { shape?: ModelShape },
  contextSize: number,
  precision: Precision,
): MemoryEstimate {
  const weightsBytes = entry.sizeBytes;
  const shape = entry.shape;
  if (!shape) {
    return {
      precision,
      weightsBytes,
      kvCacheBytes: 0,
      computeBytes: 0,
      attentionBytes: 0,
      totalBytes: weightsBytes,
      largestTensorBytes: weightsBytes,
      fromShape: false,
    };
  }
  const cells = Math.ceil(contextSize / KV_CELL_PAD) * KV_CELL_PAD;
  const kvCacheBytes = 2 * shape.layers * cells * shape.kvHeads * shape.headDim * (precision === 'exact' ? 4 : 2);
  const { computeBytes, attentionBytes } = computeBuffer(shape, cells, precision === 'fast');
  const largestTensorBytes = Math.ceil((shape.vocab * shape.embedding * largestTensorBits(entry.quant)) / 8);
  return {
    precision,
    weightsBytes,
    kvCacheBytes,
    computeBytes,
    attentionBytes,
    totalBytes: weightsBytes + kvCacheBytes + computeBytes,
    largestTensorBytes,
    fromShape: true,
  };
}

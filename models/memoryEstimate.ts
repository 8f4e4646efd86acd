import type { CatalogEntry, ModelShape } from '../core/catalogEntry';

/** n_batch the engine loads with (workers/engines/wllama.ts); it sizes llama.cpp's compute buffer. */
const BATCH = 512;

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
  /** The weights as stored: the GGUF's size (all parts). */
  weightsBytes: number;
  /** K and V in f16 for every layer and position of the context window. */
  kvCacheBytes: number;
  /** llama.cpp's compute buffer for one batch: the logits row plus activations, roughly. */
  computeBytes: number;
  totalBytes: number;
  /** The biggest single tensor; one WebGPU binding must hold it. */
  largestTensorBytes: number;
  /** False where the model's shape is unknown and only the file size could be used. */
  fromShape: boolean;
}

/**
 * Memory a GGUF model needs loaded with `contextSize` tokens, the same on either path: on WebGPU it sits
 * in GPU buffers, on the CPU in the WASM heap. Without a shape (a user's model) only the weights count.
 */
export function estimateGgufMemory(
  entry: Pick<CatalogEntry, 'sizeBytes' | 'quant'> & { shape?: ModelShape },
  contextSize: number,
): MemoryEstimate {
  const weightsBytes = entry.sizeBytes;
  const shape = entry.shape;
  if (!shape)
    return { weightsBytes, kvCacheBytes: 0, computeBytes: 0, totalBytes: weightsBytes, largestTensorBytes: weightsBytes, fromShape: false };
  const kvCacheBytes = 2 * shape.layers * contextSize * shape.kvHeads * shape.headDim * 2;
  const computeBytes = BATCH * (shape.vocab + 8 * shape.embedding) * 4;
  const largestTensorBytes = Math.ceil((shape.vocab * shape.embedding * largestTensorBits(entry.quant)) / 8);
  return {
    weightsBytes,
    kvCacheBytes,
    computeBytes,
    totalBytes: weightsBytes + kvCacheBytes + computeBytes,
    largestTensorBytes,
    fromShape: true,
  };
}

import type { ComputePlacement } from '../../core/engine';

/** What the worker knew when it asked for the load, to explain a CPU placement. */
export interface PlacementContext {
  /** The n_gpu_layers asked for; undefined means wllama's default (all). */
  requestedGpuLayers: number | undefined;
  threads: number;
  /** Whether this worker's WebGPU adapter has shader-f16; null when there is no adapter. */
  adapterHasShaderF16: boolean | null;
}

/** llama.cpp's own load-time lines (llama-model.cpp load_tensors); their wording is the contract. */
const REPEATING = /offloading (\d+) repeating layers to GPU/;
const OUTPUT = /offloading output layer to GPU/;
const OFFLOADED = /offloaded (\d+)\/(\d+) layers to GPU/;
const NO_ADAPTER = /ggml_webgpu: Failed to get an adapter/;

/**
 * Where the model's layers went, read from wllama's native load log. llama.cpp prints
 * "offloaded N/M layers to GPU" only when a GPU device was registered; with none (no adapter, or an
 * adapter without shader-f16, which ggml-webgpu requires) it prints nothing and every tensor is in a
 * CPU buffer. So the log line is the exact signal, and the adapter is only consulted to say why not.
 */
export function placementFromLoadLog(lines: readonly string[], nLayer: number, ctx: PlacementContext): ComputePlacement {
  const text = lines.join('\n');
  const offloaded = OFFLOADED.exec(text);
  const repeating = Number(REPEATING.exec(text)?.[1] ?? 0);
  if (offloaded && Number(offloaded[1]) > 0) {
    return { kind: 'webgpu', offloadedLayers: Math.min(repeating, nLayer), totalLayers: nLayer, outputOffloaded: OUTPUT.test(text) };
  }
  return { kind: 'cpu', threads: ctx.threads, reason: cpuReason(text, ctx) };
}

function cpuReason(text: string, ctx: PlacementContext): string {
  if (ctx.requestedGpuLayers === 0) return 'CPU only was chosen';
  if (NO_ADAPTER.test(text) || ctx.adapterHasShaderF16 === null) return 'no WebGPU adapter in this browser';
  if (!ctx.adapterHasShaderF16) return 'the WebGPU adapter lacks shader-f16, which llama.cpp’s WebGPU backend requires';
  return 'llama.cpp registered no WebGPU device';
}

interface GpuLike {
  requestAdapter(): Promise<{ features: { has(name: string): boolean } } | null>;
}

/** Whether this worker's WebGPU adapter has shader-f16; null when there is none. Only explains a CPU placement. */
export async function adapterShaderF16(): Promise<boolean | null> {
  const gpu = (navigator as Navigator & { gpu?: GpuLike }).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  return adapter ? adapter.features.has('shader-f16') : null;
}

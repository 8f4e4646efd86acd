import type { Backend, Precision } from '../core/engine';
import type { CatalogEntry } from '../core/catalogEntry';
import { WASM_FILE_LIMIT_BYTES, WASM_MEMORY_LIMIT_BYTES } from './catalog';
import type { CapabilityReport } from '../core/capabilityReport';
import { wasmThreadCount } from './threadPolicy';
import { splitCommand } from './ggufSplit';
import { loadContextSize } from './modelSpec';
import { estimateGgufMemory, type MemoryEstimate } from './memoryEstimate';
import { formatBytes } from '../core/bytes';

export interface Availability {
  runnable: boolean;
  backend: Backend;
  /** One sentence for the model list: why it runs here, or why not and what to do instead. */
  reason: string;
  /** Things that may still go wrong although it can run. */
  warnings: string[];
  /** wllama: the thread count the engine will use. */
  threads?: number;
  /** wllama: each path's verdict, so the Models page can say which are possible here and why not. */
  paths?: { webgpu: PathVerdict; cpu: PathVerdict };
}

/** Whether `entry` can run here; a GGUF's memory at `precision`, as it would be loaded (Consult loads `fast`). */
export function availability(report: CapabilityReport, entry: CatalogEntry, precision: Precision = 'fast'): Availability {
  if (entry.served) {
    // Nothing of it runs or is stored here: the server holds the weights.
    return { runnable: true, backend: 'endpoint', reason: `Served by ${entry.served.host}: your text is sent there.`, warnings: [] };
  }
  const warnings = storageWarnings(report, entry);
  return entry.backend === 'webllm' ? webLlmAvailability(report, entry, warnings) : wasmAvailability(report, entry, warnings, precision);
}

function webLlmAvailability(report: CapabilityReport, entry: CatalogEntry, warnings: string[]): Availability {
  const gpu = report.gpu;
  if (!gpu) {
    return {
      runnable: false,
      backend: 'webllm',
      reason: report.webgpuApi
        ? 'No WebGPU adapter in this browser (WebGPU is off or this GPU is blocked); GGUF models run on the WASM engine instead.'
        : 'No WebGPU adapter in this browser; GGUF models run on the WASM engine instead.',
      warnings,
    };
  }
  if (entry.requiresF16 && !gpu.shaderF16) {
    return {
      runnable: false,
      backend: 'webllm',
      reason: 'This GPU/browser lacks the shader-f16 feature this q4f16 build needs; pick the q4f32 variant of the model instead.',
      warnings,
    };
  }
  if (gpu.isFallbackAdapter) {
    warnings.push(
      'The only WebGPU adapter is a software one (CPU-emulated, e.g. SwiftShader): it works but takes seconds per token. The WASM engine is usually faster here.',
    );
  }
  if (entry.memoryBytes > gpu.maxBufferSize) {
    warnings.push(
      `Needs about ${gb(entry.memoryBytes)} of GPU memory, more than the ${gb(gpu.maxBufferSize)} largest buffer this adapter allows; GPUs with limits this small often have too little memory and the load may fail with "device lost".`,
    );
  }
  const name = [gpu.vendor, gpu.architecture].filter(Boolean).join(' ') || gpu.description || 'this GPU';
  return {
    runnable: true,
    backend: 'webllm',
    reason: `Runs on the GPU with WebGPU (${name}), needing about ${gb(entry.memoryBytes)} of GPU memory.`,
    warnings,
  };
}

/** One way a GGUF model can run here: its layers on WebGPU, or all on the CPU in WASM. */
export interface PathVerdict {
  possible: boolean;
  /** Memory on that path: weights + KV cache for the load's context + compute buffer. */
  memory: MemoryEstimate;
  /** Why it is possible (with its memory) or why not. */
  reason: string;
}

function wasmAvailability(report: CapabilityReport, entry: CatalogEntry, warnings: string[], precision: Precision): Availability {
  const threads = wasmThreadCount(report);
  const context = loadContextSize(entry);
  const memory = estimateGgufMemory(entry, context, precision);
  const tooBigFile = fileLimitReason(entry);
  const gpu = gpuPath(report, memory, context, tooBigFile, warnings);
  const cpu = cpuPath(report, memory, context, threads, tooBigFile);
  const paths = { webgpu: gpu, cpu };
  if (gpu.possible) return { runnable: true, backend: 'wllama', reason: `GPU: ${gpu.reason} CPU: ${cpu.reason}`, warnings, threads, paths };
  const fallback = cpu.possible ? 'It will run on the CPU' : 'It cannot run on the CPU either';
  return {
    runnable: cpu.possible,
    backend: 'wllama',
    reason: `GPU path: ${gpu.reason} ${fallback}: ${cpu.reason}`,
    warnings,
    threads,
    paths,
  };
}

/** wllama holds each GGUF file in one ArrayBuffer (2 GB at most), whichever path the layers take. */
function fileLimitReason(entry: CatalogEntry): string | null {
  if (entry.local) return null;
  const largestPart = entry.partSizes ? Math.max(...entry.partSizes) : entry.sizeBytes;
  if (largestPart <= WASM_FILE_LIMIT_BYTES) return null;
  const file = decodeURIComponent(entry.url.split('/').pop() ?? 'model.gguf');
  return `the file is ${gb(largestPart)}, over the 2 GB the engine reads as one file; split it with: ${splitCommand(file)} and add the parts as a custom model.`;
}

function gpuPath(
  report: CapabilityReport,
  memory: MemoryEstimate,
  context: number,
  tooBigFile: string | null,
  warnings: string[],
): PathVerdict {
  const no = (reason: string): PathVerdict => ({ possible: false, memory, reason });
  const gpu = report.gpu;
  if (!gpu) return no('needs a WebGPU adapter, and this browser has none.');
  if (!gpu.shaderF16) {
    return no('needs shader-f16, which this WebGPU adapter lacks (llama.cpp’s WebGPU backend requires it).');
  }
  if (memory.largestTensorBytes > gpu.maxStorageBufferBindingSize) {
    return no(
      `its largest tensor (${gb(memory.largestTensorBytes)}) is over this adapter’s maxStorageBufferBindingSize (${gb(gpu.maxStorageBufferBindingSize)}).`,
    );
  }
  if (memory.largestTensorBytes > gpu.maxBufferSize) {
    return no(`its largest tensor (${gb(memory.largestTensorBytes)}) is over this adapter’s maxBufferSize (${gb(gpu.maxBufferSize)}).`);
  }
  if (tooBigFile) return no(tooBigFile);
  if (memory.totalBytes > gpu.maxBufferSize) {
    warnings.push(
      `On the GPU it needs about ${gb(memory.totalBytes)}, more than this adapter’s ${gb(gpu.maxBufferSize)} maxBufferSize; GPUs with limits this small often have too little memory, and the load may fail with "device lost". Choose fewer GPU layers, or CPU only, under GPU layers.`,
    );
  }
  if (gpu.isFallbackAdapter) {
    warnings.push('The WebGPU adapter is a software one (CPU-emulated): GGUF layers on it run slower than on the WASM engine.');
  }
  return {
    possible: true,
    memory,
    reason: `all layers on WebGPU, about ${gb(memory.totalBytes)} of GPU memory (${breakdown(memory, context)}).`,
  };
}

function cpuPath(
  report: CapabilityReport,
  memory: MemoryEstimate,
  context: number,
  threads: number,
  tooBigFile: string | null,
): PathVerdict {
  if (memory.totalBytes > WASM_MEMORY_LIMIT_BYTES) {
    return {
      possible: false,
      memory,
      reason: `needs about ${gb(memory.totalBytes)} (${breakdown(memory, context)}), more than the 4 GiB the WASM engine can address; pick a smaller model or quantization.`,
    };
  }
  if (tooBigFile) return { possible: false, memory, reason: tooBigFile };
  const how = report.crossOriginIsolated
    ? `${threads} thread${threads === 1 ? '' : 's'}`
    : '1 thread (this page is not cross-origin isolated, so WASM threads are off)';
  return { possible: true, memory, reason: `Runs on the CPU with the WASM engine, ${how}, about ${gb(memory.totalBytes)} of memory.` };
}

function breakdown(memory: MemoryEstimate, context: number): string {
  if (!memory.fromShape) return 'the weights; the KV cache is unknown for this file';
  const kv = `${memory.precision === 'exact' ? 'f32' : 'f16'} KV cache ${gb(memory.kvCacheBytes)} for ${context} tokens`;
  const attention = memory.attentionBytes > 0 ? `, ${gb(memory.attentionBytes)} of it attention scores without flash attention` : '';
  return `${memory.precision} precision: weights ${gb(memory.weightsBytes)} + ${kv} + compute ${gb(memory.computeBytes)}${attention}`;
}

function storageWarnings(report: CapabilityReport, entry: CatalogEntry): string[] {
  const storage = report.storage;
  if (!storage || entry.local || entry.sizeBytes <= 0) return [];
  const free = storage.quotaBytes - storage.usageBytes;
  if (entry.sizeBytes <= free) return [];
  return [
    `The download (${gb(entry.sizeBytes)}) is larger than the ${gb(Math.max(0, free))} of browser storage left; delete cached models${storage.persisted ? '' : ' or allow persistent storage'} first, unless this model is already cached.`,
  ];
}

/** One unit system with the rest of the app: a 1.2 MB model needs about 6.3 MB, never "about 0.00 GB". */
const gb = formatBytes;

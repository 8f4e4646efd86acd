import type { Backend } from '../../../core/engine';
import type { CatalogEntry } from '../../../core/catalogEntry';
import { WASM_FILE_LIMIT_BYTES, WASM_MEMORY_LIMIT_BYTES } from '../models/catalog';
import type { CapabilityReport } from './report';
import { wasmThreadCount } from '../../../workers/threadPolicy';

export interface Availability {
  runnable: boolean;
  backend: Backend;
  /** One sentence for the model list: why it runs here, or why not and what to do instead. */
  reason: string;
  /** Things that may still go wrong although it can run. */
  warnings: string[];
  /** wllama: the thread count the engine will use. */
  threads?: number;
}

export function availability(report: CapabilityReport, entry: CatalogEntry): Availability {
  const warnings = storageWarnings(report, entry);
  return entry.backend === 'webllm' ? webLlmAvailability(report, entry, warnings) : wasmAvailability(report, entry, warnings);
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

function wasmAvailability(report: CapabilityReport, entry: CatalogEntry, warnings: string[]): Availability {
  const threads = wasmThreadCount(report);
  if (entry.memoryBytes > WASM_MEMORY_LIMIT_BYTES) {
    return {
      runnable: false,
      backend: 'wllama',
      reason: `Needs about ${gb(entry.memoryBytes)}, more than the 4 GiB the WASM engine can address; pick a smaller model or quantization.`,
      warnings,
      threads,
    };
  }
  if (!entry.local && entry.sizeBytes > WASM_FILE_LIMIT_BYTES) {
    return {
      runnable: false,
      backend: 'wllama',
      reason: `The file is ${gb(entry.sizeBytes)}, over the 2 GB the WASM engine reads as one file; split it with llama-gguf-split and add the parts as a custom model.`,
      warnings,
      threads,
    };
  }
  const how = report.crossOriginIsolated
    ? `${threads} thread${threads === 1 ? '' : 's'}`
    : '1 thread (this page is not cross-origin isolated, so WASM threads are off)';
  return { runnable: true, backend: 'wllama', reason: `Runs on the CPU with the WASM engine, ${how}.`, warnings, threads };
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

function gb(bytes: number): string {
  return `${(bytes / 1e9).toFixed(bytes < 1e9 ? 2 : 1)} GB`;
}

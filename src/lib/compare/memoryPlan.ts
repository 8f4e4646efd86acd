import type { CatalogEntry } from '../../../core/catalogEntry';
import type { Precision } from '../../../core/engine';
import { estimateGgufMemory } from '../../../models/memoryEstimate';
import { formatBytes } from '../shared/format';
import { loadContextSize } from '../../../models/modelSpec';

/**
 * Decides whether contestants run in parallel (one engine worker each, all loaded at once) or one
 * after another (load, answer, unload), from an estimate of each one's memory against the device's.
 */

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** wasm32 addresses at most 4 GiB, and every engine worker has its own WASM memory. */
export const WASM_WORKER_LIMIT_BYTES = 4 * GIB;
/**
 * Per wllama worker beyond weights and KV cache: the WASM runtime, its initial heap and compute buffers.
 * Measured with the bundled model (1.2 MB of weights): about 138 MB per engine worker in
 * performance.measureUserAgentSpecificMemory (README, Compare).
 */
export const WLLAMA_WORKER_OVERHEAD_BYTES = 128 * MIB;
/** Share of the device's memory the contestants may take together; the browser, OS and page need the rest. */
export const DEVICE_SHARE = 0.5;
/** When the browser does not report navigator.deviceMemory (Firefox, Safari): assume a modest 4 GiB device. */
export const ASSUMED_DEVICE_GIB = 4;

/** Approximate bytes per weight of a quantization label, for the parameter count behind a file size. */
function bytesPerWeight(quant: string): number {
  const q = quant.toLowerCase();
  if (q.includes('f32')) return q.startsWith('q4') ? 0.625 : 4;
  if (q.includes('f16') && !q.startsWith('q')) return 2;
  const bits = /q(\d)/.exec(q)?.[1];
  return bits ? (Number(bits) + 0.5) / 8 : 0.6;
}

/**
 * KV cache for a full context when the model's shape is unknown, as an upper bound: a transformer of P parameters with width d and
 * d/128 layers (Llama's proportions) has P ≈ 12·L·d², and caches K and V in f16 per layer and token,
 * 4·L·d = d²/32 bytes per token without grouped-query attention. Llama 2 7B: 512 KiB/token, as real.
 */
export function kvCacheBytes(entry: Pick<CatalogEntry, 'sizeBytes' | 'quant'>, contextTokens: number): number {
  const parameters = entry.sizeBytes / bytesPerWeight(entry.quant);
  const width = Math.cbrt((128 * parameters) / 12);
  return Math.round(((width * width) / 32) * contextTokens);
}

export interface ContestantMemory {
  label: string;
  weightsBytes: number;
  kvBytes: number;
  totalBytes: number;
}

/** A model that stays loaded in its own worker while Compare runs: the one Consult holds. */
export interface ResidentModel {
  label: string;
  entry: CatalogEntry;
  precision: Precision;
}

export interface MemoryPlan {
  mode: 'parallel' | 'sequential';
  /** Shown before anything loads: which mode, and the numbers that decided it. */
  reason: string;
  contestants: ContestantMemory[];
  /** The model already loaded for Consult, counted against the same budget; null when none is. */
  resident: ContestantMemory | null;
  budgetBytes: number;
  /** A contestant that cannot run here at all (over the 4 GiB of one WASM worker); null when all can. */
  blocked: string | null;
}

/**
 * Weights plus KV cache for the context the engine loads with, at the precision it loads with (Compare
 * loads `fast`): the shared GGUF estimate where the model's shape is known, else the parameter-count
 * bound above (an f16 cache).
 */
export function contestantMemory(label: string, entry: CatalogEntry, precision: Precision = 'fast'): ContestantMemory {
  // A served model's weights and cache are on its server; its worker here only holds HTTP requests.
  if (entry.served) return { label, weightsBytes: 0, kvBytes: 0, totalBytes: 0 };
  if (entry.backend === 'webllm') {
    // web-llm's published VRAM figure already includes its KV cache for the model's context window.
    return { label, weightsBytes: entry.memoryBytes, kvBytes: 0, totalBytes: entry.memoryBytes };
  }
  const context = loadContextSize(entry);
  const known = entry.shape ? estimateGgufMemory(entry, context, precision) : null;
  const kv = known ? known.kvCacheBytes : kvCacheBytes(entry, context) * (precision === 'exact' ? 2 : 1);
  const extra = known ? known.computeBytes : 0;
  return { label, weightsBytes: entry.sizeBytes, kvBytes: kv, totalBytes: entry.sizeBytes + kv + extra + WLLAMA_WORKER_OVERHEAD_BYTES };
}

export function planMemory(
  contestants: readonly { label: string; entry: CatalogEntry }[],
  deviceMemoryGiB: number | undefined,
  resident: ResidentModel | null = null,
): MemoryPlan {
  const memory = contestants.map((c) => contestantMemory(c.label, c.entry));
  const held = resident ? contestantMemory(resident.label, resident.entry, resident.precision) : null;
  const known = deviceMemoryGiB !== undefined && deviceMemoryGiB > 0;
  const deviceBytes = (known ? deviceMemoryGiB : ASSUMED_DEVICE_GIB) * GIB;
  const budgetBytes = deviceBytes * DEVICE_SHARE;
  const total = memory.reduce((s, m) => s + m.totalBytes, held?.totalBytes ?? 0);
  const over = contestants.find((c, i) => c.entry.backend === 'wllama' && memory[i]!.totalBytes > WASM_WORKER_LIMIT_BYTES);
  const device = known
    ? `this device reports ${formatBytes(deviceBytes)} of memory`
    : `this browser does not report its memory, so ${formatBytes(deviceBytes)} is assumed`;
  const each = [
    ...memory.map((m) => `${m.label} ≈ ${formatBytes(m.totalBytes)}`),
    ...(held ? [`${held.label}, already loaded for Consult, ≈ ${formatBytes(held.totalBytes)}`] : []),
  ].join(', ');
  const budget = `${Math.round(DEVICE_SHARE * 100)}% of it is ${formatBytes(budgetBytes)}`;
  if (over) {
    return {
      mode: 'sequential',
      reason: `${over.label} needs more than the ${formatBytes(WASM_WORKER_LIMIT_BYTES)} one WASM engine can address.`,
      contestants: memory,
      resident: held,
      budgetBytes,
      blocked: over.label,
    };
  }
  if (contestants.length > 1 && total <= budgetBytes) {
    return {
      mode: 'parallel',
      reason: `In parallel, one engine each: together ${formatBytes(total)} (${each}, weights plus KV cache) fits, as ${device} and ${budget}.`,
      contestants: memory,
      resident: held,
      budgetBytes,
      blocked: null,
    };
  }
  return {
    mode: 'sequential',
    reason:
      contestants.length > 1
        ? `One after another (load, answer, unload): together ${formatBytes(total)} (${each}) would not fit, as ${device} and ${budget}.`
        : 'One contestant: it runs alone.',
    contestants: memory,
    resident: held,
    budgetBytes,
    blocked: null,
  };
}

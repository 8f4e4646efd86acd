import type { GpuLayersChoice } from '../core/engine';
import type { Availability } from './availability';

/** n_gpu_layers meaning "every layer and the output": llama.cpp caps it at the model's own count. */
export const ALL_GPU_LAYERS = 999;

/**
 * The n_gpu_layers a load asks for. `auto` offloads everything where this device's GPU path is possible
 * and nothing where it is not, so wllama then skips WebGPU entirely rather than probing for it.
 */
export function resolveGpuLayers(choice: GpuLayersChoice, verdict: Availability | null): number | undefined {
  if (choice === 'cpu') return 0;
  if (choice === 'all') return ALL_GPU_LAYERS;
  if (typeof choice === 'number') return choice;
  if (!verdict?.paths) return undefined;
  return verdict.paths.webgpu.possible ? ALL_GPU_LAYERS : 0;
}

/** Parses the CLI's and the form's text: auto, all, cpu, or a whole number of layers. */
export function parseGpuLayers(text: string): GpuLayersChoice | null {
  const t = text.trim().toLowerCase();
  if (t === 'auto' || t === 'all' || t === 'cpu') return t;
  if (/^\d+$/.test(t)) return Number(t);
  return null;
}

/** Why `text` is not a number of layers this model can put on the GPU; null when it is one. */
export function gpuLayerCountProblem(text: string, layers: number | undefined): string | null {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (Number.isInteger(n) && (layers === undefined || n <= layers)) return null;
  const range = layers === undefined ? 'a whole number, 0 or more' : `a whole number from 0 to ${layers}, the layers this model has`;
  return `Layers on the GPU must be ${range}; “${text.trim()}” was not kept.`;
}

export function gpuLayersText(choice: GpuLayersChoice): string {
  if (choice === 'auto') return 'Auto';
  if (choice === 'all') return 'All';
  if (choice === 'cpu') return 'CPU only';
  return `${choice} layers`;
}

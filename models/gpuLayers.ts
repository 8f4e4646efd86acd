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

export function gpuLayersText(choice: GpuLayersChoice): string {
  if (choice === 'auto') return 'Auto';
  if (choice === 'all') return 'All';
  if (choice === 'cpu') return 'CPU only';
  return `${choice} layers`;
}

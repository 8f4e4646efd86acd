import type { ComputePlacement, EngineCapabilities } from '../core/engine';
import { plural } from '../core/plural';

/**
 * Where the loaded model runs, as the model bar and run records say it: "WebGPU, 34/34 layers",
 * "CPU, 2 threads" or "WebGPU" (WebLLM). wllama's placement is what its load log reported.
 */
export function backendLabel(caps: Pick<EngineCapabilities, 'info' | 'threads' | 'compute'>): string {
  if (caps.info.backend === 'webllm') return 'WebGPU';
  return placementLabel(caps.compute ?? { kind: 'cpu', threads: caps.threads, reason: '' });
}

export function placementLabel(compute: ComputePlacement): string {
  if (compute.kind === 'cpu') return `CPU, ${plural(compute.threads, 'thread')}`;
  return `WebGPU, ${compute.offloadedLayers}/${compute.totalLayers} layers`;
}

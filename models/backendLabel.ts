import type { ComputePlacement, EngineCapabilities } from '../core/engine';
import { plural } from '../core/plural';

/**
 * Where the loaded model runs, as the model bar and run records say it: "WebGPU, 34/34 layers",
 * "CPU, 2 threads", "WebGPU" (WebLLM) or "server at 10.0.0.5:8000" (a served model). wllama's placement
 * is what its load log reported.
 */
export function backendLabel(caps: Pick<EngineCapabilities, 'info' | 'threads' | 'compute' | 'endpoint'>): string {
  if (caps.info.backend === 'webllm') return 'WebGPU';
  if (caps.endpoint) return `server at ${caps.endpoint.host}`;
  return placementLabel(caps.compute ?? { kind: 'cpu', threads: caps.threads, reason: '' });
}

export function placementLabel(compute: ComputePlacement): string {
  if (compute.kind === 'cpu') return `CPU, ${plural(compute.threads, 'thread')}`;
  return `WebGPU, ${compute.offloadedLayers}/${compute.totalLayers} layers`;
}

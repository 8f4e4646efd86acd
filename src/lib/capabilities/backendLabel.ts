import type { EngineCapabilities } from '../../../core/engine';
import { plural } from '../format';

/** Where the loaded model runs, as the model bar and run records say it: "CPU, 2 threads" or "WebGPU". */
export function backendLabel(caps: EngineCapabilities): string {
  if (caps.info.backend === 'webllm') return 'WebGPU';
  return `CPU, ${plural(caps.threads, 'thread')}`;
}

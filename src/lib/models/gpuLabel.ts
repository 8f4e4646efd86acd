import type { GpuReport } from '../../../core/capabilityReport';

/** How a run records the GPU adapter it ran beside, the same from the UI and the headless runner. */
export function gpuLabel(gpu: GpuReport | null): string | null {
  return gpu ? [gpu.vendor, gpu.architecture, gpu.description].filter(Boolean).join(' ') || 'WebGPU adapter' : null;
}

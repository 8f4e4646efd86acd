import type { CapabilityReport, GpuReport, StorageReport } from '../../../core/capabilityReport';

/** The WebGPU surface read here; TypeScript's DOM lib has no WebGPU types and none are installed. */
interface AdapterLike {
  features: { has(name: string): boolean };
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  /** Older Chromium put it on the adapter rather than on info. */
  isFallbackAdapter?: boolean;
}
interface NavigatorGpu {
  gpu?: { requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<AdapterLike | null> };
}

/**
 * Asks the browser what it can do. Every probe is guarded: a failure reads as "not available" rather
 * than an exception, since the point is to tell the user what works here.
 */
export async function probeCapabilities(): Promise<CapabilityReport> {
  const nav = navigator as Navigator & NavigatorGpu;
  const [gpu, storage] = await Promise.all([probeGpu(nav), probeStorage(nav)]);
  return {
    webgpuApi: !!nav.gpu,
    gpu,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    hardwareConcurrency: nav.hardwareConcurrency || 1,
    storage,
  };
}

async function probeGpu(nav: NavigatorGpu): Promise<GpuReport | null> {
  const adapter = await nav.gpu?.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return null;
  const info = adapter.info ?? {};
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    description: info.description ?? '',
    isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
    shaderF16: adapter.features.has('shader-f16'),
    maxBufferSize: Number(adapter.limits.maxBufferSize),
    maxStorageBufferBindingSize: Number(adapter.limits.maxStorageBufferBindingSize),
  };
}

async function probeStorage(nav: Navigator): Promise<StorageReport | null> {
  if (!nav.storage?.estimate) return null;
  try {
    const [estimate, persisted] = await Promise.all([nav.storage.estimate(), nav.storage.persisted?.().catch(() => false) ?? false]);
    return { quotaBytes: estimate.quota ?? 0, usageBytes: estimate.usage ?? 0, persisted };
  } catch {
    return null;
  }
}

/** What this browser offers the engines, gathered once by probeCapabilities(). Plain, cloneable data. */
export interface GpuReport {
  vendor: string;
  architecture: string;
  description: string;
  /** A software adapter (SwiftShader and the like): correct but very slow. */
  isFallbackAdapter: boolean;
  shaderF16: boolean;
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
}

export interface StorageReport {
  quotaBytes: number;
  usageBytes: number;
  persisted: boolean;
}

export interface CapabilityReport {
  /** navigator.gpu exists; the adapter may still be null (WebGPU disabled or blocklisted). */
  webgpuApi: boolean;
  /** null when requestAdapter() found no adapter. */
  gpu: GpuReport | null;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  /** null where the Storage API is unavailable (some private windows). */
  storage: StorageReport | null;
}

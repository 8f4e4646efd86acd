import { describe, expect, it } from 'vitest';
import { catalog } from './catalog';
import type { CatalogEntry } from '../core/catalogEntry';
import { availability } from './availability';
import type { CapabilityReport } from '../core/capabilityReport';

const GIB = 1024 ** 3;

function entry(id: string): CatalogEntry {
  const found = catalog.find((e) => e.id === id);
  if (!found) throw new Error(`no catalog entry ${id}`);
  return found;
}

const roomyStorage = { quotaBytes: 100e9, usageBytes: 1e9, persisted: true };

/** Chromium without --enable-unsafe-webgpu: navigator.gpu exists, requestAdapter() gives null. */
const noAdapter: CapabilityReport = {
  webgpuApi: true,
  gpu: null,
  crossOriginIsolated: true,
  hardwareConcurrency: 16,
  storage: roomyStorage,
};

/** Chromium with --enable-unsafe-webgpu on a machine without a GPU: a software (SwiftShader) adapter. */
const swiftShader: CapabilityReport = {
  webgpuApi: true,
  gpu: {
    vendor: 'google',
    architecture: 'swiftshader',
    description: '',
    isFallbackAdapter: true,
    shaderF16: false,
    maxBufferSize: GIB,
    maxStorageBufferBindingSize: GIB,
  },
  crossOriginIsolated: true,
  hardwareConcurrency: 16,
  storage: roomyStorage,
};

const realGpu: CapabilityReport = {
  webgpuApi: true,
  gpu: {
    vendor: 'nvidia',
    architecture: 'ada',
    description: '',
    isFallbackAdapter: false,
    shaderF16: true,
    maxBufferSize: 8 * GIB,
    maxStorageBufferBindingSize: 2 * GIB,
  },
  crossOriginIsolated: true,
  hardwareConcurrency: 12,
  storage: roomyStorage,
};

const f16 = entry('Llama-3.2-1B-Instruct-q4f16_1-MLC');
const f32 = entry('Llama-3.2-1B-Instruct-q4f32_1-MLC');
const stories = entry('stories260K');

describe('availability with no WebGPU adapter', () => {
  it('makes every WebLLM model unavailable and points to the WASM engine', () => {
    for (const e of [f16, f32]) {
      const a = availability(noAdapter, e);
      expect(a.runnable).toBe(false);
      expect(a.backend).toBe('webllm');
      expect(a.reason).toMatch(/^No WebGPU adapter in this browser.*GGUF models run on the WASM engine instead\.$/);
    }
  });

  it('says WebGPU is missing altogether when navigator.gpu does not exist', () => {
    expect(availability({ ...noAdapter, webgpuApi: false }, f32).reason).toBe(
      'No WebGPU adapter in this browser; GGUF models run on the WASM engine instead.',
    );
  });

  it('still runs the bundled GGUF model on the WASM engine', () => {
    expect(availability(noAdapter, stories)).toMatchObject({ runnable: true, backend: 'wllama', threads: 8 });
  });
});

describe('availability on a SwiftShader-like software adapter', () => {
  it('refuses q4f16 models for lack of shader-f16 and names the q4f32 variant', () => {
    const a = availability(swiftShader, f16);
    expect(a.runnable).toBe(false);
    expect(a.reason).toMatch(/shader-f16.*q4f32 variant/);
  });

  it('allows q4f32 models but warns that a software adapter is slow', () => {
    const a = availability(swiftShader, f32);
    expect(a.runnable).toBe(true);
    expect(a.warnings.join(' ')).toMatch(/software one/);
  });

  it('warns when a model needs more memory than the 1 GiB largest buffer', () => {
    const big = entry('Llama-3.2-3B-Instruct-q4f32_1-MLC');
    expect(availability(swiftShader, big).warnings.join(' ')).toMatch(/largest buffer/);
  });
});

describe('availability on a real GPU with shader-f16', () => {
  it('runs q4f16 and q4f32 models without warnings, naming the GPU', () => {
    for (const e of [f16, f32]) {
      const a = availability(realGpu, e);
      expect(a.runnable).toBe(true);
      expect(a.warnings).toEqual([]);
      expect(a.reason).toMatch(/nvidia ada/);
    }
  });

  it('warns when the download does not fit the storage left', () => {
    const tight = { ...realGpu, storage: { quotaBytes: 2e9, usageBytes: 1.5e9, persisted: false } };
    const a = availability(tight, entry('Qwen2.5-7B-Instruct-q4f16_1-MLC'));
    expect(a.runnable).toBe(true);
    expect(a.warnings.join(' ')).toMatch(/browser storage left.*allow persistent storage/);
  });
});

describe('availability of GGUF models, per path', () => {
  const medgemma = entry('medgemma-4b-it-Q4_K_M');
  const meditron3 = entry('meditron3-gemma2-2b-Q4_K_M');
  const biomistral = entry('biomistral-7b-Q4_K_M');

  it('on a GPU with shader-f16, offers both paths for a small GGUF and says what each needs', () => {
    const a = availability({ ...realGpu, hardwareConcurrency: 8 }, meditron3);
    expect(a).toMatchObject({ runnable: true, threads: 4 });
    expect(a.paths?.webgpu.possible).toBe(true);
    expect(a.paths?.cpu.possible).toBe(true);
    expect(a.reason).toMatch(
      /^GPU: all layers on WebGPU, about 2\.\d GB of GPU memory \(fast precision: weights 1\.7 GB \+ f16 KV cache \d+ MB for 4096 tokens \+ compute/,
    );
    expect(a.reason).toMatch(/CPU: Runs on the CPU with the WASM engine, 4 threads, about 2\.\d GB of memory\.$/);
  });

  it('on SwiftShader (no shader-f16), says the GPU path needs shader-f16 and that it runs on the CPU', () => {
    const a = availability(swiftShader, meditron3);
    expect(a.runnable).toBe(true);
    expect(a.paths?.webgpu).toMatchObject({ possible: false });
    expect(a.reason).toMatch(/^GPU path: needs shader-f16, which this WebGPU adapter lacks .* It will run on the CPU: Runs on the CPU/);
  });

  it('without an adapter, the GPU path needs one and the CPU path still runs the bundled model', () => {
    const a = availability(noAdapter, stories);
    expect(a).toMatchObject({ runnable: true, backend: 'wllama', threads: 8 });
    expect(a.paths?.webgpu.reason).toBe('needs a WebGPU adapter, and this browser has none.');
  });

  it('uses one thread without cross-origin isolation and explains why', () => {
    const a = availability({ ...swiftShader, crossOriginIsolated: false }, stories);
    expect(a.threads).toBe(1);
    expect(a.reason).toMatch(/1 thread \(this page is not cross-origin isolated/);
  });

  it('refuses the CPU path of a model whose weights and KV cache exceed the 4 GiB a WASM engine addresses', () => {
    const a = availability(swiftShader, biomistral);
    expect(a.runnable).toBe(false);
    expect(a.paths?.cpu.reason).toMatch(
      /^needs about 4\.\d GB \(fast precision: weights 4\.4 GB \+ f16 KV cache 268 MB for 2048 tokens .*\), more than the 4 GiB the WASM engine can address/,
    );
    expect(a.reason).toMatch(/It cannot run on the CPU either/);
  });

  it('sizes the memory at the precision it would load with: exact (f32 KV, attention scores) can refuse what fast runs', () => {
    const mediphi = entry('mediphi-instruct-Q4_K_M');
    const fast = availability(swiftShader, mediphi, 'fast');
    const exact = availability(swiftShader, mediphi, 'exact');
    // Fast fits the WASM engine's 4 GiB (its one obstacle is the 2.4 GB file, which splitting fixes); exact does not.
    expect(fast.paths?.cpu.memory.totalBytes).toBeLessThan(4 * GIB);
    expect(fast.paths?.cpu.reason).toMatch(/^the file is 2\.4 GB, over the 2 GB/);
    expect(exact.paths?.cpu.memory.totalBytes).toBeGreaterThan(4 * GIB);
    expect(exact.paths?.cpu.reason).toMatch(
      /^needs about 5\.\d GB \(exact precision: .*f32 KV cache 3\.2 GB for 4096 tokens .*attention scores without flash attention\)/,
    );
  });

  it('refuses a single file over 2 GB on both paths and gives the exact split command', () => {
    const a = availability(realGpu, medgemma);
    expect(a.runnable).toBe(false);
    const command = 'llama-gguf-split --split --split-max-size 512M medgemma-4b-it-Q4_K_M.gguf medgemma-4b-it-Q4_K_M';
    expect(a.paths?.webgpu.reason).toContain(command);
    expect(a.paths?.cpu.reason).toContain(command);
  });

  it('runs a split model whose parts are each under 2 GB, on the GPU where its largest tensor fits the binding limit', () => {
    const split = { ...medgemma, partSizes: [1_300_000_000, 1_190_000_000] };
    const a = availability(realGpu, split);
    expect(a.paths?.webgpu.possible).toBe(true);
    expect(a.paths?.cpu.possible).toBe(true);
    const smallBinding = { ...realGpu, gpu: { ...realGpu.gpu!, maxStorageBufferBindingSize: 128 * 1024 ** 2 } };
    expect(availability(smallBinding, split).paths?.webgpu.reason).toMatch(
      /^its largest tensor \(\d+ MB\) is over this adapter’s maxStorageBufferBindingSize \(134 MB\)\.$/,
    );
  });

  it('warns when the GPU path needs more than the adapter’s maxBufferSize', () => {
    const split = { ...medgemma, partSizes: [1_300_000_000, 1_190_000_000] };
    const a = availability({ ...realGpu, gpu: { ...realGpu.gpu!, maxBufferSize: 2 * GIB } }, split);
    expect(a.warnings.join(' ')).toMatch(/On the GPU it needs about 3\.\d GB, more than this adapter’s 2\.1 GB maxBufferSize/);
  });
});

import { describe, expect, it } from 'vitest';
import { placementFromLoadLog } from './wllamaPlacement';

// Recorded from wllama 3.13 loading stories260K.gguf in Chromium 156 (this machine), lines abridged.
const noAdapterLog = [
  'Multithread enabled: false, pthreadPoolSize: 0',
  'ggml_webgpu: Failed to get an adapter: WebGPU not available on this browser (requestAdapter returned null)',
  'llama_model_loader: loaded meta data with 19 key-value pairs and 48 tensors from models/model-00001-of-00001.gguf (version GGUF V3 (latest))',
  'load_tensors: loading model tensors, this can take a while... (load_mode = none)',
  'load_tensors:          CPU model buffer size =     1.12 MiB',
  'llama_kv_cache:        CPU KV buffer size =     0.16 MiB',
];
// The same with --enable-unsafe-webgpu: SwiftShader's adapter has no shader-f16, so ggml-webgpu registers
// no device, says nothing, and every tensor stays on the CPU.
const swiftShaderLog = noAdapterLog.filter((l) => !l.startsWith('ggml_webgpu'));
// llama.cpp's load_tensors lines when a GPU device takes layers (recorded from a llama.cpp run on a
// Vulkan device; ggml-webgpu registers its device the same way, and load_tensors prints the same lines).
const allOnGpuLog = [
  'load_tensors: loading model tensors, this can take a while... (mmap = true)',
  'load_tensors: offloading 28 repeating layers to GPU',
  'load_tensors: offloading output layer to GPU',
  'load_tensors: offloaded 29/29 layers to GPU',
  'load_tensors:      Vulkan0 model buffer size =  1918.35 MiB',
  'load_tensors:   CPU_Mapped model buffer size =   308.23 MiB',
];
const partialLog = [
  'load_tensors: offloading 10 repeating layers to GPU',
  'load_tensors: offloaded 10/29 layers to GPU',
  'load_tensors:       WebGPU model buffer size =   700.00 MiB',
  'load_tensors:          CPU model buffer size =  1500.00 MiB',
];
const zeroLog = ['load_tensors: offloaded 0/29 layers to GPU', 'load_tensors:          CPU model buffer size =  2200.00 MiB'];

const auto = { requestedGpuLayers: undefined, threads: 4, adapterHasShaderF16: true };

describe('placementFromLoadLog', () => {
  it('reads all layers on the GPU, output layer included, from llama.cpp’s offload lines', () => {
    expect(placementFromLoadLog(allOnGpuLog, 28, auto)).toEqual({
      kind: 'webgpu',
      offloadedLayers: 28,
      totalLayers: 28,
      outputOffloaded: true,
    });
  });

  it('reads a partial offload, the output layer left on the CPU', () => {
    expect(placementFromLoadLog(partialLog, 28, { ...auto, requestedGpuLayers: 10 })).toEqual({
      kind: 'webgpu',
      offloadedLayers: 10,
      totalLayers: 28,
      outputOffloaded: false,
    });
  });

  it('calls a load with no offload line CPU, and says there was no adapter when ggml-webgpu found none', () => {
    expect(placementFromLoadLog(noAdapterLog, 5, { ...auto, adapterHasShaderF16: null })).toEqual({
      kind: 'cpu',
      threads: 4,
      reason: 'no WebGPU adapter in this browser',
    });
  });

  it('blames the missing shader-f16 when an adapter exists but llama.cpp took no layers (SwiftShader)', () => {
    const placement = placementFromLoadLog(swiftShaderLog, 5, { ...auto, adapterHasShaderF16: false });
    expect(placement).toMatchObject({ kind: 'cpu', reason: expect.stringMatching(/lacks shader-f16/) });
  });

  it('says CPU only was chosen when n_gpu_layers was 0, whatever the adapter', () => {
    for (const log of [zeroLog, swiftShaderLog]) {
      expect(placementFromLoadLog(log, 28, { ...auto, requestedGpuLayers: 0 })).toEqual({
        kind: 'cpu',
        threads: 4,
        reason: 'CPU only was chosen',
      });
    }
  });

  it('never infers the GPU from the adapter alone: an f16 adapter with no offload line is still CPU', () => {
    expect(placementFromLoadLog(swiftShaderLog, 5, auto)).toEqual({
      kind: 'cpu',
      threads: 4,
      reason: 'llama.cpp registered no WebGPU device',
    });
  });
});

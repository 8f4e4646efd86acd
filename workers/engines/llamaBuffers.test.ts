import { expect, it } from 'vitest';
import { buffersFromLoadLog } from './llamaBuffers';

const MIB = 1024 * 1024;

it('sums what llama.cpp says it allocated, per kind, over devices', () => {
  // wllama 3.13 loading the bundled stories260K model at n_ctx 512 under exact precision, and a split across two devices.
  const log = [
    'load_tensors:          CPU model buffer size =     1.12 MiB',
    'llama_context:        CPU  output buffer size =     0.00 MiB',
    'llama_kv_cache:        CPU KV buffer size =     0.62 MiB',
    'llama_kv_cache: size =    0.62 MiB (   512 cells,   5 layers,  1/1 seqs), K (f32):    0.31 MiB, V (f32):    0.31 MiB',
    'sched_reserve:        CPU compute buffer size =     9.89 MiB',
    'load_tensors:       WebGPU model buffer size =     3.00 MiB',
  ];
  expect(buffersFromLoadLog(log)).toEqual({
    modelBytes: Math.round(1.12 * MIB) + 3 * MIB,
    kvCacheBytes: Math.round(0.62 * MIB),
    computeBytes: Math.round(9.89 * MIB),
    outputBytes: 0,
  });
});

it('says nothing rather than zero where the log has no buffer lines', () => {
  expect(buffersFromLoadLog(['llama_context: n_ctx = 512'])).toBeNull();
});

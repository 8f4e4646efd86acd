import { describe, expect, it } from 'vitest';
import { precisionFromLoadLog, precisionParams } from './wllamaPrecision';

// Lines wllama 3.13 (llama.cpp b12211) logged loading the bundled stories260K model at n_ctx 512.
const exactLog = [
  'llama_context: flash_attn            = disabled',
  'llama_kv_cache:        CPU KV buffer size =     0.62 MiB',
  'llama_kv_cache: size =    0.62 MiB (   512 cells,   5 layers,  1/1 seqs), K (f32):    0.31 MiB, V (f32):    0.31 MiB',
  'sched_reserve:        CPU compute buffer size =     9.89 MiB',
];
const fastLog = [
  'llama_context: flash_attn            = auto',
  'llama_kv_cache: size =    0.31 MiB (   512 cells,   5 layers,  1/1 seqs), K (f16):    0.16 MiB, V (f16):    0.16 MiB',
  'sched_reserve: reserving ...',
  'resolve_fused_ops: Flash Attention enabled',
  'resolve_fused_ops: Flash Attention over K/V rows enabled',
  'sched_reserve:        CPU compute buffer size =     2.15 MiB',
];

describe('precision', () => {
  it('exact pins an f32 KV cache without flash attention; fast leaves llama.cpp’s defaults', () => {
    expect(precisionParams('exact')).toEqual({ flash_attn: false, cache_type_k: 'f32', cache_type_v: 'f32' });
    expect(precisionParams('fast')).toEqual({});
  });

  it('reads the KV type and whether flash attention ran from the load log', () => {
    expect(precisionFromLoadLog(exactLog, 'exact')).toEqual({ precision: 'exact', kvCacheType: 'f32', flashAttention: false });
    expect(precisionFromLoadLog(fastLog, 'fast')).toEqual({ precision: 'fast', kvCacheType: 'f16', flashAttention: true });
  });

  it('reads flash attention as off where auto resolved to unsupported', () => {
    const unsupported = fastLog.map((l) => l.replace('Flash Attention enabled', 'Flash Attention not supported, set to disabled'));
    expect(precisionFromLoadLog(unsupported, 'fast').flashAttention).toBe(false);
  });

  it('records the KV type as asked for a model that logs no KV cache (a recurrent one)', () => {
    expect(precisionFromLoadLog(['llama_context: flash_attn = disabled'], 'exact')).toEqual({
      precision: 'exact',
      kvCacheType: 'f32',
      flashAttention: false,
    });
  });
});

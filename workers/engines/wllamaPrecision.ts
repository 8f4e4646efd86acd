import type { Precision, PrecisionSetting } from '../../core/engine';

/**
 * llama.cpp's load parameters for each precision. `exact` pins an f32 KV cache without flash attention,
 * which is what makes log-probs equal native llama.cpp's (flash attention's kernels differ between the
 * WASM and native builds by up to 4e-3 nats per token). `fast` sends nothing, so llama.cpp's defaults
 * apply: an f16 KV cache, and flash attention where the backend has it.
 */
export function precisionParams(precision: Precision): { flash_attn?: false; cache_type_k?: 'f32'; cache_type_v?: 'f32' } {
  return precision === 'exact' ? { flash_attn: false, cache_type_k: 'f32', cache_type_v: 'f32' } : {};
}

/** llama.cpp's load lines (llama-kv-cache.cpp, llama-context.cpp); their wording is the contract. */
const KV_TYPE = /llama_kv_cache: size = .*K \((\w+)\)/;
const FA_PARAM = /llama_context: flash_attn\s*=\s*(\w+)/;
const FA_RESOLVED = /Flash Attention (enabled|not supported)/;

/**
 * What the model really loaded with, read from llama.cpp's load log: the KV type it allocated, and
 * whether flash attention ran (`auto` is resolved later in the log, per backend).
 */
export function precisionFromLoadLog(lines: readonly string[], precision: Precision): PrecisionSetting {
  const text = lines.join('\n');
  const logged = KV_TYPE.exec(text)?.[1];
  // A model with no attention KV cache (a recurrent one) logs none: its setting is recorded as asked.
  const kv = logged === 'f32' || logged === 'f16' ? logged : precision === 'exact' ? 'f32' : 'f16';
  const param = FA_PARAM.exec(text)?.[1];
  const flashAttention = param === 'enabled' || (param === 'auto' && FA_RESOLVED.exec(text)?.[1] === 'enabled');
  return { precision, kvCacheType: kv, flashAttention };
}

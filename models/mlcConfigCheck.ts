import { missingFileMessage, readMlcSource } from './mlcSource';

/**
 * Checks MLC weights against a prebuilt WebLLM model library before any weights download. A library is
 * compiled for one architecture, sizes, quantization and RoPE base; weights that differ in any of them
 * load into garbage or fail deep inside WebGPU, so each difference is refused here by name.
 */

/** What a prebuilt library was compiled for, as its own weights' mlc-chat-config.json states it. */
export interface MlcLibrarySpec {
  /** web-llm's model_id of the library's own weights, e.g. Llama-3-8B-Instruct-q4f32_1-MLC. */
  id: string;
  modelLib: string;
  modelType: string;
  hiddenSize: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  vocabSize: number;
  tieWordEmbeddings: boolean;
  quantization: string;
  ropeTheta: number;
  /** The chunk the library was compiled for (`_cs1k` = 1024); weights may not ask for more. */
  prefillChunkSize: number;
}

export type MlcMismatchKind =
  | 'config'
  | 'model type'
  | 'hidden size'
  | 'layers'
  | 'heads'
  | 'KV heads'
  | 'head dim'
  | 'vocabulary'
  | 'quantization'
  | 'rope_theta'
  | 'prefill_chunk_size'
  | 'tensor cache';

export interface MlcMismatch {
  kind: MlcMismatchKind;
  message: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Every way `config` (mlc-chat-config.json) and `tensorCache` (tensor-cache.json) differ from what
 * `library` runs; empty when they fit. MLC names RoPE's base `position_embedding_base` for most
 * architectures and `rope_theta` for Qwen2, and nests sizes under `model_config`.
 */
export function checkMlcWeights(config: unknown, tensorCache: unknown, library: MlcLibrarySpec): MlcMismatch[] {
  if (!isObject(config) || !isObject(config.model_config)) {
    return [
      { kind: 'config', message: 'mlc-chat-config.json has no model_config object: these are not weights made by mlc_llm gen_config.' },
    ];
  }
  const mc = config.model_config;
  const out: MlcMismatch[] = [];
  const lib = `the library ${library.id}`;
  const same = (kind: MlcMismatchKind, field: string, got: unknown, want: number | string) => {
    if (got !== want)
      out.push({ kind, message: `${kind}: the weights have ${field} = ${JSON.stringify(got ?? null)}, ${lib} was compiled for ${want}.` });
  };

  same('model type', 'model_type', config.model_type, library.modelType);
  same('hidden size', 'hidden_size', num(mc.hidden_size), library.hiddenSize);
  same('layers', 'num_hidden_layers', num(mc.num_hidden_layers), library.layers);
  same('heads', 'num_attention_heads', num(mc.num_attention_heads), library.heads);
  same('KV heads', 'num_key_value_heads', num(mc.num_key_value_heads), library.kvHeads);
  const headDim =
    num(mc.head_dim) ??
    (num(mc.hidden_size) && num(mc.num_attention_heads) ? num(mc.hidden_size)! / num(mc.num_attention_heads)! : undefined);
  same('head dim', 'head_dim', headDim, library.headDim);

  const vocab = num(config.vocab_size) ?? num(mc.vocab_size);
  if (vocab !== library.vocabSize) {
    out.push({
      kind: 'vocabulary',
      message: `vocabulary: the weights have vocab_size = ${vocab ?? 'none'}, ${lib} has ${library.vocabSize} rows in its embedding; a fine-tune that added tokens needs its own compiled library.`,
    });
  } else if (typeof mc.tie_word_embeddings === 'boolean' && mc.tie_word_embeddings !== library.tieWordEmbeddings) {
    out.push({
      kind: 'vocabulary',
      message: `vocabulary: the weights ${mc.tie_word_embeddings ? 'tie' : 'do not tie'} the output matrix to the embedding (tie_word_embeddings = ${mc.tie_word_embeddings}), ${lib} ${library.tieWordEmbeddings ? 'ties it' : 'keeps a separate lm_head'}.`,
    });
  }

  if (config.quantization !== library.quantization) {
    out.push({
      kind: 'quantization',
      message: `quantization: the weights are ${JSON.stringify(config.quantization ?? null)}, ${lib} runs ${library.quantization}; convert with --quantization ${library.quantization}.`,
    });
  }

  const rope = num(mc.rope_theta) ?? num(mc.position_embedding_base);
  if (rope !== library.ropeTheta) {
    out.push({
      kind: 'rope_theta',
      message: `rope_theta: the weights use a RoPE base of ${rope ?? 'none'}, ${lib} was compiled with ${library.ropeTheta}; positions would be encoded wrongly.`,
    });
  }

  const chunk = num(config.prefill_chunk_size) ?? num(mc.prefill_chunk_size);
  if (chunk === undefined || chunk > library.prefillChunkSize) {
    out.push({
      kind: 'prefill_chunk_size',
      message: `prefill_chunk_size: the weights ask for ${chunk ?? 'none'}, ${lib} was compiled for at most ${library.prefillChunkSize}; run gen_config with --prefill-chunk-size ${library.prefillChunkSize}.`,
    });
  }

  out.push(...checkTensorCache(tensorCache, library));
  return out;
}

/** The tensor cache must list shards, and its scales must be stored as the quantization says (f16 or f32). */
function checkTensorCache(cache: unknown, library: MlcLibrarySpec): MlcMismatch[] {
  const shards = isObject(cache) && Array.isArray(cache.records) ? cache.records : null;
  if (!shards || shards.length === 0) {
    return [{ kind: 'tensor cache', message: 'tensor cache: tensor-cache.json lists no weight shards (records).' }];
  }
  const wantScale = /f16/.test(library.quantization) ? 'float16' : 'float32';
  for (const shard of shards) {
    const records = isObject(shard) && Array.isArray(shard.records) ? shard.records : [];
    for (const r of records) {
      if (isObject(r) && typeof r.name === 'string' && r.name.endsWith('.q_scale') && r.dtype !== wantScale) {
        return [
          {
            kind: 'tensor cache',
            message: `tensor cache: ${r.name} is stored as ${String(r.dtype)}, but ${library.quantization} keeps its scales in ${wantScale}; the shards are not ${library.quantization} weights.`,
          },
        ];
      }
    }
  }
  return [];
}

/** `missing`: a required file could not be had, named with its URL and what its host answered. */
export type MlcWeightsVerdict = { ok: true } | { ok: false; missing: string } | { ok: false; mismatches: MlcMismatch[] };

/**
 * Reads the weights' mlc-chat-config.json and tensor-cache.json, checks that the tokenizer and the
 * library exist (readMlcSource: no shard is fetched), and checks the config against `library`.
 * `fetchFn` is the page's fetch, injected so tests can serve files.
 */
export async function verifyMlcWeights(
  weightsUrl: string,
  library: MlcLibrarySpec,
  fetchFn: typeof fetch = (input, init) => fetch(input, init),
): Promise<MlcWeightsVerdict> {
  const source = await readMlcSource(weightsUrl, library.modelLib, fetchFn);
  if (!source.ok) return { ok: false, missing: missingFileMessage(source.missing) };
  const mismatches = checkMlcWeights(source.config, source.tensorCache, library);
  return mismatches.length === 0 ? { ok: true } : { ok: false, mismatches };
}

import { describe, expect, it } from 'vitest';
import { checkMlcWeights, verifyMlcWeights, type MlcMismatchKind } from './mlcConfigCheck';
import { mlcLibrary } from './mlcRecipes';
import { mlcResolveBase } from './mlcSource';

const llama3 = mlcLibrary('Llama-3-8B-Instruct', 'q4f32_1');

/** OpenBioLLM-Llama3-8B as `mlc_llm gen_config --quantization q4f32_1 --prefill-chunk-size 1024` writes it. */
function openBioConfig() {
  return {
    version: '0.1.0',
    model_type: 'llama',
    quantization: 'q4f32_1',
    model_config: {
      hidden_size: 4096,
      intermediate_size: 14336,
      num_attention_heads: 32,
      num_hidden_layers: 32,
      rms_norm_eps: 1e-5,
      vocab_size: 128256,
      tie_word_embeddings: false,
      position_embedding_base: 500000.0,
      context_window_size: 4096,
      prefill_chunk_size: 1024,
      num_key_value_heads: 8,
      head_dim: 128,
      tensor_parallel_shards: 1,
    },
    vocab_size: 128256,
    context_window_size: 4096,
    sliding_window_size: -1,
    prefill_chunk_size: 1024,
    attention_sink_size: -1,
    conv_template: { name: 'llama-3' },
  };
}

const tensorCache = (scaleDtype = 'float32') => ({
  metadata: { ParamSize: 2, ParamBytes: 1, BitsPerParam: 5 },
  records: [
    {
      dataPath: 'params_shard_0.bin',
      format: 'raw-shard',
      nbytes: 1,
      records: [
        { name: 'model.embed_tokens.q_weight', shape: [128256, 512], dtype: 'uint32', format: 'f32-to-bf16', nbytes: 1, byteOffset: 0 },
        { name: 'model.embed_tokens.q_scale', shape: [128256, 128], dtype: scaleDtype, format: 'f32-to-bf16', nbytes: 1, byteOffset: 0 },
      ],
    },
  ],
});

describe('checkMlcWeights', () => {
  it('accepts OpenBioLLM-Llama3-8B q4f32_1 weights on the Llama-3-8B-Instruct q4f32_1 library', () => {
    expect(checkMlcWeights(openBioConfig(), tensorCache(), llama3)).toEqual([]);
  });

  const cases: [MlcMismatchKind, (c: ReturnType<typeof openBioConfig>) => void, RegExp][] = [
    [
      'model type',
      (c) => (c.model_type = 'mistral'),
      /^model type: the weights have model_type = "mistral", the library Llama-3-8B-Instruct-q4f32_1-MLC was compiled for llama\.$/,
    ],
    [
      'hidden size',
      (c) => (c.model_config.hidden_size = 3072),
      /^hidden size: the weights have hidden_size = 3072, .* compiled for 4096\.$/,
    ],
    ['layers', (c) => (c.model_config.num_hidden_layers = 40), /^layers: the weights have num_hidden_layers = 40, .* compiled for 32\.$/],
    ['heads', (c) => (c.model_config.num_attention_heads = 16), /^heads: the weights have num_attention_heads = 16, .* compiled for 32\.$/],
    [
      'KV heads',
      (c) => (c.model_config.num_key_value_heads = 32),
      /^KV heads: the weights have num_key_value_heads = 32, .* compiled for 8\.$/,
    ],
    ['head dim', (c) => (c.model_config.head_dim = 64), /^head dim: the weights have head_dim = 64, .* compiled for 128\.$/],
    [
      'vocabulary',
      (c) => {
        c.vocab_size = 128258;
        c.model_config.vocab_size = 128258;
      },
      /^vocabulary: the weights have vocab_size = 128258, .* has 128256 rows in its embedding; a fine-tune that added tokens needs its own compiled library\.$/,
    ],
    [
      'vocabulary',
      (c) => (c.model_config.tie_word_embeddings = true),
      /^vocabulary: the weights tie the output matrix to the embedding .* keeps a separate lm_head\.$/,
    ],
    [
      'quantization',
      (c) => (c.quantization = 'q4f16_1'),
      /^quantization: the weights are "q4f16_1", .* runs q4f32_1; convert with --quantization q4f32_1\.$/,
    ],
    [
      'rope_theta',
      (c) => (c.model_config.position_embedding_base = 10000),
      /^rope_theta: the weights use a RoPE base of 10000, .* compiled with 500000; positions would be encoded wrongly\.$/,
    ],
    [
      'prefill_chunk_size',
      (c) => {
        c.prefill_chunk_size = 8192;
        c.model_config.prefill_chunk_size = 8192;
      },
      /^prefill_chunk_size: the weights ask for 8192, .* at most 1024; run gen_config with --prefill-chunk-size 1024\.$/,
    ],
  ];

  it.each(cases)('refuses a %s mismatch with its own message', (kind, mutate, message) => {
    const config = openBioConfig();
    mutate(config);
    const found = checkMlcWeights(config, tensorCache(), llama3);
    expect(found).toHaveLength(1);
    expect(found[0]?.kind).toBe(kind);
    expect(found[0]?.message).toMatch(message);
  });

  it('reads rope_theta where MLC names it so (Qwen2)', () => {
    const qwen = mlcLibrary('Qwen2-7B-Instruct', 'q4f16_1');
    const config = {
      model_type: 'qwen2',
      quantization: 'q4f16_1',
      model_config: {
        hidden_size: 3584,
        num_hidden_layers: 28,
        num_attention_heads: 28,
        num_key_value_heads: 4,
        head_dim: 128,
        vocab_size: 152064,
        rope_theta: 1000000,
        tie_word_embeddings: false,
      },
      vocab_size: 152064,
      prefill_chunk_size: 1024,
    };
    expect(checkMlcWeights(config, tensorCache('float16'), qwen)).toEqual([]);
  });

  it('refuses BioMistral (Mistral v0.1) on the Mistral v0.3 library for its RoPE base and vocabulary', () => {
    const v03 = mlcLibrary('Mistral-7B-Instruct-v0.3', 'q4f32_1');
    const bioMistral = {
      model_type: 'mistral',
      quantization: 'q4f32_1',
      model_config: {
        hidden_size: 4096,
        num_hidden_layers: 32,
        num_attention_heads: 32,
        num_key_value_heads: 8,
        head_dim: 128,
        vocab_size: 32000,
        position_embedding_base: 10000,
      },
      vocab_size: 32000,
      prefill_chunk_size: 1024,
    };
    expect(checkMlcWeights(bioMistral, tensorCache(), v03).map((m) => m.kind)).toEqual(['vocabulary', 'rope_theta']);
  });

  it('refuses a tensor cache whose scales are stored for another quantization, or that lists no shards', () => {
    expect(checkMlcWeights(openBioConfig(), tensorCache('float16'), llama3)).toEqual([
      {
        kind: 'tensor cache',
        message:
          'tensor cache: model.embed_tokens.q_scale is stored as float16, but q4f32_1 keeps its scales in float32; the shards are not q4f32_1 weights.',
      },
    ]);
    expect(checkMlcWeights(openBioConfig(), { records: [] }, llama3)[0]?.kind).toBe('tensor cache');
  });

  it('refuses a file that is not an mlc-chat-config at all', () => {
    expect(checkMlcWeights({ architectures: ['LlamaForCausalLM'] }, tensorCache(), llama3)[0]?.kind).toBe('config');
  });
});

describe('verifyMlcWeights', () => {
  /** Serves the named files (JSON bodies, or a Response as given); anything else is a 404. Records every request. */
  function serve(files: Record<string, unknown>) {
    const asked: string[] = [];
    const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      asked.push(`${init?.method ?? 'GET'} ${url}`);
      const name = Object.keys(files).find((f) => url.endsWith(`/${f}`));
      if (!name) return new Response('not found', { status: 404 });
      const body = files[name];
      return body instanceof Response ? body : new Response(JSON.stringify(body));
    }) as typeof fetch;
    return { asked, fetchFn };
  }
  const repo = 'https://huggingface.co/someone/OpenBioLLM-8B-q4f32_1-MLC';
  const files = () => ({
    'mlc-chat-config.json': openBioConfig(),
    'tensor-cache.json': tensorCache(),
    'tokenizer.json': {},
    [llama3.modelLib.split('/').pop()!]: new Response(''),
  });

  it('reads the two JSON files under resolve/main and asks only whether the tokenizer and the library exist', async () => {
    const { asked, fetchFn } = serve(files());
    expect(await verifyMlcWeights(repo, llama3, fetchFn)).toEqual({ ok: true });
    expect(asked).toEqual([
      `GET ${repo}/resolve/main/mlc-chat-config.json`,
      `GET ${repo}/resolve/main/tensor-cache.json`,
      `HEAD ${repo}/resolve/main/tokenizer.json`,
      `HEAD ${llama3.modelLib}`,
    ]);
  });

  it.each(['mlc-chat-config.json', 'tensor-cache.json', 'tokenizer.json'])(
    'names a missing %s with its URL and HTTP status, and reads nothing after it',
    async (file) => {
      const { [file]: _gone, ...rest } = files();
      const { asked, fetchFn } = serve(rest);
      const verdict = await verifyMlcWeights(repo, llama3, fetchFn);
      expect(verdict).toEqual({
        ok: false,
        missing: `The MLC model's ${file} could not be downloaded from ${repo}/resolve/main/${file}: the server answered HTTP 404 (not found: check the URL).`,
      });
      expect(asked.some((a) => a.endsWith('.wasm'))).toBe(false);
    },
  );

  it('names a missing model library with its URL and HTTP status', async () => {
    const { [llama3.modelLib.split('/').pop()!]: _gone, ...rest } = files();
    const verdict = await verifyMlcWeights(repo, llama3, serve(rest).fetchFn);
    expect(verdict).toEqual({
      ok: false,
      missing: `The model library (.wasm) could not be downloaded from ${llama3.modelLib}: the server answered HTTP 404 (not found: check the URL).`,
    });
  });

  it('checks tokenizer.model where the config lists only that', async () => {
    const config = { ...openBioConfig(), tokenizer_files: ['tokenizer.model'] };
    const { 'tokenizer.json': _json, ...rest } = files();
    const { asked, fetchFn } = serve({ ...rest, 'mlc-chat-config.json': config });
    const verdict = await verifyMlcWeights(repo, llama3, fetchFn);
    expect(!verdict.ok && 'missing' in verdict && verdict.missing).toMatch(
      /The MLC model's tokenizer\.model could not be downloaded .*HTTP 404/,
    );
    expect(asked).toContain(`HEAD ${repo}/resolve/main/tokenizer.model`);
  });

  it('tells an HTML page, a blocked host and a dead network apart', async () => {
    const html = new Response('<!doctype html><title>Model card</title>', { headers: { 'Content-Type': 'text/html' } });
    const page = await verifyMlcWeights(repo, llama3, serve({ ...files(), 'mlc-chat-config.json': html }).fetchFn);
    expect(!page.ok && 'missing' in page && page.missing).toMatch(/mlc-chat-config\.json at .* is an HTML page, not the file/);

    // CORS: the real request fails, the no-cors probe is answered.
    const cors = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.mode === 'no-cors') return new Response(null);
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const blocked = await verifyMlcWeights(repo, llama3, cors);
    expect(!blocked.ok && 'missing' in blocked && blocked.missing).toMatch(/blocked by the browser: huggingface\.co does not allow .*CORS/);

    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const dead = await verifyMlcWeights(repo, llama3, offline);
    expect(!dead.ok && 'missing' in dead && dead.missing).toMatch(/could not be reached: the network failed/);
  });

  it('names the old ndarray-cache.json when the weights have no tensor-cache.json', async () => {
    const { 'tensor-cache.json': cache, ...rest } = files();
    const verdict = await verifyMlcWeights(repo, llama3, serve({ ...rest, 'ndarray-cache.json': cache }).fetchFn);
    expect(!verdict.ok && 'missing' in verdict && verdict.missing).toMatch(
      /ndarray-cache\.json from an older mlc_llm, and web-llm 0\.2\.86 reads tensor-cache\.json/,
    );
  });

  it('keeps a folder URL as it is outside Hugging Face', () => {
    expect(mlcResolveBase('https://example.org/weights/openbio/')).toBe('https://example.org/weights/openbio/');
  });
});

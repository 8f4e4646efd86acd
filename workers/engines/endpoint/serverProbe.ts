import type { CapabilityCheck, EndpointCapability, ServerKind } from '../../../core/engine';
import { BedsideError, isBedsideError } from '../../../core/errors';
import type { EndpointHttp } from './endpointHttp';
import { sseData } from './sseEvents';

/** `GET /v1/models`, with the extra fields llama-server (`meta`), vLLM and SGLang (`max_model_len`) add. */
export interface ModelList {
  data: { id: string; max_model_len?: number; meta?: { n_vocab?: number; n_ctx_train?: number } | null }[];
}

/** The parts of llama-server's `GET /props` Bedside reads. */
export interface LlamaServerProps {
  default_generation_settings?: { n_ctx?: number };
  total_slots?: number;
  build_info?: string;
  model_path?: string;
  /** The weights' type as llama.cpp names it, e.g. "Q4_K - Medium" or "(guessed) all F32". */
  model_ftype?: string;
  chat_template?: string;
}

/** The parts of SGLang's `GET /get_server_info` (its server arguments, flattened) Bedside reads. */
export interface SglangServerInfo {
  version?: string;
  dtype?: string;
  kv_cache_dtype?: string;
  quantization?: string | null;
  context_length?: number | null;
  tp_size?: number;
  pp_size?: number;
  model_path?: string;
}

export interface ServerIdentity {
  kind: ServerKind;
  version: string | null;
  props: LlamaServerProps | null;
  sglang: SglangServerInfo | null;
}

const SERVER_NAMES: Record<ServerKind, string> = {
  'llama-server': 'llama-server',
  vllm: 'vLLM',
  sglang: 'SGLang',
  ollama: 'Ollama',
  'openai-compatible': 'This OpenAI-compatible server',
};

export function serverName(kind: ServerKind): string {
  return SERVER_NAMES[kind];
}

const isString = (x: unknown): x is string => typeof x === 'string' && x.length > 0;

/**
 * Which server answers: each kind has an endpoint only it serves (llama-server `/props`, SGLang
 * `/get_server_info`, vLLM `/version`, Ollama `/api/version`). LM Studio and others are none of these.
 */
export async function identifyServer(http: EndpointHttp, signal?: AbortSignal): Promise<ServerIdentity> {
  const [props, sglang, vllm, ollama] = await Promise.all([
    http.probe<LlamaServerProps>('/props', { signal }),
    http.probe<SglangServerInfo>('/get_server_info', { signal }),
    http.probe<{ version?: unknown }>('/version', { signal }),
    http.probe<{ version?: unknown }>('/api/version', { signal }),
  ]);
  if (props && (isString(props.build_info) || props.default_generation_settings)) {
    return { kind: 'llama-server', version: isString(props.build_info) ? props.build_info : null, props, sglang: null };
  }
  if (sglang && isString(sglang.version) && ('tp_size' in sglang || 'model_path' in sglang)) {
    return { kind: 'sglang', version: sglang.version, props: null, sglang };
  }
  if (vllm && isString(vllm.version)) return { kind: 'vllm', version: vllm.version, props: null, sglang: null };
  if (ollama && isString(ollama.version)) return { kind: 'ollama', version: ollama.version, props: null, sglang: null };
  return { kind: 'openai-compatible', version: null, props: null, sglang: null };
}

/** The models the server lists; the user picks one of these ids. */
export async function listServedModels(http: EndpointHttp, signal?: AbortSignal): Promise<ModelList['data']> {
  const list = await http.json<Partial<ModelList>>('/v1/models', undefined, signal);
  if (!Array.isArray(list.data)) {
    throw new BedsideError('ModelLoadFailed', `The server at ${http.host} answered GET /v1/models without a model list ("data").`);
  }
  return list.data.filter((m) => isString(m?.id));
}

/** The server's precision settings, where it reports them. */
export function reportedPrecision(identity: ServerIdentity): Record<string, string> | null {
  const out: Record<string, string> = {};
  const s = identity.sglang;
  if (s) {
    if (isString(s.dtype)) out.dtype = s.dtype;
    if (isString(s.kv_cache_dtype)) out.kvCacheDtype = s.kv_cache_dtype;
    out.quantization = isString(s.quantization) ? s.quantization : 'none';
    if (typeof s.tp_size === 'number') out.tensorParallel = String(s.tp_size);
    if (typeof s.pp_size === 'number') out.pipelineParallel = String(s.pp_size);
  }
  const path = identity.props?.model_path;
  // llama-server reports the weights' type, and no KV cache type or flash-attention setting.
  if (isString(identity.props?.model_ftype)) out.weights = identity.props.model_ftype;
  if (isString(path)) out.modelFile = path.split(/[\\/]/).pop() ?? path;
  return Object.keys(out).length > 0 ? out : null;
}

/** A one-token streamed reply: proves chat and streaming on this model, or says why not. */
export async function checkChat(
  http: EndpointHttp,
  modelId: string,
  signal?: AbortSignal,
): Promise<Pick<Record<EndpointCapability, CapabilityCheck>, 'chat' | 'streaming'>> {
  let response: Response;
  try {
    response = await http.open(
      '/v1/chat/completions',
      { model: modelId, messages: [{ role: 'user', content: 'Hello' }], max_tokens: 1, stream: true },
      signal,
    );
  } catch (e) {
    if (isBedsideError(e, 'AbortError') || isBedsideError(e, 'EndpointUnreachable')) throw e;
    const reason = `POST /v1/chat/completions failed: ${(e as Error).message}`;
    return { chat: { ok: false, reason }, streaming: { ok: false, reason } };
  }
  const type = response.headers.get('content-type') ?? '';
  if (!response.body || !type.includes('text/event-stream')) {
    await response.body?.cancel().catch(() => undefined);
    return {
      chat: { ok: true },
      streaming: {
        ok: false,
        reason: `the server answered a streamed chat request with ${type || 'no content type'}, not server-sent events`,
      },
    };
  }
  let events = 0;
  for await (const data of sseData(response.body, signal)) {
    events += 1;
    if (data.trim() === '[DONE]') break;
  }
  return { chat: { ok: true }, streaming: events > 0 ? { ok: true } : { ok: false, reason: 'the event stream ended without an event' } };
}

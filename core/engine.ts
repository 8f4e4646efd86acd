/**
 * The part of an engine that benchmark code may call. Pure types only: the worker's engines
 * (workers/engines/*) satisfy this structurally, so benchmarks/ never names a backend.
 */

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface GenerateOptions {
  temperature: number;
  topP: number;
  maxTokens: number;
  seed?: number;
  /** Extra stop strings besides the model's end-of-generation tokens. */
  stop?: string[];
}

export type FinishReason = 'stop' | 'length' | 'abort';

export interface GenerationUsage {
  promptTokens: number;
  completionTokens: number;
  /** Milliseconds from the request to the first streamed token. */
  timeToFirstTokenMs: number;
  prefillTokensPerSecond: number;
  decodeTokensPerSecond: number;
  totalMs: number;
}

export interface ChatResult {
  text: string;
  finishReason: FinishReason;
  usage: GenerationUsage;
  /** The precision the reply was generated at, where the engine has the setting (wllama). */
  precision?: PrecisionSetting;
  /** The model's reasoning, where a server sends it apart from the answer (`reasoning_content`, `reasoning`). */
  reasoning?: string;
}

/** Log-probability of one continuation of a prompt, with the tokens it was scored as. */
export interface ChoiceScore {
  choice: string;
  logprob: number;
  tokenIds: number[];
  tokenLogprobs: number[];
  /** Tokens of context the choice was scored after, BOS included, where the engine knows them. */
  contextTokens?: number;
  /** Context tokens dropped from the left so the request fits (lm-eval's per-request truncation); 0 when none. */
  truncatedTokens?: number;
  /** Of those, tokens lm-eval would have kept: an engine that takes text cuts where the kept text re-tokenizes to itself. */
  truncatedBeyondLmEval?: number;
  /** Whether tokens(context) is a prefix of tokens(context + choice) (lm-eval slices regardless). */
  contextIsPrefix?: boolean;
}

export type TokenCallback = (piece: string) => void;

export interface ModelCaller {
  chat(messages: ChatMessage[], options: GenerateOptions, onToken?: TokenCallback, signal?: AbortSignal): Promise<ChatResult>;
  /**
   * Log-probability of each choice as the continuation of the raw prompt (no chat template),
   * the log-likelihood of lm-evaluation-harness.
   */
  scoreChoices(prompt: string, choices: string[], signal?: AbortSignal): Promise<ChoiceScore[]>;
}

/** `endpoint`: a model served over HTTP by a server the user added (llama-server, vLLM, SGLang, Ollama, …). */
export type Backend = 'webllm' | 'wllama' | 'endpoint';

/** What Bedside needs to reach a served model. */
export interface EndpointSpec {
  /** The server's base URL, e.g. `http://127.0.0.1:8080`; a trailing `/v1` is accepted. */
  baseUrl: string;
  /** The model's id as the server lists it at `GET /v1/models`. */
  modelId: string;
  /** Sent as `Authorization: Bearer …`, and only to the base URL's own origin. */
  apiKey?: string;
  /** Benchmark items in flight at once; servers batch concurrent requests. Default 4. */
  concurrency?: number;
}

/** One model a server lists at `GET /v1/models`. */
export interface EndpointModel {
  id: string;
  /** The context length the server reports for it (vLLM and SGLang `max_model_len`, llama-server the trained one). */
  contextLength: number | null;
}

export type ServerKind = 'llama-server' | 'vllm' | 'sglang' | 'ollama' | 'openai-compatible';

export type EndpointCapability = 'chat' | 'streaming' | 'letter-logprob' | 'option-logprob';

export type CapabilityCheck = { ok: true } | { ok: false; reason: string };

/** A served model as probed at load: where text goes, what answers there, and what it can do. */
export interface EndpointInfo {
  /** The host (and port) that receives every prompt. */
  host: string;
  baseUrl: string;
  server: { kind: ServerKind; version: string | null };
  modelId: string;
  /** Precision settings the server reports (dtype, quantization, KV cache type …); null where it reports none. */
  precision: Record<string, string> | null;
  capabilities: Record<EndpointCapability, CapabilityCheck>;
  /** Benchmark items in flight at once. */
  concurrency: number;
}

/** Where a model's weights come from. One of these is handed to Engine.load. */
export interface ModelSpec {
  /** Catalog id, or `custom:<something>` for a model the user added. */
  id: string;
  name: string;
  backend: Backend;
  /** endpoint only: the server and model. */
  endpoint?: EndpointSpec;
  /** GGUF URL (wllama) or MLC weights URL (webllm). Ignored when `file` is set. */
  url?: string;
  /** A local .gguf the user picked (wllama only). */
  file?: File;
  /** All parts of a split GGUF the user picked (`…-00001-of-0000N.gguf`), in any order (wllama only). */
  files?: File[];
  /** webllm only: the prebuilt model library (.wasm) URL for this architecture. */
  modelLib?: string;
  /** Quantization label, e.g. q4f16_1, Q4_K_M, f32. */
  quant: string;
  contextSize?: number;
  /** wllama: how many layers to offload to WebGPU (n_gpu_layers); absent means all, as wllama does. */
  gpuLayers?: number;
  /** The user's choice that `gpuLayers` was resolved from, kept so runs can record it. */
  gpuLayersChoice?: GpuLayersChoice;
  /** wllama: numeric settings to load with; absent means `fast`. */
  precision?: Precision;
}

/**
 * `exact`: an f32 KV cache and no flash attention, which makes log-probs equal native llama.cpp's (to
 * ~1e-5 nats, measured) at about half the speed and twice the KV memory. `fast`: llama.cpp's defaults
 * (f16 KV cache, flash attention where the backend has it).
 */
export type Precision = 'exact' | 'fast';

/** The precision a model was loaded with, as the engine applied it. */
export interface PrecisionSetting {
  precision: Precision;
  kvCacheType: 'f32' | 'f16';
  /** Whether flash attention ran: llama.cpp decides under `fast` (its load log says), never under `exact`. */
  flashAttention: boolean;
}

/** Bytes llama.cpp allocated at load, summed over devices: weights, KV cache, compute buffer and output (logits) buffer. */
export interface LoadedBuffers {
  modelBytes: number;
  kvCacheBytes: number;
  computeBytes: number;
  outputBytes: number;
}

/**
 * How an engine fits a log-likelihood request longer than its window: `per-request`, lm-eval's left
 * truncation of each (context, choice) to `maxLength + 1` tokens; `refuse`, the item fails instead.
 */
export type ScoringTruncation = { kind: 'per-request'; maxLength: number } | { kind: 'refuse' };

/**
 * The user's GPU-layers choice for a GGUF model: `auto` offloads all where this device's GPU path is
 * possible and none where it is not; `all` always asks for all; `cpu` asks for none.
 */
export type GpuLayersChoice = 'auto' | 'all' | 'cpu' | number;

/** A GPU-layers choice and the n_gpu_layers it became (null: left to the engine). */
export interface GpuLayersSetting {
  choice: GpuLayersChoice;
  requested: number | null;
}

/** Where the loaded model's layers run, as the engine reported it (wllama: llama.cpp's load log). */
export type ComputePlacement =
  | {
      kind: 'webgpu';
      /** Repeating (transformer) layers offloaded, of `totalLayers`; the output layer is counted apart. */
      offloadedLayers: number;
      totalLayers: number;
      outputOffloaded: boolean;
    }
  | {
      kind: 'cpu';
      threads: number;
      /** Why no layer went to the GPU, e.g. "CPU only was chosen" or "the adapter lacks shader-f16". */
      reason: string;
    };

export type LoadStage = 'download' | 'cache-read' | 'compile' | 'ready';

export interface LoadProgress {
  stage: LoadStage;
  /** Bytes (download/cache-read) or steps; total 0 when unknown. */
  loaded: number;
  total: number;
  text: string;
}

export interface EngineInfo {
  backend: Backend;
  modelId: string;
  quant: string;
  engineVersion: string;
}

export interface EngineCapabilities {
  info: EngineInfo;
  contextSize: number;
  vocabSize: number;
  /** False when scoreChoices can only approximate (e.g. top-k log-probs only). */
  exactLogprobs: boolean;
  hasChatTemplate: boolean;
  /**
   * Whether the engine puts BOS before every prompt it tokenizes: the model's own default, which
   * Bedside cannot change on either engine (both tokenize text themselves). Null where unknown.
   */
  addsBos: boolean | null;
  threads: number;
  multiThread: boolean;
  /** Where the layers run; set by wllama from its load log (WebLLM always runs on WebGPU). */
  compute?: ComputePlacement;
  /** wllama: the GPU-layers choice and the n_gpu_layers the engine was asked for. */
  gpuLayers?: GpuLayersSetting;
  /** wllama: the KV cache type and flash attention the model runs with. */
  precision?: PrecisionSetting;
  /** What scoreChoices does with a request longer than the window; absent on engines that cannot score. */
  truncation?: ScoringTruncation;
  /** wllama: what llama.cpp allocated at load, from its load log. */
  buffers?: LoadedBuffers;
  /** endpoint: the server, its host and what it can do. */
  endpoint?: EndpointInfo;
}

export interface Engine extends ModelCaller {
  load(spec: ModelSpec, onProgress: (p: LoadProgress) => void, signal?: AbortSignal): Promise<EngineCapabilities>;
  /**
   * What the engine holds now. After a failed load this is the truth, not the request: wllama keeps
   * the previous model (a fresh instance loads beside it), WebLLM has already released it.
   */
  loaded(): EngineCapabilities | null;
  unload(): Promise<void>;
}

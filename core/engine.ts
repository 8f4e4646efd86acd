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
}

/** Log-probability of one continuation of a prompt, with the tokens it was scored as. */
export interface ChoiceScore {
  choice: string;
  logprob: number;
  tokenIds: number[];
  tokenLogprobs: number[];
  /** Tokens of context the choice was scored after, BOS included, where the engine knows them. */
  contextTokens?: number;
  /** Context tokens dropped from the left so the prompt fits the window (lm-eval's truncation); 0 when none. */
  truncatedTokens?: number;
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

export type Backend = 'webllm' | 'wllama';

/** Where a model's weights come from. One of these is handed to Engine.load. */
export interface ModelSpec {
  /** Catalog id, or `custom:<something>` for a model the user added. */
  id: string;
  name: string;
  backend: Backend;
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
}

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

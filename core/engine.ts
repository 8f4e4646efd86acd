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
  /** webllm only: the prebuilt model library (.wasm) URL for this architecture. */
  modelLib?: string;
  /** Quantization label, e.g. q4f16_1, Q4_K_M, f32. */
  quant: string;
  contextSize?: number;
}

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
  threads: number;
  multiThread: boolean;
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

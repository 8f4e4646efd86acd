import type { ModelCaller } from '../benchmarks/engine';

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
  unload(): Promise<void>;
}

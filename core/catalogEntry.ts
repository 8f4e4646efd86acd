import type { Backend } from './engine';

/** A model the app can offer: shipped in the catalog, or added by the user and kept in storage. */
export interface CatalogEntry {
  /** For WebLLM models, web-llm's model_id. */
  id: string;
  name: string;
  backend: Backend;
  /** GGUF file URL (wllama; relative = served with the app) or MLC weights repository URL (webllm). */
  url: string;
  /** webllm: the prebuilt model library (.wasm) for this architecture and quantization. */
  modelLib?: string;
  quant: string;
  /** Download size in bytes (estimated where noted). */
  sizeBytes: number;
  /** Memory the loaded model needs: VRAM for webllm, WASM heap for wllama. */
  memoryBytes: number;
  contextSize: number;
  licence: string;
  family: string;
  notes?: string;
  /** The model library uses f16 shaders, so the adapter needs the shader-f16 feature. */
  requiresF16: boolean;
  /**
   * True where the entry's URLs come from something checked in this project: the bundled file, or
   * web-llm 0.2.86's own prebuiltAppConfig (the package's published URLs, not a live download).
   * False where a URL was found in a Hugging Face listing but could not be fetched offline.
   */
  verifiedOffline: boolean;
  medical: boolean;
  recommended?: boolean;
  /** wllama: a file the user picked on this device; `url` then holds its file name. */
  local?: boolean;
  /** GGUF: the model's shape, from which the memory on each path (KV cache, largest tensor) is estimated. */
  shape?: ModelShape;
  /** A GGUF split with llama-gguf-split: each part's size in bytes, in part order; `url` is part 1. */
  partSizes?: number[];
  /** Terms the user must accept before the download starts (MedGemma: Health AI Developer Foundations). */
  licenceGate?: LicenceGate;
  /** endpoint: the server the user added and the model it serves; every prompt to this model goes to `host`. */
  served?: ServedModel;
}

/** A model on a server the user added, as the library offers it. Its API key is kept apart (storage/endpoints.ts). */
export interface ServedModel {
  baseUrl: string;
  /** Host and port: the one place this model's text is sent. */
  host: string;
  /** The model's id as the server lists it at `GET /v1/models`. */
  modelId: string;
}

/** A served model's id in the library, as stored records name it: one per base URL and model. */
export function servedModelId(baseUrl: string, modelId: string): string {
  return `endpoint:${baseUrl}#${modelId}`;
}

/** What sizes a transformer's memory: weights by parameters and quantization, KV cache by layers and heads. */
export interface ModelShape {
  architecture: string;
  parameters: number;
  layers: number;
  embedding: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  vocab: number;
  /** The feed-forward width (GGUF `feed_forward_length`); estimated from the parameters where absent. */
  feedForward?: number;
}

export interface LicenceGate {
  /** Stable key under which the acceptance is stored. */
  id: string;
  name: string;
  url: string;
  /** What the user agrees to, in a few sentences shown before the download. */
  summary: string;
}

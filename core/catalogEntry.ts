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
}

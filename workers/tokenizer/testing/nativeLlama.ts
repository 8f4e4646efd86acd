import type { LlamaModel } from 'node-llama-cpp';
import { getNativeLlama } from '../../../scripts/perf/nativeBench';

/** node-llama-cpp's prebuilt CPU binary, as the perf harness and the native reference engine use it. */
export const nativeLlama = getNativeLlama;

/**
 * The file's vocabulary in llama.cpp, with optional key overrides (llama.cpp applies them on load, so
 * one file serves several tokenizer.ggml.pre values). Tokenizing needs no weights, hence vocabOnly.
 */
export async function loadNativeVocabulary(modelPath: string, overrides: Record<string, string | boolean> = {}): Promise<LlamaModel> {
  const llama = await nativeLlama();
  const metadataOverrides: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(overrides)) {
    const path = key.split('.');
    let node = metadataOverrides;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[path.at(-1) ?? key] = value;
  }
  return llama.loadModel({ modelPath, vocabOnly: true, metadataOverrides });
}

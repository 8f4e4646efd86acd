import { getLlama, LlamaLogLevel, type Llama, type LlamaModel } from 'node-llama-cpp';

/**
 * node-llama-cpp's llama.cpp, as the tokenizer tests, the perf harness and the native reference engine
 * (`npm run bench -- --engine native`) all use it: one instance per process.
 */

let llamaPromise: Promise<Llama> | undefined;
const listeners = new Set<(message: string) => void>();

function logger(level: LlamaLogLevel, message: string): void {
  for (const listen of listeners) listen(message);
  if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal) console.error(`[llama.cpp] ${message.trimEnd()}`);
}

/**
 * Hears every line llama.cpp logs, info level included (printTimings() writes through it) until the
 * returned function is called.
 */
export function listenToNativeLog(listen: (message: string) => void): () => void {
  listeners.add(listen);
  return () => listeners.delete(listen);
}

/**
 * Runs `call` and collects what llama.cpp logged for it. node-llama-cpp hands log lines over after the
 * call that logged them returns, so this waits (up to `timeoutMs`) for the line matching `last`.
 */
export async function loggedDuring<T>(call: () => Promise<T>, last: RegExp, timeoutMs = 5000): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const stop = listenToNativeLog((line) => lines.push(line));
  try {
    const value = await call();
    const deadline = performance.now() + timeoutMs;
    while (!lines.some((line) => last.test(line)) && performance.now() < deadline) await new Promise((next) => setTimeout(next, 5));
    return { value, lines };
  } finally {
    stop();
  }
}

/**
 * The prebuilt linux-x64 CPU binary, never a download or a source build (the package's postinstall did
 * not run, and there is no network). maxThreads 0 makes a context's `threads` exact instead of a hint.
 */
export function getNativeLlama(): Promise<Llama> {
  llamaPromise ??= getLlama({
    gpu: false,
    build: 'never',
    usePrebuiltBinaries: true,
    skipDownload: true,
    progressLogs: false,
    maxThreads: 0,
    logLevel: LlamaLogLevel.info,
    logger,
  });
  return llamaPromise;
}

/**
 * The file's vocabulary in llama.cpp, with optional key overrides (llama.cpp applies them on load, so
 * one file serves several tokenizer.ggml.pre values). Tokenizing needs no weights, hence vocabOnly.
 */
export async function loadNativeVocabulary(modelPath: string, overrides: Record<string, string | boolean> = {}): Promise<LlamaModel> {
  const llama = await getNativeLlama();
  const metadataOverrides: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(overrides)) {
    const path = key.split('.');
    let node = metadataOverrides;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[path.at(-1) ?? key] = value;
  }
  return llama.loadModel({ modelPath, vocabOnly: true, metadataOverrides });
}

import type { LoadedBuffers } from '../../core/engine';

/** llama.cpp's load lines: `<device> model|KV|compute|output buffer size = <n> MiB` (llama-model.cpp, llama-kv-cache.cpp, llama-context.cpp). */
const BUFFER = /\b(model|KV|compute|output) buffer size =\s*([\d.]+) MiB/;
const FIELD = { model: 'modelBytes', KV: 'kvCacheBytes', compute: 'computeBytes', output: 'outputBytes' } as const;

/** What llama.cpp allocated at load, summed over devices, as its load log states it (to 0.01 MiB); null where it states none. */
export function buffersFromLoadLog(lines: readonly string[]): LoadedBuffers | null {
  const buffers: LoadedBuffers = { modelBytes: 0, kvCacheBytes: 0, computeBytes: 0, outputBytes: 0 };
  let found = false;
  for (const line of lines) {
    const match = BUFFER.exec(line);
    if (!match) continue;
    found = true;
    buffers[FIELD[match[1] as keyof typeof FIELD]] += Math.round(Number(match[2]) * 1024 * 1024);
  }
  return found ? buffers : null;
}

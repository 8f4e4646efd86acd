/**
 * How many threads the WASM engine uses. Threads need SharedArrayBuffer, hence cross-origin
 * isolation. Half the cores, as llama.cpp's barrier-synchronised threads stall badly when one of
 * them shares a core with the page, the browser or another tab (measured: a 2-thread run on a
 * 2-core machine with one busy core fell to about 1 token/s).
 */
export function wasmThreadCount(env: { crossOriginIsolated: boolean; hardwareConcurrency: number }): number {
  return env.crossOriginIsolated ? Math.max(1, Math.min(Math.floor((env.hardwareConcurrency || 1) / 2), 8)) : 1;
}

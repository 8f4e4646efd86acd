import type { LoadProgress } from '../../core/engine';

/** web-llm 0.2.86's InitProgressReport. */
export interface WebLlmInitReport {
  progress: number;
  timeElapsed: number;
  text: string;
}

const MIB = 1024 * 1024;

/**
 * web-llm reports load progress only as prose plus a 0–1 fraction. The prose of 0.2.86 (tvmjs
 * fetchTensorCache / the shader loader / MLCEngine.reload) tells the stage apart:
 *   "Fetching param cache[i/n]: 512MB fetched. 25% completed, …"  → download
 *   "Loading model from cache[i/n]: 512MB loaded. 25% completed, …" → cache-read
 *   "Loading GPU shader modules[i/n]: 30% completed, …"            → compile
 *   "Finish loading on WebGPU - …"                                  → ready
 * Megabytes in the text are rounded up, so the total comes from the fraction, not the percent.
 */
export function parseWebLlmProgress(report: WebLlmInitReport): LoadProgress {
  const text = report.text;
  const bytes = /\]:\s*(\d+)MB (?:fetched|loaded)/.exec(text);
  if (/^Fetching param cache/.test(text) || /^Loading model from cache/.test(text)) {
    const stage = text.startsWith('Fetching') ? 'download' : 'cache-read';
    const loaded = bytes ? Number(bytes[1]) * MIB : 0;
    const total = loaded > 0 && report.progress > 0 ? Math.round(loaded / report.progress) : 0;
    const verb = stage === 'download' ? 'Downloading weights' : 'Reading weights from this device’s cache';
    return { stage, loaded, total, text: total ? `${verb}: ${mb(loaded)} of ${mb(total)}` : verb };
  }
  const shaders = /^Loading GPU shader modules\[(\d+)\/(\d+)\]/.exec(text);
  if (shaders) {
    const loaded = Number(shaders[1]);
    const total = Number(shaders[2]);
    return { stage: 'compile', loaded, total, text: `Compiling GPU shaders: ${loaded} of ${total}` };
  }
  if (/^Finish loading/.test(text)) {
    return { stage: 'ready', loaded: 1, total: 1, text: text.replace(/^Finish loading on\s*/, 'Ready on ') };
  }
  return { stage: 'download', loaded: 0, total: 0, text: text || 'Fetching model configuration' };
}

function mb(bytes: number): string {
  return `${Math.round(bytes / MIB)} MB`;
}

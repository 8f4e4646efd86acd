import type { ModelSpec } from '../../core/engine';
import { BedsideError, abortError, isBedsideError } from '../../core/errors';
import { diagnoseMlcSource, missingFileMessage, type MlcMissingFile } from '../../models/mlcSource';

export type WebLlmPhase = 'load' | 'inference';

const WASM_FALLBACK = 'or run a GGUF model on the WASM engine instead';

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : typeof e === 'string' ? e : String((e as { message?: unknown } | null)?.message ?? e);
}

/**
 * After a load failed on a download: which required file of the model is missing, read from its host
 * (web-llm's Cache API error drops the file and the status). Null for any other failure, or where every
 * file is there, so the engine's own message stands.
 */
export async function diagnoseWebLlmLoad(
  e: unknown,
  spec: Pick<ModelSpec, 'url' | 'modelLib'>,
  fetchImpl?: typeof fetch,
): Promise<MlcMissingFile | null> {
  if (!spec.url || !spec.modelLib || !describeFetchFailure(messageOf(e))) return null;
  return diagnoseMlcSource(spec.url, spec.modelLib, fetchImpl);
}

/**
 * Turns what web-llm 0.2.86 (or the browser under it) throws into a BedsideError whose message says
 * what happened and what to do. web-llm's error classes set `name` (error.ts); the browser's own
 * failures (Cache API, fetch, quota) are recognised by name or message text. `missing` is what
 * diagnoseWebLlmLoad found.
 */
export function mapWebLlmError(
  e: unknown,
  spec: Pick<ModelSpec, 'name' | 'url' | 'modelLib' | 'quant'>,
  phase: WebLlmPhase,
  missing: MlcMissingFile | null = null,
): BedsideError {
  if (isBedsideError(e)) return e;
  const name =
    typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string' ? (e as { name: string }).name : '';
  const message = messageOf(e);

  if (name === 'AbortError' || /Engine\.unload\(\) is called/.test(message)) return abortError();

  if (name === 'ShaderF16SupportError' || /shader-f16/.test(message)) {
    return new BedsideError(
      'ShaderF16Unavailable',
      `${spec.name} needs the shader-f16 WebGPU feature, which this GPU/browser lacks. Pick the q4f32 variant of the model, ${WASM_FALLBACK}.`,
    );
  }
  if (
    name === 'WebGPUNotAvailableError' ||
    name === 'WebGPUNotFoundError' ||
    /WebGPU is not supported|Cannot find WebGPU|requestAdapter/i.test(message)
  ) {
    return new BedsideError(
      'WebGpuUnavailable',
      `No WebGPU adapter in this browser, so ${spec.name} cannot run on the GPU engine. Use a browser with WebGPU enabled (a recent Chrome or Edge), ${WASM_FALLBACK}.`,
    );
  }
  if (name === 'FeatureSupportError') {
    const feature = /requires feature (\S+),/.exec(message)?.[1] ?? 'a WebGPU feature';
    return new BedsideError(
      'WebGpuUnavailable',
      `${spec.name} needs ${feature}, which this GPU/browser does not offer. Pick another model, ${WASM_FALLBACK}.`,
    );
  }
  if (name === 'DeviceLostError' || /device (?:was |is )?lost/i.test(message)) {
    return new BedsideError(
      'DeviceLost',
      `The GPU dropped ${spec.name} (WebGPU device lost), most often because it ran out of GPU memory. Pick a smaller model or quantization or a shorter context and load again, ${WASM_FALLBACK}.`,
    );
  }
  if (name === 'ContextWindowSizeExceededError' || /exceed context window/i.test(message)) {
    const counts = /prompt tokens: (\d+); context window size: (\d+)/.exec(message);
    const detail = counts ? ` (${counts[1]} tokens; the window holds ${counts[2]})` : '';
    return new BedsideError(
      'ContextWindowExceeded',
      `The conversation is too long for ${spec.name}'s context window${detail}. Start a new consultation, shorten the text, or use fewer few-shot examples.`,
    );
  }
  if (name === 'QuotaExceededError' || /quota/i.test(message)) {
    return new BedsideError(
      'QuotaExceeded',
      `Not enough browser storage to keep ${spec.name}. Delete cached models on the Models page or allow persistent storage, then try again. Private/incognito windows have far less room.`,
    );
  }
  if (/out of memory|\bOOM\b|allocation failed/i.test(message)) {
    return new BedsideError(
      'OutOfMemory',
      `${spec.name} does not fit in this device's memory. Pick a smaller model or quantization, or a shorter context.`,
    );
  }
  if (name === 'MissingModelError') {
    return new BedsideError(
      'ModelLoadFailed',
      `${spec.name} has no model library (.wasm) URL. Add the prebuilt WebLLM library built for this model's architecture and quantization.`,
    );
  }
  if (name === 'IntegrityError') {
    return new BedsideError(
      'ModelLoadFailed',
      `A downloaded file of ${spec.name} does not match its expected checksum. Delete the cached copy on the Models page and load again.`,
    );
  }
  if (missing) {
    return new BedsideError(
      'ModelLoadFailed',
      `${spec.name} could not be loaded: ${missingFileMessage(missing)} Models already on this device still load.`,
    );
  }
  const fetchFailure = describeFetchFailure(message);
  if (fetchFailure) {
    return new BedsideError(
      'ModelLoadFailed',
      `Could not download ${spec.name}: ${fetchFailure}. Check the weights URL (${spec.url ?? 'none'}) and the model library URL (${spec.modelLib ?? 'none'}); models already on this device still load offline.`,
    );
  }
  if (phase === 'load') {
    return new BedsideError('ModelLoadFailed', `${spec.name} could not be loaded (the engine said: ${message || name || 'load failed'}).`);
  }
  return new BedsideError(
    'InferenceFailed',
    `${spec.name} failed while generating (the engine said: ${message || name || 'unknown error'}). Load the model again if this repeats.`,
  );
}

/**
 * Cache.add() rejects any non-2xx answer with "Request failed" and drops the status; the IndexedDB and
 * OPFS caches say "Network response was not ok" or "received status N"; fetch() itself "Failed to fetch".
 */
function describeFetchFailure(message: string): string | null {
  const status = /received status (\d{3})|HTTP (\d{3})/.exec(message);
  const code = status ? Number(status[1] ?? status[2]) : 0;
  if (code === 404) return 'a file was not found (HTTP 404)';
  if (code === 401 || code === 403) return `access was denied (HTTP ${code}); the repository may be gated or private`;
  if (code) return `the server answered HTTP ${code}`;
  if (/'add' on 'Cache': Request failed|Network response was not ok|Cannot fetch/i.test(message)) {
    return 'the server refused a file or it does not exist (HTTP error, most often 404)';
  }
  if (/Failed to fetch|NetworkError|network error|Load failed/i.test(message)) {
    return 'the network request failed (offline, blocked by the content policy, or the host is unreachable)';
  }
  return null;
}

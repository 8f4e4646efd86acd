import type { ModelSpec } from '../../core/engine';
import { BedsideError } from '../../core/errors';
import { diagnoseGgufSource, problemMessage, type GgufProblem } from '../../models/ggufSource';
import { isQuotaError } from '../../core/storageFull';

/** llama.cpp's words for a GGUF whose architecture it does not know (llama-model-loader / llama-arch). */
const UNKNOWN_ARCH = /unknown (?:model )?architecture:?\s*'?([\w.-]+)'?/i;

/**
 * Why a load failed, read from the source itself: llama.cpp's log names an unknown architecture, and the
 * file's first bytes and header tell an HTML page, a wrong magic or a truncated file from a good GGUF.
 * Null where the source looks whole, so the engine's own message stands.
 */
export async function diagnoseWllamaLoad(
  spec: Pick<ModelSpec, 'url' | 'file' | 'files'>,
  engineText: string,
  fetchImpl?: typeof fetch,
): Promise<GgufProblem | null> {
  const arch = UNKNOWN_ARCH.exec(engineText)?.[1];
  if (arch) return { kind: 'unsupported-architecture', architecture: arch };
  const first = spec.files?.find((f) => /-00001-of-\d{5}\.gguf$/i.test(f.name)) ?? spec.files?.[0] ?? spec.file;
  const source = first ?? spec.url;
  return source ? diagnoseGgufSource(source, fetchImpl) : null;
}

/** How far a download got: bytes that arrived, of the total the host announced (0: unknown). */
export interface DownloadTally {
  received: number;
  total: number;
}

/**
 * Whether a failed download ran out of storage, and how much of it was kept: the browser's own
 * QuotaExceededError, or a download that arrived whole while the cache holds less of it. Chromium's OPFS
 * write handle reports a full disk only in its return value, which wllama ignores, so the second is how
 * a full disk shows here. Null for any other failure.
 */
export async function storageShortfall(
  e: unknown,
  tally: DownloadTally,
  cachedBytes: () => Promise<number>,
): Promise<{ needed: number; stored: number } | null> {
  const refused = isQuotaError(e);
  if (!refused && !(tally.total > 0 && tally.received >= tally.total)) return null;
  const stored = await cachedBytes().catch(() => 0);
  return refused || stored < tally.total ? { needed: tally.total, stored } : null;
}

/**
 * Turns what wllama throws while loading into a message that says what went wrong with which model
 * and what to do next. wllama reports HTTP failures only in the message text ("HTTP 404").
 */
export function mapWllamaLoadError(
  e: unknown,
  spec: Pick<ModelSpec, 'name' | 'url' | 'file'>,
  problem: GgufProblem | null = null,
): BedsideError {
  const message = e instanceof Error ? e.message : String(e);
  const name = e instanceof Error ? e.name : '';
  const where = spec.file ? `the file ${spec.file.name}` : (spec.url ?? 'its source');
  if (problem) {
    const subject = spec.file ? `${spec.name} (${spec.file.name})` : `${spec.name} (${spec.url ?? 'its source'})`;
    return new BedsideError('ModelLoadFailed', `${problemMessage(problem, subject)} The previous model is still loaded.`);
  }
  const http = /HTTP (\d{3})/.exec(message);
  if (http) {
    const status = Number(http[1]);
    const hint =
      status === 404
        ? 'not found: check the URL'
        : status === 401 || status === 403
          ? 'access denied: the model may be gated; download it yourself and add it as a local file'
          : 'the host refused the request';
    return new BedsideError(
      'ModelLoadFailed',
      `Could not download ${spec.name} from ${where}: HTTP ${status} (${hint}). The previous model is still loaded.`,
    );
  }
  if (name === 'QuotaExceededError' || /quota/i.test(message)) {
    return new BedsideError(
      'QuotaExceeded',
      `Not enough browser storage to keep ${spec.name}. Delete cached models on the Models page or allow persistent storage, then try again.`,
    );
  }
  if (/out of memory|allocation failed|Array buffer allocation/i.test(message)) {
    return new BedsideError(
      'OutOfMemory',
      `${spec.name} does not fit in this tab's memory. Pick a smaller quantization or a smaller model.`,
    );
  }
  if (/Failed to fetch|NetworkError|network/i.test(message)) {
    return new BedsideError(
      'ModelLoadFailed',
      `Could not reach ${where} to download ${spec.name}: the network failed. Check your connection; models already on this device still load offline.`,
    );
  }
  if (/\.gguf/.test(message) && /URL/.test(message)) {
    return new BedsideError('ModelLoadFailed', `${spec.name}: a GGUF model URL must end with ".gguf" (got ${spec.url ?? ''}).`);
  }
  return new BedsideError(
    'ModelLoadFailed',
    `${spec.name} could not be loaded from ${where}: it is not a complete GGUF model (the engine said: ${message || 'load failed'}). The file may be truncated or corrupt: download it again or pick another file. The previous model is still loaded.`,
  );
}

/** llama.cpp's server refusing a prompt longer than the loaded window (`n_ctx`), with both counts. */
const OVER_CONTEXT = /request \((\d+) tokens\) exceeds the available context size \((\d+) tokens\)/;

/**
 * What a failed chat means: a prompt longer than the window is the item's fault (ContextWindowExceeded, so a
 * run records that item as failed and goes on); anything else is the engine's and is thrown as it came.
 */
export function mapWllamaChatError(e: unknown): unknown {
  const over = OVER_CONTEXT.exec(e instanceof Error ? e.message : String(e));
  if (!over) return e;
  return new BedsideError(
    'ContextWindowExceeded',
    `The prompt is ${over[1]} tokens, more than this model's ${over[2]}-token context window holds.`,
  );
}

import { formatBytes } from './bytes';
import { BedsideError, isBedsideError } from './errors';

/**
 * Browser storage running out, said the same way wherever it happens (weights in the engine worker,
 * results and messages in IndexedDB): what could not be kept and its size, how full this site's
 * storage is, and what to do. The page shows what can be deleted next to any QuotaExceeded error.
 */

/**
 * A write the browser refused for lack of space: its own QuotaExceededError, ours once it crossed the
 * worker boundary, or only its words (wllama's download worker passes a failure on as the text of an
 * ErrorEvent, "Uncaught QuotaExceededError: …").
 */
export function isQuotaError(e: unknown): boolean {
  if ((e as { name?: unknown } | null)?.name === 'QuotaExceededError' || isBedsideError(e, 'QuotaExceeded')) return true;
  const text = typeof e === 'string' ? e : e instanceof Error ? e.message : '';
  return /QuotaExceededError|quota (?:has been |was )?exceeded/i.test(text);
}

export interface StorageUse {
  usageBytes: number;
  quotaBytes: number;
}

/** What navigator.storage.estimate() says, or null where the browser does not tell (some private windows). */
export async function storageUse(): Promise<StorageUse | null> {
  try {
    const estimate = await globalThis.navigator?.storage?.estimate?.();
    if (!estimate || estimate.quota === undefined || estimate.usage === undefined) return null;
    return { usageBytes: estimate.usage, quotaBytes: estimate.quota };
  } catch {
    return null;
  }
}

/** About how many bytes a record takes as JSON: the size a refused write was asking for. */
export function recordBytes(record: unknown): number {
  return new TextEncoder().encode(JSON.stringify(record) ?? '').length;
}

/**
 * The sentence for a refused write: `what` could not be saved, its size (null: unknown), the site's
 * usage and quota (null: the browser does not say), then `consequence`: what happened to the work.
 */
export function storageFullMessage(what: string, bytes: number | null, use: StorageUse | null, consequence = ''): string {
  const size = bytes && bytes > 0 ? ` (${formatBytes(bytes)})` : '';
  const room = use
    ? ` This site uses ${formatBytes(use.usageBytes)} of the ${formatBytes(use.quotaBytes)} the browser allows it (${formatBytes(Math.max(0, use.quotaBytes - use.usageBytes))} free).`
    : ' The browser does not say how much room this site has.';
  const then = consequence ? ` ${consequence}` : '';
  return `Browser storage is full: ${what}${size} could not be saved.${room}${then} Delete downloaded weights or old benchmark runs you no longer need, then try again.`;
}

/** The error for a refused write, with the storage use read now. */
export async function storageFullError(what: string, bytes: number | null, consequence = ''): Promise<BedsideError> {
  return new BedsideError('QuotaExceeded', storageFullMessage(what, bytes, await storageUse(), consequence));
}

/**
 * The error for model weights the browser ran out of room for. `storedBytes`: how much was written before
 * it refused (null: unknown). The engine worker removes what was written (engineHost), as this says.
 */
export function weightsStorageFullError(modelName: string, neededBytes: number | null, storedBytes: number | null): Promise<BedsideError> {
  const written = storedBytes === null ? '' : `Only ${formatBytes(storedBytes)} of them could be written. `;
  return storageFullError(
    `the weights of ${modelName}`,
    neededBytes,
    `${written}${modelName} was not loaded, and the partial download was removed, so it never counts as downloaded.`,
  );
}

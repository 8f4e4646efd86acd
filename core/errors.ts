/**
 * Errors that cross the worker boundary. Comlink keeps only `name`, `message` and `stack`,
 * so the kind travels in `name` and is checked with isBedsideError, never instanceof.
 */
export const BEDSIDE_ERROR_NAMES = [
  'WebGpuUnavailable',
  'ShaderF16Unavailable',
  'DeviceLost',
  'OutOfMemory',
  'QuotaExceeded',
  'ContextWindowExceeded',
  'ModelLoadFailed',
  'ModelNotLoaded',
  'ModelMismatch',
  'EngineBusy',
  'InferenceFailed',
  'UnsupportedTokenizer',
  'SuiteInvalid',
  'AbortError',
  /** A served model's server did not answer (down, unreachable, or its CORS refused this page) after retries. */
  'EndpointUnreachable',
  /** The server cannot do what was asked (e.g. no prompt log-probs for log-prob modes). */
  'CapabilityMissing',
  /** A run stopped itself: items kept failing with one error. Resume continues it. */
  'RunPaused',
] as const;

export type BedsideErrorName = (typeof BEDSIDE_ERROR_NAMES)[number];

const KNOWN_NAMES: ReadonlySet<string> = new Set(BEDSIDE_ERROR_NAMES);

export class BedsideError extends Error {
  override name: BedsideErrorName;
  constructor(name: BedsideErrorName, message: string) {
    super(message);
    this.name = name;
  }
}

export function isBedsideError(e: unknown, name?: BedsideErrorName): e is BedsideError {
  if (typeof e !== 'object' || e === null) return false;
  const n = (e as { name?: unknown }).name;
  return typeof n === 'string' && (name === undefined ? KNOWN_NAMES.has(n) : n === name);
}

export function abortError(): BedsideError {
  return new BedsideError('AbortError', 'Stopped.');
}

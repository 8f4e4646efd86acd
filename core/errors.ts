/**
 * Errors that cross the worker boundary. Comlink keeps only `name`, `message` and `stack`,
 * so the kind travels in `name` and is checked with isBedsideError, never instanceof.
 */
export type BedsideErrorName =
  | 'WebGpuUnavailable'
  | 'ShaderF16Unavailable'
  | 'DeviceLost'
  | 'OutOfMemory'
  | 'QuotaExceeded'
  | 'ContextWindowExceeded'
  | 'ModelLoadFailed'
  | 'ModelNotLoaded'
  | 'ModelMismatch'
  | 'EngineBusy'
  | 'InferenceFailed'
  | 'SuiteInvalid'
  | 'AbortError';

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
  return typeof n === 'string' && (name === undefined ? BEDSIDE_ERROR_NAMES.has(n) : n === name);
}

const BEDSIDE_ERROR_NAMES: ReadonlySet<string> = new Set<BedsideErrorName>([
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
  'SuiteInvalid',
  'AbortError',
]);

export function abortError(): BedsideError {
  return new BedsideError('AbortError', 'Stopped.');
}

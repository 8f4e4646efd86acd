import type { PrecisionSetting } from '../core/engine';

/** The precision a model ran with, as run records and replies say it: "exact: f32 KV cache, no flash attention". */
export function precisionLabel(setting: PrecisionSetting): string {
  return `${setting.precision}: ${setting.kvCacheType} KV cache, ${setting.flashAttention ? 'flash attention' : 'no flash attention'}`;
}

/**
 * Why two scorings are not like for like, or null: the precision differs, or one side does not say.
 * Reads as a protocol difference does where runs or published numbers are set side by side.
 */
export function precisionMismatch(a: PrecisionSetting | undefined, b: PrecisionSetting | undefined): string | null {
  if (a === undefined && b === undefined) return null;
  if (a === undefined || b === undefined) {
    const known = (a ?? b)!;
    return `precision recorded on one side only (${precisionLabel(known)})`;
  }
  if (a.precision === b.precision && a.kvCacheType === b.kvCacheType && a.flashAttention === b.flashAttention) return null;
  return `different precision: ${precisionLabel(a)} vs ${precisionLabel(b)}`;
}

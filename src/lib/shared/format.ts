/** What the app's sizes mean, for the places that say it: decimal units, as Hugging Face lists files. */
export const SIZE_UNIT_NOTE = 'Sizes in decimal units: 1 GB = 10⁹ bytes, 1 MB = 10⁶ bytes, as Hugging Face lists files.';

/** One unit system everywhere (SIZE_UNIT_NOTE): "1.2 MB", "2.5 GB". */
export { formatBytes } from '../../../core/bytes';
export { plural } from '../../../core/plural';

/** "293 K", "60.2 M", "1.1 B" parameters. */
export function formatParameters(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${Math.round(n / 1e3)} K`;
  return String(n);
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export interface Rate {
  perSecond: number;
  /** Seconds left at the current rate, or NaN while unknown. */
  etaSeconds: number;
}

/**
 * Speed over a sliding window rather than since the start, so a stall shows up as a falling speed
 * and a growing time left instead of a frozen estimate.
 */
export class RateMeter {
  #samples: { t: number; v: number }[] = [];
  readonly #windowMs: number;
  constructor(windowMs = 3000) {
    this.#windowMs = windowMs;
  }
  add(t: number, value: number, total: number): Rate {
    this.#samples.push({ t, v: value });
    while (this.#samples.length > 2 && t - this.#samples[0]!.t > this.#windowMs) this.#samples.shift();
    const first = this.#samples[0]!;
    const dt = (t - first.t) / 1000;
    const perSecond = dt > 0 ? (value - first.v) / dt : 0;
    const etaSeconds = perSecond > 0 && total > 0 ? Math.max(0, (total - value) / perSecond) : NaN;
    return { perSecond, etaSeconds };
  }
}

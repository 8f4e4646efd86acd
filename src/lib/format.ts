export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return '0 B';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  const i = Math.min(units.length - 1, Math.floor(Math.log(n) / Math.log(1024)));
  const v = n / 1024 ** i;
  return `${v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
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

/** "1 thread", "2 threads": a count with its noun, singular only for exactly one. */
export function plural(n: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : pluralNoun}`;
}

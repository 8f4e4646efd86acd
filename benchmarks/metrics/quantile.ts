/**
 * The one quantile of the project, over values sorted ascending, q in [0, 1]:
 * - `linear` (numpy's default, and FastChat's for bootstrap intervals): h = (n − 1)·q, interpolated
 *   between the two values around h. The median of an even count is the mean of the middle two.
 * - `nearest-rank`: the smallest value with at least q of the values ≤ it, sorted[ceil(q·n) − 1], so a
 *   latency percentile is always a latency that was observed.
 */
export function quantileSorted(sorted: readonly number[], q: number, method: 'linear' | 'nearest-rank' = 'linear'): number {
  if (sorted.length === 0) throw new Error('Quantile of no values.');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`Quantile ${q} is outside [0, 1].`);
  if (method === 'nearest-rank') return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const low = sorted[lo]!;
  const high = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return low + (h - lo) * (high - low);
}

/** An ascending copy, for quantileSorted. */
export function sortedAscending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

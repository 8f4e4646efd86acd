/** Min, median and max of repeated measurements. Times: min is the best run; rates: max is. */
export interface Stat {
  min: number;
  median: number;
  max: number;
  n: number;
}

export function summarize(values: readonly number[]): Stat {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return { min: sorted[0] ?? NaN, median, max: sorted[sorted.length - 1] ?? NaN, n: sorted.length };
}

import { quantileSorted, sortedAscending } from '../../benchmarks/metrics/quantile';

/** Min, median and max of repeated measurements. Times: min is the best run; rates: max is. */
export interface Stat {
  min: number;
  median: number;
  max: number;
  n: number;
}

/** NaN throughout for no measurements, so a missing series shows as such in the report rather than as 0. */
export function summarize(values: readonly number[]): Stat {
  if (values.length === 0) return { min: NaN, median: NaN, max: NaN, n: 0 };
  const sorted = sortedAscending(values);
  return { min: sorted[0]!, median: quantileSorted(sorted, 0.5), max: sorted[sorted.length - 1]!, n: sorted.length };
}

import { accuracyOf, type AccuracyTally } from '../../../benchmarks/metrics/accuracy';
import type { AccuracyStats } from '../../../benchmarks/metrics/summary';
import type { ItemResult } from '../../../core/run';

export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** "62.5% · 2 failed": accuracy over scored items with the failures beside it (benchmarks/metrics/accuracy.ts). */
export function formatAccuracyWithFailures(tally: AccuracyTally): string {
  const accuracy = accuracyOf(tally);
  const point = accuracy === null ? '—' : formatPercent(accuracy);
  return tally.failed ? `${point} · ${tally.failed} failed` : point;
}

/** "41.2% (95% CI 35.0–47.7%)": the interval is always shown next to the point estimate. */
export function formatAccuracy(stats: Pick<AccuracyStats, 'accuracy' | 'ci'>): string {
  if (stats.accuracy === null) return '—';
  const point = formatPercent(stats.accuracy);
  if (stats.ci === null) return point;
  return `${point} (95% CI ${(stats.ci.lower * 100).toFixed(1)}–${formatPercent(stats.ci.upper)})`;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/**
 * Accuracy of uniform guessing, 1/k, when every item has the same number k of scored choices.
 * Null otherwise, and in generative mode, where the results do not record how many options there were.
 */
export function chanceLevel(results: readonly ItemResult[]): number | null {
  const counts = new Set(results.map((r) => (r.probs === null ? null : Object.keys(r.probs).length)));
  if (counts.size !== 1) return null;
  const [k] = counts;
  return k ? 1 / k : null;
}

import type { ItemResult } from '../../core/run';
import { scoredResults } from './accuracy';
import { calibration, type Calibration } from './calibration';
import { quantileSorted, sortedAscending } from './quantile';
import { meanStderr } from './stderr';
import { wilsonInterval, type Interval } from './wilson';

/**
 * Summary of one run's item results. Definitions:
 * - accuracy (`acc`) as accuracy.ts defines it for every view: correct / n over the scored items,
 *   failed items counted apart (`failed`), invalid generative answers wrong.
 * - `acc_norm` only when every item has an `acc_norm` prediction (log-prob modes).
 * - stderr as lm-eval (sample stddev / √n), CI as Wilson 95%.
 * - latency percentiles use the nearest-rank definition: the p-th percentile is the smallest
 *   observed latency with at least p% of latencies ≤ it (sorted[ceil(p/100 · n) − 1]).
 * - rates divide by summed item latency, so time spent paused between resumes does not count.
 */

export interface AccuracyStats {
  n: number;
  correct: number;
  accuracy: number | null;
  ci: Interval | null;
  stderr: number | null;
}

export interface SubjectRow extends AccuracyStats {
  subject: string;
}

export interface LatencyStats {
  p50: number;
  p95: number;
  mean: number;
}

export interface RunSummary extends AccuracyStats {
  accNorm: AccuracyStats | null;
  invalid: number;
  invalidRate: number | null;
  /** Sorted by subject; items without one are under `''`. */
  perSubject: SubjectRow[];
  latencyMs: LatencyStats | null;
  promptTokens: number;
  completionTokens: number;
  /** Completion tokens over the summed latency of the items that report them (prefill included). */
  completionTokensPerSecond: number | null;
  itemsPerSecond: number | null;
  /** Over the items with choice probabilities; null when none have them. */
  calibration: Calibration | null;
  /** Items that could not be scored, with their reasons in the item results. */
  failed: number;
  /** Items whose prompt lost its oldest tokens to fit the context window (lm-eval's left truncation). */
  truncated: number;
  /** Items where, for some choice, tokens(context) is not a prefix of tokens(context + choice) (ItemResult.contextIsPrefix). */
  contextNotPrefix: number;
}

export function accuracyStats(outcomes: readonly boolean[]): AccuracyStats {
  const n = outcomes.length;
  const correct = outcomes.filter(Boolean).length;
  return {
    n,
    correct,
    accuracy: n > 0 ? correct / n : null,
    ci: wilsonInterval(correct, n),
    stderr: meanStderr(outcomes.map((c) => (c ? 1 : 0))),
  };
}

function latencyStats(latencies: readonly number[]): LatencyStats | null {
  if (latencies.length === 0) return null;
  const sorted = sortedAscending(latencies);
  return {
    p50: quantileSorted(sorted, 0.5, 'nearest-rank'),
    p95: quantileSorted(sorted, 0.95, 'nearest-rank'),
    mean: latencies.reduce((a, b) => a + b, 0) / latencies.length,
  };
}

export function summarizeRun(all: readonly ItemResult[]): RunSummary {
  const results = scoredResults(all);
  const bySubject = new Map<string, boolean[]>();
  for (const r of results) {
    const key = r.subject ?? '';
    const outcomes = bySubject.get(key);
    if (outcomes) outcomes.push(r.correct);
    else bySubject.set(key, [r.correct]);
  }
  const perSubject = [...bySubject.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([subject, outcomes]) => ({ subject, ...accuracyStats(outcomes) }));

  const norms = results.map((r) => r.correctNorm);
  const accNorm = results.length > 0 && norms.every((c) => c !== null) ? accuracyStats(norms as boolean[]) : null;

  const invalid = results.filter((r) => r.invalid).length;
  const latencies = results.map((r) => r.latencyMs);
  const totalSeconds = latencies.reduce((a, b) => a + b, 0) / 1000;
  const withCompletion = results.filter((r) => r.completionTokens !== null);
  const completionTokens = withCompletion.reduce((a, r) => a + (r.completionTokens ?? 0), 0);
  const completionSeconds = withCompletion.reduce((a, r) => a + r.latencyMs, 0) / 1000;
  const calibrationInputs = results.flatMap((r) => (r.probs === null ? [] : [{ probs: r.probs, gold: r.gold }]));

  return {
    ...accuracyStats(results.map((r) => r.correct)),
    accNorm,
    invalid,
    invalidRate: results.length > 0 ? invalid / results.length : null,
    perSubject,
    latencyMs: latencyStats(latencies),
    promptTokens: results.reduce((a, r) => a + (r.promptTokens ?? 0), 0),
    completionTokens,
    completionTokensPerSecond: completionSeconds > 0 ? completionTokens / completionSeconds : null,
    itemsPerSecond: totalSeconds > 0 ? results.length / totalSeconds : null,
    calibration: calibrationInputs.length > 0 ? calibration(calibrationInputs) : null,
    failed: all.length - results.length,
    truncated: results.filter((r) => (r.truncatedTokens ?? 0) > 0).length,
    contextNotPrefix: results.filter((r) => r.contextIsPrefix === false).length,
  };
}

export interface SuiteAccuracy {
  n: number;
  correct: number;
}

/**
 * Across suites (or MMLU subjects): `macro` is the unweighted mean of each suite's accuracy;
 * `weighted` pools items, Σcorrect / Σn (lm-eval group `weight_by_size`). Suites with n = 0 are left out.
 */
export function averageAcrossSuites(suites: readonly SuiteAccuracy[]): { macro: number | null; weighted: number | null } {
  const nonEmpty = suites.filter((s) => s.n > 0);
  if (nonEmpty.length === 0) return { macro: null, weighted: null };
  const macro = nonEmpty.reduce((a, s) => a + s.correct / s.n, 0) / nonEmpty.length;
  const weighted = nonEmpty.reduce((a, s) => a + s.correct, 0) / nonEmpty.reduce((a, s) => a + s.n, 0);
  return { macro, weighted };
}

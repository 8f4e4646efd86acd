import { randomInt, type Rng } from '../random';
import { quantileSorted } from './quantile';

/** Correctness of two runs on the same item. */
export interface PairedOutcome {
  itemId: string;
  a: boolean;
  b: boolean;
}

/** Pairs two runs' results on the items both scored, in `a`'s order. */
export function pairResults(
  a: readonly { itemId: string; correct: boolean }[],
  b: readonly { itemId: string; correct: boolean }[],
): PairedOutcome[] {
  const bById = new Map(b.map((r) => [r.itemId, r.correct]));
  return a.flatMap((r) => {
    const other = bById.get(r.itemId);
    return other === undefined ? [] : [{ itemId: r.itemId, a: r.correct, b: other }];
  });
}

/** The 2×2 table of two runs on the same items. */
export interface PairedTable {
  n: number;
  bothCorrect: number;
  onlyA: number;
  onlyB: number;
  bothWrong: number;
}

export function pairedTable(pairs: readonly PairedOutcome[]): PairedTable {
  const count = (a: boolean, b: boolean) => pairs.filter((p) => p.a === a && p.b === b).length;
  return {
    n: pairs.length,
    bothCorrect: count(true, true),
    onlyA: count(true, false),
    onlyB: count(false, true),
    bothWrong: count(false, false),
  };
}

export interface McNemarResult {
  /** Items only `a` got right, and only `b` got right: the discordant pairs the test uses. */
  onlyA: number;
  onlyB: number;
  /** Exact two-sided p: min(1, 2 · P(X ≤ min(onlyA, onlyB))) with X ~ Binomial(onlyA + onlyB, ½). */
  p: number;
}

export function mcnemarExact(pairs: readonly PairedOutcome[]): McNemarResult {
  const onlyA = pairs.filter((p) => p.a && !p.b).length;
  const onlyB = pairs.filter((p) => !p.a && p.b).length;
  const n = onlyA + onlyB;
  const k = Math.min(onlyA, onlyB);
  // Sum binomial terms in log space: 0.5^n underflows for n above ~1074 discordant pairs.
  let logTerm = -n * Math.LN2;
  let maxLog = logTerm;
  const logTerms = [logTerm];
  for (let i = 0; i < k; i++) {
    logTerm += Math.log((n - i) / (i + 1));
    logTerms.push(logTerm);
    maxLog = Math.max(maxLog, logTerm);
  }
  const tail = Math.exp(maxLog) * logTerms.reduce((sum, t) => sum + Math.exp(t - maxLog), 0);
  return { onlyA, onlyB, p: Math.min(1, 2 * tail) };
}

export interface DifferenceEstimate {
  /** mean(a) − mean(b) (accuracies, or item scores) on all pairs: the point estimate, as FastChat takes it from the full data. */
  difference: number;
  lower: number;
  upper: number;
  rounds: number;
}

/**
 * Paired bootstrap CI of accuracy(a) − accuracy(b): each round resamples items with replacement,
 * keeping each item's pair together, then takes the (1−level)/2 and (1+level)/2 quantiles.
 * Deterministic for a given RNG seed.
 */
export function bootstrapAccuracyDifference(
  pairs: readonly PairedOutcome[],
  rng: Rng,
  options: { rounds?: number; level?: number } = {},
): DifferenceEstimate | null {
  return bootstrapMeanDifference(
    pairs.map((p) => (p.a ? 1 : 0) - (p.b ? 1 : 0)),
    rng,
    options,
  );
}

/**
 * The same paired bootstrap on any per-item differences a − b (open-ended item scores, metric values):
 * the mean difference and its interval; null without items.
 */
export function bootstrapMeanDifference(
  deltas: readonly number[],
  rng: Rng,
  options: { rounds?: number; level?: number } = {},
): DifferenceEstimate | null {
  const rounds = options.rounds ?? 2000;
  const level = options.level ?? 0.95;
  const n = deltas.length;
  if (n === 0) return null;
  const difference = deltas.reduce((a, d) => a + d, 0) / n;
  const samples = new Array<number>(rounds);
  for (let r = 0; r < rounds; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += deltas[randomInt(rng, n)]!;
    samples[r] = sum / n;
  }
  samples.sort((x, y) => x - y);
  return {
    difference,
    lower: quantileSorted(samples, (1 - level) / 2),
    upper: quantileSorted(samples, (1 + level) / 2),
    rounds,
  };
}

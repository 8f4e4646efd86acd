import { randomInt, type Rng } from '../random';
import { describeFitCondition, fitCondition, ratingsAreFinite, type FitCondition } from './comparisonGraph';
import { quantileSorted } from './quantile';
import { ranksByIntervals } from './ranks';

/** FastChat's battle outcomes; a tie of either kind is a draw for the ratings. */
export type BattleWinner = 'model_a' | 'model_b' | 'tie' | 'tie (bothbad)';
export const BATTLE_WINNERS: readonly BattleWinner[] = ['model_a', 'model_b', 'tie', 'tie (bothbad)'];

/** One pairwise battle in FastChat's format (`model_a`, `model_b`, `winner`, optional id and time). */
export interface Battle {
  model_a: string;
  model_b: string;
  winner: BattleWinner;
  id?: string;
  /** Epoch seconds, as FastChat's `tstamp`. */
  tstamp?: number;
}

/** FastChat's `compute_mle_elo` constants: ratings on the Elo scale, 400 points = a factor 10 in odds. */
export const SCALE = 400;
export const BASE = 10;
export const INIT_RATING = 1000;

/**
 * Pairwise win weights as `compute_mle_elo` builds them: a decisive battle adds 2 to the winner's
 * row, a tie of either kind adds 1 to each side (one win plus one loss), so each battle counts twice.
 * `wins[i][j]` is the weight of i beating j.
 */
export function winWeights(battles: readonly Battle[], models: readonly string[]): number[][] {
  const index = new Map(models.map((m, i) => [m, i]));
  const wins = models.map(() => models.map(() => 0));
  for (const b of battles) {
    const a = index.get(b.model_a);
    const c = index.get(b.model_b);
    if (a === undefined || c === undefined || a === c) continue;
    if (b.winner === 'model_a') wins[a]![c]! += 2;
    else if (b.winner === 'model_b') wins[c]![a]! += 2;
    else {
      wins[a]![c]! += 1;
      wins[c]![a]! += 1;
    }
  }
  return wins;
}

/** Contestants in order of first appearance (self-battles are ignored, as they carry no information). */
export function modelsOf(battles: readonly Battle[]): string[] {
  const seen = new Set<string>();
  for (const b of battles) {
    if (b.model_a === b.model_b) continue;
    seen.add(b.model_a);
    seen.add(b.model_b);
  }
  return [...seen];
}

/**
 * When the MLE does not exist, a Gaussian prior with this precision on the natural (log-odds) scale
 * keeps ratings finite: σ = 10 log-odds ≈ 1737 rating points, so it moves finite fits by far less
 * than their bootstrap spread. FastChat instead stops its optimiser after a fixed iteration count.
 */
export const FALLBACK_PRIOR_PRECISION = 0.01;

/**
 * Bradley–Terry fit by Newton's method on the natural scale, P(i beats j) = σ(θi − θj), centred so
 * Σθ = 0. `precision` > 0 adds the Gaussian prior above. Solves the centred system through its
 * Hessian plus the all-ones direction, which the likelihood leaves free.
 */
export function fitBradleyTerry(wins: readonly number[][], precision = 0): number[] {
  const n = wins.length;
  const theta = new Array<number>(n).fill(0);
  if (n <= 1) return theta;
  for (let iter = 0; iter < 200; iter++) {
    const grad = new Array<number>(n).fill(0);
    const hess = theta.map(() => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const total = wins[i]![j]! + wins[j]![i]!;
        if (total === 0) continue;
        const p = 1 / (1 + Math.exp(theta[j]! - theta[i]!));
        const g = wins[i]![j]! - total * p;
        grad[i]! += g;
        grad[j]! -= g;
        const h = total * p * (1 - p);
        hess[i]![i]! += h;
        hess[j]![j]! += h;
        hess[i]![j]! -= h;
        hess[j]![i]! -= h;
      }
    }
    for (let i = 0; i < n; i++) {
      grad[i]! -= precision * theta[i]!;
      // The all-ones term pins the free direction (Σθ stays 0) without changing the step within it.
      for (let j = 0; j < n; j++) hess[i]![j]! += precision * (i === j ? 1 : 0) + 1 / n;
    }
    const step = solve(hess, grad);
    let largest = 0;
    for (let i = 0; i < n; i++) {
      theta[i]! += step[i]!;
      largest = Math.max(largest, Math.abs(step[i]!));
    }
    if (largest < 1e-12) break;
  }
  const mean = theta.reduce((a, t) => a + t, 0) / n;
  return theta.map((t) => t - mean);
}

/** Gaussian elimination with partial pivoting; the systems here are a few contestants across. */
function solve(matrix: number[][], rhs: number[]): number[] {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}

/** Natural-scale strengths to Elo-scale ratings averaging INIT_RATING. */
export function toRatings(theta: readonly number[]): number[] {
  return theta.map((t) => INIT_RATING + (SCALE * t) / Math.log(BASE));
}

export interface MleFit {
  models: string[];
  ratings: number[];
  /** Why the maximum-likelihood ratings are not finite, if they are not. */
  condition: FitCondition;
  /** True when they are not: the prior in FALLBACK_PRIOR_PRECISION kept them finite. */
  priorUsed: boolean;
}

/** FastChat `compute_mle_elo` semantics; ratings centred to average 1000 (no anchor model). */
export function computeMleElo(battles: readonly Battle[], models: readonly string[] = modelsOf(battles)): MleFit {
  const wins = winWeights(battles, models);
  const condition = fitCondition(wins, models);
  const priorUsed = !ratingsAreFinite(condition);
  return { models: [...models], ratings: toRatings(fitBradleyTerry(wins, priorUsed ? FALLBACK_PRIOR_PRECISION : 0)), condition, priorUsed };
}

/**
 * Below this many battles a contestant gets no interval: a bootstrap of so few battles is not a real
 * one (a single battle resamples only to itself, a zero-width "95%" interval).
 */
export const MIN_BATTLES_FOR_INTERVAL = 10;

export interface RatingRow {
  model: string;
  rating: number;
  /** The bootstrap 95% interval; null with `noInterval` saying why. */
  ci_low: number | null;
  ci_high: number | null;
  noInterval: string | null;
  battles: number;
  /** By ranksByIntervals; null without an interval. */
  rank: number | null;
}

export interface RatingsResult {
  rows: RatingRow[];
  rounds: number;
  seed: number;
  condition: FitCondition;
  priorUsed: boolean;
}

/** Battles each contestant took part in. */
export function battleCounts(battles: readonly Battle[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const b of battles) {
    if (b.model_a === b.model_b) continue;
    counts.set(b.model_a, (counts.get(b.model_a) ?? 0) + 1);
    counts.set(b.model_b, (counts.get(b.model_b) ?? 0) + 1);
  }
  return counts;
}

/**
 * Point ratings from the full-data fit, with a bootstrap 95% interval: each round resamples the
 * battles with replacement and refits (FastChat `get_bootstrap_result`); a contestant absent from a
 * round is left out of that round's quantiles. Sorted by rating, best first.
 */
export function bootstrapRatings(battles: readonly Battle[], rng: Rng, options: { rounds?: number; seed?: number } = {}): RatingsResult {
  const rounds = options.rounds ?? 1000;
  const models = modelsOf(battles);
  const fit = computeMleElo(battles, models);
  const samples = models.map(() => [] as number[]);
  const usable = battles.filter((b) => b.model_a !== b.model_b);
  for (let r = 0; r < rounds && usable.length > 0; r++) {
    const sample = Array.from({ length: usable.length }, () => usable[randomInt(rng, usable.length)]!);
    const present = new Set(modelsOf(sample));
    const roundModels = models.filter((m) => present.has(m));
    const roundFit = computeMleElo(sample, roundModels);
    roundFit.models.forEach((m, i) => samples[models.indexOf(m)]!.push(roundFit.ratings[i]!));
  }
  const counts = battleCounts(battles);
  const rows: RatingRow[] = models.map((model, i) => {
    const sorted = samples[i]!.sort((x, y) => x - y);
    const n = counts.get(model) ?? 0;
    const low = sorted.length ? quantileSorted(sorted, 0.025) : null;
    const high = sorted.length ? quantileSorted(sorted, 0.975) : null;
    const noInterval =
      n < MIN_BATTLES_FOR_INTERVAL
        ? `${n} battle${n === 1 ? '' : 's'}: an interval needs at least ${MIN_BATTLES_FOR_INTERVAL}`
        : low === null || high === null || low === high
          ? 'every bootstrap round gave the same rating, so the battles cannot measure its spread'
          : null;
    return {
      model,
      rating: fit.ratings[i]!,
      ci_low: noInterval ? null : low,
      ci_high: noInterval ? null : high,
      noInterval,
      battles: n,
      rank: null,
    };
  });
  const ranks = ranksByIntervals(rows.map((r) => (r.ci_low === null || r.ci_high === null ? null : { low: r.ci_low, high: r.ci_high })));
  rows.forEach((row, i) => (row.rank = ranks[i]!));
  rows.sort((x, y) => y.rating - x.rating || (x.model < y.model ? -1 : 1));
  return { rows, rounds, seed: options.seed ?? 0, condition: fit.condition, priorUsed: fit.priorUsed };
}

/** What to say beside the ratings: why they are not all finite, and whether a prior was used. */
export function ratingsNotes(result: Pick<RatingsResult, 'condition' | 'priorUsed'>): string[] {
  return [
    ...describeFitCondition(result.condition),
    result.priorUsed
      ? 'A weak Gaussian prior (σ = 10 log-odds, about 1737 points) keeps the ratings finite.'
      : 'No prior was used: these are the maximum-likelihood ratings.',
  ];
}

/**
 * Online Elo as FastChat's `compute_elo` (K = 4): each battle updates both ratings in turn, so the
 * result depends on the order of the battles — the same set replayed in another order gives other
 * ratings. Shown beside the Bradley–Terry fit, which has no such dependence, and labelled so.
 */
export function onlineElo(battles: readonly Battle[], k = 4): Map<string, number> {
  const rating = new Map<string, number>();
  for (const b of battles) {
    const ra = rating.get(b.model_a) ?? INIT_RATING;
    const rb = rating.get(b.model_b) ?? INIT_RATING;
    const ea = 1 / (1 + BASE ** ((rb - ra) / SCALE));
    const eb = 1 / (1 + BASE ** ((ra - rb) / SCALE));
    const sa = b.winner === 'model_a' ? 1 : b.winner === 'model_b' ? 0 : 0.5;
    rating.set(b.model_a, ra + k * (sa - ea));
    rating.set(b.model_b, rb + k * (1 - sa - eb));
  }
  return rating;
}

export interface WinRateMatrix {
  models: string[];
  /** `rate[i][j]`: share of i's battles against j that i won (ties count as battles, not wins); null without battles. */
  rate: (number | null)[][];
  battles: number[][];
}

export function winRateMatrix(battles: readonly Battle[], models: readonly string[] = modelsOf(battles)): WinRateMatrix {
  const index = new Map(models.map((m, i) => [m, i]));
  const wins = models.map(() => models.map(() => 0));
  const count = models.map(() => models.map(() => 0));
  for (const b of battles) {
    const a = index.get(b.model_a);
    const c = index.get(b.model_b);
    if (a === undefined || c === undefined || a === c) continue;
    count[a]![c]! += 1;
    count[c]![a]! += 1;
    if (b.winner === 'model_a') wins[a]![c]! += 1;
    if (b.winner === 'model_b') wins[c]![a]! += 1;
  }
  return {
    models: [...models],
    rate: wins.map((row, i) => row.map((w, j) => (count[i]![j]! > 0 ? w / count[i]![j]! : null))),
    battles: count,
  };
}

/** The document `npm run ratings` writes, best first. */
export interface RatingsDocument {
  models: {
    model: string;
    rating: number;
    ci_low: number | null;
    ci_high: number | null;
    /** Why there is no interval, when there is none. */
    no_interval: string | null;
    battles: number;
    rank: number | null;
  }[];
  notes: string[];
  prior_used: boolean;
}

export function ratingsDocument(result: RatingsResult): RatingsDocument {
  return {
    models: result.rows.map(({ model, rating, ci_low, ci_high, noInterval, battles, rank }) => ({
      model,
      rating,
      ci_low,
      ci_high,
      no_interval: noInterval,
      battles,
      rank,
    })),
    notes: ratingsNotes(result),
    prior_used: result.priorUsed,
  };
}

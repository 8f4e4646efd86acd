/**
 * HealthBench's rubric score as openai/simple-evals computes it (healthbench_eval.py):
 * - an item scores the points of the criteria met, negatives included, divided by its positive points
 *   (`calculate_score`); with no positive points it has no score;
 * - every `theme:`-style item tag scores the item's score; every criterion tag (`axis:…`) scores the
 *   criteria carrying it by the same formula, where they hold positive points;
 * - each score name is then the mean over the items that have it, clipped to [0, 1], with the standard
 *   deviation (numpy's, ddof 0) of 1,000 clipped means of items drawn with replacement
 *   (`_compute_clipped_stats`).
 * Two departures, because Bedside may lack a verdict where simple-evals retries until it has one:
 * - an item with any criterion ungraded gets no score and is counted as ungraded, never guessed;
 * - an item with no positive points (simple-evals asserts that none exists) is left out and counted.
 */
import type { RubricCriterion, Verdict } from '../../core/openEnded';
import { randomInt, type Rng } from '../random';

export interface GradedItem {
  itemId: string;
  /** The item's tags (`theme:…`). */
  tags: readonly string[];
  rubric: readonly RubricCriterion[];
  /** One verdict per criterion, in rubric order. */
  verdicts: readonly Verdict[];
}

export interface ClippedMean {
  /** The mean over items, clipped to [0, 1]. */
  mean: number;
  n: number;
  /** Population standard deviation of the clipped means of the bootstrap rounds. */
  bootstrapStd: number;
}

export type ItemStatus = 'scored' | 'ungraded' | 'no-positive-points';

export interface ItemRubricScore {
  itemId: string;
  status: ItemStatus;
  /** Unclipped; null unless scored. */
  score: number | null;
  /** Score of the criteria carrying each tag, for tags whose criteria hold positive points. */
  tagScores: Record<string, number>;
}

export interface HealthBenchScore {
  overall: ClippedMean | null;
  /** By item tag, as simple-evals names them (`theme:emergency_referrals`). */
  itemTags: Record<string, ClippedMean>;
  /** By criterion tag (`axis:accuracy`). */
  criterionTags: Record<string, ClippedMean>;
  items: ItemRubricScore[];
  counts: Record<ItemStatus, number>;
}

/** `calculate_score`: met points over positive points; null when there are no positive points. */
export function rubricScore(rubric: readonly RubricCriterion[], met: readonly boolean[]): number | null {
  if (rubric.length !== met.length) throw new Error(`${rubric.length} criteria but ${met.length} verdicts.`);
  const possible = rubric.reduce((sum, c) => (c.points > 0 ? sum + c.points : sum), 0);
  if (possible === 0) return null;
  return rubric.reduce((sum, c, i) => (met[i] ? sum + c.points : sum), 0) / possible;
}

export function scoreItem(item: GradedItem): ItemRubricScore {
  const { itemId, rubric, verdicts } = item;
  if (rubric.length !== verdicts.length) throw new Error(`Item ${itemId}: ${rubric.length} criteria but ${verdicts.length} verdicts.`);
  if (verdicts.includes('ungraded')) return { itemId, status: 'ungraded', score: null, tagScores: {} };
  const met = verdicts.map((v) => v === 'met');
  const score = rubricScore(rubric, met);
  if (score === null) return { itemId, status: 'no-positive-points', score: null, tagScores: {} };
  const tagScores: Record<string, number> = {};
  for (const tag of new Set(rubric.flatMap((c) => c.tags))) {
    const carrying = rubric.flatMap((c, i) => (c.tags.includes(tag) ? [i] : []));
    const tagScore = rubricScore(
      carrying.map((i) => rubric[i]!),
      carrying.map((i) => met[i]!),
    );
    if (tagScore !== null) tagScores[tag] = tagScore;
  }
  return { itemId, status: 'scored', score, tagScores };
}

const clip = (x: number): number => Math.min(1, Math.max(0, x));
const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** `_compute_clipped_stats`: the clipped mean, n, and the std of `rounds` clipped bootstrap means. */
export function clippedMean(values: readonly number[], rng: Rng, rounds = 1000): ClippedMean {
  if (values.length === 0) throw new Error('A clipped mean needs at least one value.');
  const n = values.length;
  const means = new Array<number>(rounds);
  for (let r = 0; r < rounds; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[randomInt(rng, n)]!;
    means[r] = clip(sum / n);
  }
  const m = mean(means);
  return { mean: clip(mean(values)), n, bootstrapStd: Math.sqrt(means.reduce((a, x) => a + (x - m) ** 2, 0) / rounds) };
}

/** Scores in sorted name order, so one seed always gives the same bootstrap for each name. */
function clippedMeans(byName: Map<string, number[]>, rng: Rng, rounds: number): Record<string, ClippedMean> {
  const out: Record<string, ClippedMean> = {};
  for (const name of [...byName.keys()].sort()) out[name] = clippedMean(byName.get(name)!, rng, rounds);
  return out;
}

export function healthBenchScore(items: readonly GradedItem[], rng: Rng, options: { rounds?: number } = {}): HealthBenchScore {
  const rounds = options.rounds ?? 1000;
  const scored = items.map(scoreItem);
  const overall: number[] = [];
  const itemTags = new Map<string, number[]>();
  const criterionTags = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, value: number): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  scored.forEach((s, i) => {
    if (s.score === null) return;
    overall.push(s.score);
    for (const tag of new Set(items[i]!.tags)) push(itemTags, tag, s.score);
    for (const [tag, value] of Object.entries(s.tagScores)) push(criterionTags, tag, value);
  });
  const counts: Record<ItemStatus, number> = { scored: 0, ungraded: 0, 'no-positive-points': 0 };
  for (const s of scored) counts[s.status]++;
  return {
    overall: overall.length > 0 ? clippedMean(overall, rng, rounds) : null,
    itemTags: clippedMeans(itemTags, rng, rounds),
    criterionTags: clippedMeans(criterionTags, rng, rounds),
    items: scored,
    counts,
  };
}

/** The entries whose name starts with `prefix` (`theme:`, `axis:`), keyed by the rest of the name. */
export function tagsWithPrefix(scores: Record<string, ClippedMean>, prefix: string): Record<string, ClippedMean> {
  return Object.fromEntries(Object.entries(scores).flatMap(([k, v]) => (k.startsWith(prefix) ? [[k.slice(prefix.length), v]] : [])));
}

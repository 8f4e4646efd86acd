/**
 * The numbers of an open-ended run: reference metrics as means with bootstrap 95% intervals, the
 * HealthBench score per grader, 1–5 ratings per grader, a jury of judges, agreement between graders,
 * and the paired comparison of two runs on the same items.
 */
import {
  graderKey,
  RATING_DIMENSIONS,
  type CriterionGrade,
  type Grade,
  type GraderRef,
  type OpenItem,
  type OpenItemResult,
  type RatingDimension,
  type RatingGrade,
  type ReferenceMetric,
  type Verdict,
} from '../../core/openEnded';
import { randomInt, type Rng } from '../random';
import { cohensKappa, juryScore, kappaByGroup, metaAgreement, samplesFor, type JuryScore, type MetaAgreement } from './agreement';
import { healthBenchScore, type GradedItem, type HealthBenchScore } from './healthbench';
import { bootstrapMeanDifference, type DifferenceEstimate } from './paired';
import { quantileSorted, sortedAscending } from './quantile';

export interface MeanInterval {
  mean: number;
  /** Percentile bootstrap interval of the mean (numpy's linear quantile). */
  lower: number;
  upper: number;
  n: number;
}

/** The mean with a percentile bootstrap interval: `rounds` resamples of the values with replacement. */
export function bootstrapMeanInterval(
  values: readonly number[],
  rng: Rng,
  options: { rounds?: number; level?: number } = {},
): MeanInterval | null {
  const n = values.length;
  if (n === 0) return null;
  const rounds = options.rounds ?? 1000;
  const level = options.level ?? 0.95;
  const means = new Array<number>(rounds);
  for (let r = 0; r < rounds; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[randomInt(rng, n)]!;
    means[r] = sum / n;
  }
  const sorted = sortedAscending(means);
  return {
    mean: values.reduce((a, b) => a + b, 0) / n,
    lower: quantileSorted(sorted, (1 - level) / 2),
    upper: quantileSorted(sorted, (1 + level) / 2),
    n,
  };
}

/** Each reference metric's mean over the answered items that have it, in the order given. */
export function referenceMetricMeans(
  results: readonly OpenItemResult[],
  metrics: readonly ReferenceMetric[],
  rng: Rng,
  options: { rounds?: number } = {},
): Partial<Record<ReferenceMetric, MeanInterval | null>> {
  const out: Partial<Record<ReferenceMetric, MeanInterval | null>> = {};
  for (const metric of metrics) {
    const values = results.flatMap((r) => (r.answer !== null && r.metrics[metric] !== undefined ? [r.metrics[metric]] : []));
    out[metric] = bootstrapMeanInterval(values, rng, options);
  }
  return out;
}

export { graderKey };

/** The latest verdict of each grader on each criterion (a regrade replaces the earlier one), by grader key. */
function verdictsByGrader(grades: readonly Grade[]): Map<string, { grader: GraderRef; verdicts: Map<string, CriterionGrade> }> {
  const out = new Map<string, { grader: GraderRef; verdicts: Map<string, CriterionGrade> }>();
  for (const g of grades) {
    if (g.kind !== 'criterion') continue;
    const key = graderKey(g.grader);
    const entry = out.get(key) ?? { grader: g.grader, verdicts: new Map() };
    out.set(key, entry);
    const at = `${g.itemId}\u0000${g.criterion}`;
    const previous = entry.verdicts.get(at);
    if (!previous || previous.at <= g.at) entry.verdicts.set(at, g);
  }
  return out;
}

export interface GraderRubricScore {
  key: string;
  grader: GraderRef;
  /** Items whose every criterion this grader has judged, ungraded included. */
  score: HealthBenchScore;
  /** Items with a rubric this grader has not finished. */
  pending: number;
}

/** The HealthBench score of the run by each grader (in key order), from the items that grader finished. */
export function rubricScoresByGrader(items: readonly OpenItem[], grades: readonly Grade[], rng: Rng): GraderRubricScore[] {
  const rubricItems = items.filter((i) => i.rubric);
  const byGrader = verdictsByGrader(grades);
  return [...byGrader.keys()].sort().map((key) => {
    const { grader, verdicts } = byGrader.get(key)!;
    const graded: GradedItem[] = [];
    for (const item of rubricItems) {
      const own = item.rubric!.map((_, c) => verdicts.get(`${item.id}\u0000${c}`)?.verdict);
      if (own.every((v): v is Verdict => v !== undefined))
        graded.push({ itemId: item.id, tags: item.tags ?? [], rubric: item.rubric!, verdicts: own });
    }
    return { key, grader, score: healthBenchScore(graded, rng), pending: rubricItems.length - graded.length };
  });
}

/** A jury's item scores: each judge's rubric score of the item, their mean and spread. */
export function juryItemScores(scores: readonly GraderRubricScore[]): { itemId: string; jury: JuryScore }[] {
  const byItem = new Map<string, (number | null)[]>();
  scores.forEach((s, j) => {
    for (const item of s.score.items) {
      const row = byItem.get(item.itemId) ?? new Array<number | null>(scores.length).fill(null);
      row[j] = item.score;
      byItem.set(item.itemId, row);
    }
  });
  return [...byItem].map(([itemId, row]) => ({ itemId, jury: juryScore(row) }));
}

export interface RatingSummary {
  key: string;
  grader: GraderRef;
  /** Per scale, the mean rating over rated items with its bootstrap interval. */
  dimensions: Record<RatingDimension, MeanInterval | null>;
  /** Items a judge could not rate. */
  ungraded: number;
}

export function ratingsByGrader(grades: readonly Grade[], rng: Rng): RatingSummary[] {
  const latest = new Map<string, Map<string, RatingGrade>>();
  for (const g of grades) {
    if (g.kind !== 'rating') continue;
    const key = graderKey(g.grader);
    const own = latest.get(key) ?? new Map<string, RatingGrade>();
    latest.set(key, own);
    const previous = own.get(g.itemId);
    if (!previous || previous.at <= g.at) own.set(g.itemId, g);
  }
  return [...latest.keys()].sort().map((key) => {
    const own = latest.get(key)!;
    const list = [...own.values()];
    const rated = list.flatMap((g) => (g.scores ? [g.scores] : []));
    const dimensions = Object.fromEntries(
      RATING_DIMENSIONS.map((d) => [
        d,
        bootstrapMeanInterval(
          rated.map((s) => s[d]),
          rng,
        ),
      ]),
    ) as Record<RatingDimension, MeanInterval | null>;
    return { key, grader: list[0]!.grader, dimensions, ungraded: list.length - rated.length };
  });
}

/** Two graders' verdicts on the criteria both judged (ungraded left out), with each criterion's axis tags. */
function sharedVerdicts(items: readonly OpenItem[], grades: readonly Grade[], a: string, b: string) {
  const byGrader = verdictsByGrader(grades);
  const va = byGrader.get(a)?.verdicts;
  const vb = byGrader.get(b)?.verdicts;
  const pairs: { item: OpenItem; criterion: number; a: boolean; b: boolean }[] = [];
  if (!va || !vb) return pairs;
  for (const item of items) {
    item.rubric?.forEach((_, c) => {
      const x = va.get(`${item.id}\u0000${c}`)?.verdict;
      const y = vb.get(`${item.id}\u0000${c}`)?.verdict;
      if ((x === 'met' || x === 'not-met') && (y === 'met' || y === 'not-met'))
        pairs.push({ item, criterion: c, a: x === 'met', b: y === 'met' });
    });
  }
  return pairs;
}

const axesOf = (item: OpenItem, criterion: number): string[] => item.rubric![criterion]!.tags.filter((t) => t.startsWith('axis:'));

/**
 * Cohen's κ between two graders over the criteria both judged: overall, per axis, and per criterion text
 * (a criterion worded the same way in several items is one criterion).
 */
export function kappaBetween(items: readonly OpenItem[], grades: readonly Grade[], a: string, b: string) {
  const pairs = sharedVerdicts(items, grades, a, b);
  return {
    overall: { kappa: cohensKappa(pairs.map((p) => [p.a, p.b] as const)), n: pairs.length },
    byAxis: kappaByGroup(pairs.flatMap((p) => axesOf(p.item, p.criterion).map((group) => ({ group, a: p.a, b: p.b })))),
    byCriterion: kappaByGroup(pairs.map((p) => ({ group: p.item.rubric![p.criterion]!.criterion, a: p.a, b: p.b }))),
  };
}

/**
 * A grader (a model judge, or one person) against the people, as HealthBench's meta-evaluation measures a
 * grader against physicians: every other person's verdict on the same criterion is one comparison; clusters
 * are the criteria's axes.
 */
export function agreementWithPeople(
  items: readonly OpenItem[],
  grades: readonly Grade[],
  grader: string,
): { overall: MetaAgreement; byCluster: Record<string, MetaAgreement> } {
  const byGrader = verdictsByGrader(grades);
  const raters = [...byGrader].filter(([key]) => key === grader || key.startsWith('person:'));
  const cases = items.flatMap((item) =>
    (item.rubric ?? []).flatMap((_, c) => {
      const labels: Record<string, boolean> = {};
      for (const [key, { verdicts }] of raters) {
        const v = verdicts.get(`${item.id}\u0000${c}`)?.verdict;
        if (v === 'met' || v === 'not-met') labels[key] = v === 'met';
      }
      return (axesOf(item, c).length > 0 ? axesOf(item, c) : ['(no axis)']).map((cluster) => ({ cluster, labels }));
    }),
  );
  return metaAgreement(samplesFor(grader, cases));
}

export interface OpenRunComparison {
  n: number;
  meanA: number;
  meanB: number;
  /** meanA − meanB with its paired bootstrap interval. */
  difference: DifferenceEstimate;
}

/**
 * Two runs on the same items by one score per item (a reference metric, or a grader's rubric score):
 * the items both scored, paired, and the mean difference with a paired bootstrap interval.
 */
export function compareItemScores(
  a: readonly { itemId: string; score: number | null }[],
  b: readonly { itemId: string; score: number | null }[],
  rng: Rng,
  options: { rounds?: number; level?: number } = {},
): OpenRunComparison | null {
  const other = new Map(b.flatMap((r) => (r.score === null ? [] : [[r.itemId, r.score] as const])));
  const pairs = a.flatMap((r) => (r.score === null || !other.has(r.itemId) ? [] : [[r.score, other.get(r.itemId)!] as const]));
  const difference = bootstrapMeanDifference(
    pairs.map(([x, y]) => x - y),
    rng,
    options,
  );
  if (!difference) return null;
  const mean = (i: 0 | 1) => pairs.reduce((s, p) => s + p[i], 0) / pairs.length;
  return { n: pairs.length, meanA: mean(0), meanB: mean(1), difference };
}

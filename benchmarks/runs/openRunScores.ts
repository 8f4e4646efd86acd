/**
 * Every number an open-ended run shows, from its items, answers and grades: reference metric means with
 * bootstrap intervals, the HealthBench score by each grader (per theme and axis inside), 1–5 ratings, the
 * jury of model judges, K-QA's metrics where the rubric is K-QA's, grader counts and ungraded answers. One
 * seed, so the page, the export and `npm run bench` show the same intervals.
 */
import { graderKey, type Grade, type OpenItem, type OpenItemResult, type ReferenceMetric, type Verdict } from '../../core/openEnded';
import { createRng } from '../random';
import { kqaMetrics, type KqaMetrics } from '../metrics/kqaMetrics';
import {
  agreementWithPeople,
  juryItemScores,
  kappaBetween,
  ratingsByGrader,
  referenceMetricMeans,
  rubricScoresByGrader,
  type GraderRubricScore,
  type MeanInterval,
  type RatingSummary,
} from '../metrics/openRunSummary';
import type { JuryScore, MetaAgreement } from '../metrics/agreement';

/** The seed and rounds of every bootstrap in an open run's scores. */
export const OPEN_SCORES_SEED = 0;
export const OPEN_SCORES_ROUNDS = 1000;

export interface JurySummary {
  /** The judges' grader keys, in the order their scores are combined. */
  judges: string[];
  items: { itemId: string; jury: JuryScore }[];
  /** Mean over answers of the judges' mean score, and of their range and standard deviation per answer. */
  mean: number | null;
  meanRange: number | null;
  meanStd: number | null;
}

/**
 * A model judge against the people who graded the same criteria: HealthBench's meta-evaluation (balanced F1,
 * every person's verdict one comparison), overall and per axis, and Cohen's κ with each person, overall and
 * per criterion wording.
 */
export interface JudgeAgreement {
  key: string;
  overall: MetaAgreement;
  byAxis: Record<string, MetaAgreement>;
  kappa: { person: string; kappa: number | null; n: number; byCriterion: Record<string, { kappa: number | null; n: number }> }[];
}

export interface OpenRunScores {
  items: number;
  answered: number;
  failed: number;
  referenceMetrics: Partial<Record<ReferenceMetric, MeanInterval | null>>;
  /** Each grader's HealthBench score (grader key order), with theme (`theme:`) and axis (`axis:`) scores. */
  rubric: GraderRubricScore[];
  ratings: RatingSummary[];
  /** Two or more model judges' rubric scores combined; null with fewer. */
  jury: JurySummary | null;
  /** Each model judge's agreement with the people, where both graded the same criteria. */
  judgeAgreement: JudgeAgreement[];
  /** K-QA's Comp and Hall by each grader, where the rubric carries K-QA's tags. */
  kqa: { key: string; metrics: KqaMetrics }[];
  graders: { people: number; judges: number };
  grades: number;
  /** Answers with at least one criterion (or rating) a judge could not grade. */
  ungraded: number;
  bootstrap: { seed: number; rounds: number };
}

/** The grades that count: each grader's latest grade of each criterion or rating. */
function latestGrades(grades: readonly Grade[]): Grade[] {
  const latest = new Map<string, Grade>();
  for (const g of grades) {
    const key = `${graderKey(g.grader)}\u0000${g.itemId}\u0000${g.kind === 'criterion' ? g.criterion : -1}`;
    const previous = latest.get(key);
    if (!previous || previous.at <= g.at) latest.set(key, g);
  }
  return [...latest.values()];
}

export function openRunScores(
  items: readonly OpenItem[],
  results: readonly OpenItemResult[],
  grades: readonly Grade[],
  metrics: readonly ReferenceMetric[],
): OpenRunScores {
  const rng = createRng(OPEN_SCORES_SEED);
  const answeredIds = new Set(results.flatMap((r) => (r.answer === null ? [] : [r.itemId])));
  const answeredItems = items.filter((i) => answeredIds.has(i.id));
  // Grades of answers the run no longer holds (a failed item) say nothing about this run.
  const counted = latestGrades(grades).filter((g) => answeredIds.has(g.itemId));
  const rubric = rubricScoresByGrader(answeredItems, counted, rng);
  const judges = rubric.filter((s) => s.grader.kind === 'judge');
  const jury = judges.length >= 2 ? jurySummary(judges) : null;
  const kqaItems = answeredItems.filter((i) => i.rubric?.some((c) => c.tags.some((t) => t.startsWith('kqa:'))));
  const graderKeys = new Set(counted.map((g) => graderKey(g.grader)));
  return {
    items: items.length,
    answered: answeredIds.size,
    failed: results.filter((r) => r.error !== undefined).length,
    referenceMetrics: referenceMetricMeans(results, metrics, rng, { rounds: OPEN_SCORES_ROUNDS }),
    rubric,
    ratings: ratingsByGrader(counted, rng),
    jury,
    judgeAgreement: judgeAgreement(answeredItems, counted, [...graderKeys].sort()),
    kqa: kqaItems.length === 0 ? [] : rubric.map((s) => ({ key: s.key, metrics: kqaMetrics(verdictsOf(kqaItems, counted, s.key)) })),
    graders: {
      people: [...graderKeys].filter((k) => k.startsWith('person:')).length,
      judges: [...graderKeys].filter((k) => k.startsWith('judge:')).length,
    },
    grades: counted.length,
    ungraded: new Set(counted.filter((g) => (g.kind === 'criterion' ? g.verdict === 'ungraded' : g.scores === null)).map((g) => g.itemId))
      .size,
    bootstrap: { seed: OPEN_SCORES_SEED, rounds: OPEN_SCORES_ROUNDS },
  };
}

function verdictsOf(items: readonly OpenItem[], grades: readonly Grade[], key: string) {
  const verdict = new Map<string, Verdict>();
  for (const g of grades)
    if (g.kind === 'criterion' && graderKey(g.grader) === key) verdict.set(`${g.itemId}\u0000${g.criterion}`, g.verdict);
  return items.flatMap((item) => {
    const verdicts = item.rubric!.map((_, c) => verdict.get(`${item.id}\u0000${c}`));
    return verdicts.every((v) => v !== undefined) ? [{ rubric: item.rubric!, verdicts: verdicts as Verdict[] }] : [];
  });
}

function judgeAgreement(items: readonly OpenItem[], grades: readonly Grade[], keys: readonly string[]): JudgeAgreement[] {
  const people = keys.filter((k) => k.startsWith('person:'));
  if (people.length === 0) return [];
  return keys
    .filter((k) => k.startsWith('judge:'))
    .flatMap((key) => {
      const kappa = people.map((person) => {
        const k = kappaBetween(items, grades, key, person);
        return { person, kappa: k.overall.kappa, n: k.overall.n, byCriterion: k.byCriterion };
      });
      if (!kappa.some((k) => k.n > 0)) return [];
      const { overall, byCluster } = agreementWithPeople(items, grades, key);
      return [{ key, overall, byAxis: byCluster, kappa: kappa.filter((k) => k.n > 0) }];
    });
}

function jurySummary(judges: readonly GraderRubricScore[]): JurySummary {
  const items = juryItemScores(judges);
  const mean = (pick: (j: JuryScore) => number | null) => {
    const values = items.flatMap(({ jury }) => (pick(jury) === null ? [] : [pick(jury)!]));
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  };
  return {
    judges: judges.map((j) => j.key),
    items,
    mean: mean((j) => j.mean),
    meanRange: mean((j) => j.range),
    meanStd: mean((j) => j.std),
  };
}

/** A score an open-ended run gives each item, by which two runs compare: a reference metric, a grader's rubric score, or the jury's mean. */
export type OpenScoreKey = `metric:${ReferenceMetric}` | `grader:${string}` | 'jury';

export function openScoreLabel(key: OpenScoreKey): string {
  if (key === 'jury') return 'jury mean rubric score';
  if (key.startsWith('metric:')) return key.slice('metric:'.length);
  return `rubric score by ${key.slice('grader:'.length)}`;
}

/** The scores a run has, each named for a picker. */
export function openScoreKeys(scores: OpenRunScores, metrics: readonly ReferenceMetric[]): OpenScoreKey[] {
  return [
    ...metrics.filter((m) => scores.referenceMetrics[m]).map((m): OpenScoreKey => `metric:${m}`),
    ...scores.rubric.filter((s) => s.score.overall).map((s): OpenScoreKey => `grader:${s.key}`),
    ...(scores.jury ? (['jury'] as const) : []),
  ];
}

/** Each item's value of one score: null where the item has none (failed, ungraded, not graded by that grader). */
export function openItemScores(
  results: readonly OpenItemResult[],
  scores: OpenRunScores,
  key: OpenScoreKey,
): { itemId: string; score: number | null }[] {
  if (key.startsWith('metric:')) {
    const metric = key.slice('metric:'.length) as ReferenceMetric;
    return results.map((r) => ({ itemId: r.itemId, score: r.answer === null ? null : (r.metrics[metric] ?? null) }));
  }
  if (key === 'jury') return (scores.jury?.items ?? []).map(({ itemId, jury }) => ({ itemId, score: jury.mean }));
  const grader = scores.rubric.find((s) => s.key === key.slice('grader:'.length));
  return (grader?.score.items ?? []).map((i) => ({ itemId: i.itemId, score: i.score }));
}

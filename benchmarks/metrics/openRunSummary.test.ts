import { describe, expect, it } from 'vitest';
import type { CriterionGrade, Grade, GraderRef, OpenItem, OpenItemResult, Verdict } from '../../core/openEnded';
import { createRng } from '../random';
import {
  agreementWithPeople,
  bootstrapMeanInterval,
  compareItemScores,
  graderKey,
  juryItemScores,
  kappaBetween,
  ratingsByGrader,
  referenceMetricMeans,
  rubricScoresByGrader,
} from './openRunSummary';

const ana: GraderRef = { kind: 'person', name: 'Ana' };
const ben: GraderRef = { kind: 'person', name: 'Ben' };
const judge: GraderRef = { kind: 'judge', model: 'stories260K', prompt: { id: 'healthbench-grader-json', version: 1 } };

// Two items, five criteria in all: p1 has 3 (+4 accuracy, +2 completeness, −3 accuracy), p2 has 2 (+5, +5).
const items: OpenItem[] = [
  {
    id: 'p1',
    prompt: 'Q1',
    tags: ['theme:a'],
    rubric: [
      { criterion: 'Says X', points: 4, tags: ['axis:accuracy'] },
      { criterion: 'Mentions Y', points: 2, tags: ['axis:completeness'] },
      { criterion: 'Says something wrong', points: -3, tags: ['axis:accuracy'] },
    ],
  },
  {
    id: 'p2',
    prompt: 'Q2',
    tags: ['theme:b'],
    rubric: [
      { criterion: 'Says X', points: 5, tags: ['axis:accuracy'] },
      { criterion: 'Mentions Z', points: 5, tags: ['axis:completeness'] },
    ],
  },
];

function verdicts(grader: GraderRef, itemId: string, list: Verdict[], at = '2026-01-01T00:00:00Z'): CriterionGrade[] {
  return list.map((verdict, criterion) => ({ kind: 'criterion', runId: 'r', itemId, criterion, grader, verdict, explanation: null, at }));
}

describe('bootstrap mean interval', () => {
  it('is the mean with a seeded percentile interval around it', () => {
    expect(bootstrapMeanInterval([], createRng(1))).toBeNull();
    expect(bootstrapMeanInterval([0.5, 0.5, 0.5], createRng(1))).toEqual({ mean: 0.5, lower: 0.5, upper: 0.5, n: 3 });
    const values = Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? 1 : 0)); // mean 0.25
    const ci = bootstrapMeanInterval(values, createRng(2))!;
    expect(ci.mean).toBe(0.25);
    // The normal approximation's half-width is 1.96·√(0.25·0.75/200) = 0.060.
    expect(ci.lower).toBeGreaterThan(0.25 - 0.075);
    expect(ci.lower).toBeLessThan(0.25 - 0.045);
    expect(ci.upper).toBeGreaterThan(0.25 + 0.045);
    expect(ci.upper).toBeLessThan(0.25 + 0.075);
    expect(bootstrapMeanInterval(values, createRng(2))).toEqual(ci);
  });

  it('averages each reference metric over the answered items that have it', () => {
    const result = (itemId: string, answer: string | null, metrics: OpenItemResult['metrics']): OpenItemResult => ({
      itemId,
      index: 0,
      prompt: [],
      answer,
      finishReason: answer === null ? null : 'stop',
      metrics,
      latencyMs: 1,
      timeToFirstTokenMs: null,
      promptTokens: null,
      completionTokens: null,
    });
    const means = referenceMetricMeans(
      [result('a', 'x', { 'rouge-l': 0.2, 'bleu-1': 0.1 }), result('b', 'y', { 'rouge-l': 0.4, 'bleu-1': 0.3 }), result('c', null, {})],
      ['rouge-l', 'bleu-1', 'token-f1'],
      createRng(3),
    );
    expect(means['rouge-l']).toMatchObject({ n: 2 });
    expect(means['rouge-l']!.mean).toBeCloseTo(0.3, 12);
    expect(means['bleu-1']!.mean).toBeCloseTo(0.2, 12);
    expect(means['token-f1']).toBeNull();
  });
});

describe('rubric scores per grader, jury and agreement', () => {
  // Ana: p1 met/met/not → (4+2)/6 = 1; p2 met/not → 5/10 = 0.5.
  // Ben: p1 met/not/met → (4−3)/6 = 1/6; p2 met/met → 1.
  // The judge: p1 not/not/met → −3/6 = −0.5; p2 ungraded/met → ungraded.
  const grades: Grade[] = [
    ...verdicts(ana, 'p1', ['met', 'not-met', 'not-met'], '2026-01-01T00:00:00Z'),
    // Ana changes her mind about p1's second criterion: the later grade counts.
    ...verdicts(ana, 'p1', ['met', 'met', 'not-met'], '2026-01-02T00:00:00Z'),
    ...verdicts(ana, 'p2', ['met', 'not-met']),
    ...verdicts(ben, 'p1', ['met', 'not-met', 'met']),
    ...verdicts(ben, 'p2', ['met', 'met']),
    ...verdicts(judge, 'p1', ['not-met', 'not-met', 'met']),
    ...verdicts(judge, 'p2', ['ungraded', 'met']),
  ];

  it('scores each grader on the items it finished, latest grade first, ungraded items counted', () => {
    const scores = rubricScoresByGrader(items, grades, createRng(4));
    expect(scores.map((s) => s.key)).toEqual(['judge:stories260K|healthbench-grader-json@1', 'person:Ana', 'person:Ben']);
    const [j, a, b] = scores;
    expect(a!.score.items.map((i) => i.score)).toEqual([1, 0.5]);
    expect(a!.score.overall!.mean).toBe(0.75);
    expect(b!.score.items.map((i) => i.score)).toEqual([1 / 6, 1]);
    expect(j!.score.items.map((i) => [i.status, i.score])).toEqual([
      ['scored', -0.5],
      ['ungraded', null],
    ]);
    expect(j!.score.overall!.mean).toBe(0); // −0.5 clipped
    const partial = rubricScoresByGrader(items, verdicts(ana, 'p1', ['met', 'met', 'met']), createRng(4));
    expect(partial[0]!.pending).toBe(1);
  });

  it('gives a jury each item’s mean and spread across judges', () => {
    const scores = rubricScoresByGrader(items, grades, createRng(4)).filter((s) => s.key.startsWith('person:'));
    expect(juryItemScores(scores)).toEqual([
      { itemId: 'p1', jury: { n: 2, mean: 7 / 12, min: 1 / 6, max: 1, range: 5 / 6, std: 5 / 12 } },
      { itemId: 'p2', jury: { n: 2, mean: 0.75, min: 0.5, max: 1, range: 0.5, std: 0.25 } },
    ]);
  });

  it("gives Cohen's κ between two people overall, per axis and per criterion", () => {
    // Ana (met?) over the five criteria: T T F | T F; Ben: T F T | T T. Agree on 2 of 5: pₒ = 0.4.
    // Ana says met 3/5, Ben 4/5: pₑ = 0.6·0.8 + 0.4·0.2 = 0.56; κ = (0.4 − 0.56)/0.44 = −4/11.
    const k = kappaBetween(items, grades, graderKey(ana), graderKey(ben));
    expect(k.overall.n).toBe(5);
    expect(k.overall.kappa).toBeCloseTo(-4 / 11, 12);
    // Accuracy: (T,T), (F,T), (T,T) → pₒ = 2/3; Ana 2/3 met, Ben 3/3: pₑ = 2/3, κ = 0.
    expect(k.byAxis['axis:accuracy']).toEqual({ kappa: 0, n: 3 });
    // "Says X" appears in both items; both met both times, so κ is undefined.
    expect(k.byCriterion['Says X']).toEqual({ kappa: null, n: 2 });
  });

  it('measures the judge against the people as HealthBench’s meta-evaluation does, ungraded left out', () => {
    const { overall } = agreementWithPeople(items, grades, graderKey(judge));
    // Judge verdicts with the people's on the same criterion (p2's first is ungraded, so 4 criteria):
    // p1c0 F vs T,T · p1c1 F vs T,F · p1c2 T vs F,T · p2c1 T vs F,T.
    // Precision pos (judge T): agreements 1/2 and 1/2 → 2/4; neg (judge F): 0,0 and 0,1 → 1/4.
    expect(overall.precision.pos).toEqual({ n: 4, value: 0.5 });
    expect(overall.precision.neg).toEqual({ n: 4, value: 0.25 });
    // Recall pos (person T): p1c0 ×2 F, p1c1 Ana F, p1c2 Ben T, p2c1 Ben T → 2/5; neg (person F): p1c1 Ben ✓, p1c2 Ana ✗, p2c1 Ana ✗ → 1/3.
    expect(overall.recall.pos).toEqual({ n: 5, value: 0.4 });
    expect(overall.recall.neg!.value).toBeCloseTo(1 / 3, 12);
    const f1Pos = (2 * 0.5 * 0.4) / 0.9;
    const f1Neg = (2 * 0.25 * (1 / 3)) / (0.25 + 1 / 3);
    expect(overall.f1.balanced!.value).toBeCloseTo((f1Pos + f1Neg) / 2, 12);
  });

  it('averages 1–5 ratings per grader and scale, counting items a judge could not rate', () => {
    const rating = (grader: GraderRef, itemId: string, scores: [number, number, number] | null): Grade => ({
      kind: 'rating',
      runId: 'r',
      itemId,
      grader,
      scores: scores && { accuracy: scores[0], completeness: scores[1], clarity: scores[2] },
      explanation: null,
      at: 't',
    });
    const [judgeRatings, anaRatings] = ratingsByGrader(
      [rating(ana, 'a', [5, 4, 3]), rating(ana, 'b', [3, 4, 5]), rating(judge, 'a', null), rating(judge, 'b', [2, 2, 2])],
      createRng(5),
    );
    expect(anaRatings!.dimensions.accuracy!.mean).toBe(4);
    expect(anaRatings!.dimensions.clarity!.mean).toBe(4);
    expect(anaRatings!.ungraded).toBe(0);
    expect(judgeRatings!.ungraded).toBe(1);
    expect(judgeRatings!.dimensions.completeness).toMatchObject({ mean: 2, n: 1 });
  });
});

describe('two open-ended runs on the same items', () => {
  it('pairs the items both scored and bootstraps the mean difference', () => {
    const a = [
      { itemId: 'x', score: 0.9 },
      { itemId: 'y', score: 0.5 },
      { itemId: 'z', score: null },
      { itemId: 'w', score: 0.7 },
    ];
    const b = [
      { itemId: 'y', score: 0.2 },
      { itemId: 'x', score: 0.6 },
      { itemId: 'z', score: 0.4 },
    ];
    const result = compareItemScores(a, b, createRng(6), { rounds: 2000 })!;
    expect(result.n).toBe(2);
    expect(result.meanA).toBeCloseTo(0.7, 12);
    expect(result.meanB).toBeCloseTo(0.4, 12);
    // Both differences are 0.3, so every resample's mean is 0.3.
    expect(result.difference.difference).toBeCloseTo(0.3, 12);
    expect(result.difference.lower).toBeCloseTo(0.3, 12);
    expect(result.difference.upper).toBeCloseTo(0.3, 12);
    expect(compareItemScores(a, [{ itemId: 'q', score: 1 }], createRng(6))).toBeNull();
    const spread = compareItemScores(
      Array.from({ length: 50 }, (_, i) => ({ itemId: `i${i}`, score: i % 2 })),
      Array.from({ length: 50 }, (_, i) => ({ itemId: `i${i}`, score: 0.5 })),
      createRng(7),
    )!;
    expect(spread.difference.difference).toBe(0);
    expect(spread.difference.lower).toBeLessThan(-0.05);
    expect(spread.difference.upper).toBeGreaterThan(0.05);
  });
});

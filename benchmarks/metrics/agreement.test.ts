import { describe, expect, it } from 'vitest';
import { cohensKappa, juryScore, kappaByGroup, metaAgreement, samplesFor } from './agreement';

describe("Cohen's κ", () => {
  it('matches a hand-computed 2×2 table', () => {
    // 10 answers: both met 4, only A met 2, only B met 1, neither 3. pₒ = 0.7;
    // pₑ = 0.6·0.5 + 0.4·0.5 = 0.5; κ = (0.7 − 0.5) / 0.5 = 0.4.
    const pairs: [boolean, boolean][] = [
      ...Array<[boolean, boolean]>(4).fill([true, true]),
      ...Array<[boolean, boolean]>(2).fill([true, false]),
      [false, true],
      ...Array<[boolean, boolean]>(3).fill([false, false]),
    ];
    expect(cohensKappa(pairs)).toBeCloseTo(0.4, 12);
  });

  it('is 1 for perfect agreement, negative below chance, and undefined when both graders are constant', () => {
    expect(
      cohensKappa([
        [1, 1],
        [2, 2],
        [3, 3],
      ] as const),
    ).toBe(1);
    // Always disagreeing on two balanced labels: pₒ = 0, pₑ = 0.5, κ = −1.
    expect(
      cohensKappa([
        [true, false],
        [false, true],
      ] as const),
    ).toBe(-1);
    expect(
      cohensKappa([
        [true, true],
        [true, true],
      ] as const),
    ).toBeNull();
    expect(cohensKappa([])).toBeNull();
  });

  it('handles 1–5 ratings as categories, per group', () => {
    // accuracy: pₒ = 2/4; A's marginals 5:2, 4:1, 3:1, B's 5:1, 4:2, 3:1;
    // pₑ = (2·1 + 1·2 + 1·1)/16 = 5/16; κ = (8/16 − 5/16) / (11/16) = 3/11.
    const result = kappaByGroup([
      { group: 'accuracy', a: 5, b: 5 },
      { group: 'accuracy', a: 5, b: 4 },
      { group: 'accuracy', a: 4, b: 4 },
      { group: 'accuracy', a: 3, b: 4 },
      { group: 'clarity', a: 2, b: 2 },
    ]);
    expect(result.accuracy!.kappa).toBeCloseTo(3 / 11, 12);
    // Clarity has one pair: both graders constant, so κ is undefined.
    expect(result.clarity).toEqual({ kappa: null, n: 1 });
    expect(Object.keys(result)).toEqual(['accuracy', 'clarity']);
  });
});

describe('HealthBench meta-evaluation agreement', () => {
  // simple-evals healthbench_meta_eval_test.py, test_compute_agreement_for_rater_by_class, value for value.
  const result = metaAgreement([
    { self: true, others: [true, true, false], cluster: 'a' },
    { self: false, others: [true, false], cluster: 'a' },
    { self: true, others: [false], cluster: 'b' },
  ]);

  it('gives the overall precision, recall, F1 and balanced F1 of the upstream test', () => {
    const { precision, recall, f1 } = result.overall;
    expect(precision.pos).toEqual({ n: 4, value: (2 + 0 + 0) / (3 + 0 + 1) });
    expect(precision.neg).toEqual({ n: 2, value: (0 + 1 + 0) / (0 + 2 + 0) });
    expect(recall.pos).toEqual({ n: 3, value: (2 + 0 + 0) / (2 + 1 + 0) });
    expect(recall.neg).toEqual({ n: 3, value: (0 + 1 + 0) / (1 + 1 + 1) });
    const f1Pos = (2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3);
    const f1Neg = (2 * 0.5 * (1 / 3)) / (0.5 + 1 / 3);
    expect(f1.pos!.value).toBe(f1Pos);
    expect(f1.neg!.value).toBe(f1Neg);
    expect(f1.balanced!.value).toBe((f1Pos + f1Neg) / 2);
  });

  it('gives per-cluster values, and leaves out what the upstream test asserts missing', () => {
    const a = result.byCluster.a!;
    expect(a.precision.pos).toEqual({ n: 3, value: 2 / 3 });
    expect(a.precision.neg).toEqual({ n: 2, value: 1 / 2 });
    expect(a.recall.pos).toEqual({ n: 3, value: 2 / 3 });
    expect(a.recall.neg).toEqual({ n: 2, value: 1 / 2 });
    const b = result.byCluster.b!;
    expect(b.precision.pos).toEqual({ n: 1, value: 0 });
    expect(b.precision.neg).toBeNull();
    expect(b.recall.pos).toBeNull();
    expect(b.recall.neg).toEqual({ n: 1, value: 0 });
    expect(b.f1.pos).toBeNull();
    expect(b.f1.neg).toBeNull();
    expect(b.f1.balanced).toBeNull();
  });

  it('builds leave-one-out samples for a person and all-people samples for a judge', () => {
    const cases: { cluster: string; labels: Record<string, boolean> }[] = [
      { cluster: 'axis:accuracy', labels: { ana: true, ben: false, judge: true } },
      { cluster: 'axis:accuracy', labels: { ana: false, judge: false } },
      { cluster: 'axis:completeness', labels: { ben: true } },
    ];
    expect(samplesFor('ana', cases)).toEqual([
      { self: true, others: [false, true], cluster: 'axis:accuracy' },
      { self: false, others: [false], cluster: 'axis:accuracy' },
    ]);
    expect(samplesFor('ben', cases)).toEqual([{ self: false, others: [true, true], cluster: 'axis:accuracy' }]);
    expect(samplesFor('judge', cases).map((s) => s.others)).toEqual([[true, false], [false]]);
  });
});

describe('jury', () => {
  it('gives the mean and spread of the judges that scored', () => {
    expect(juryScore([0.5, 1, null, 0])).toEqual({ n: 3, mean: 0.5, min: 0, max: 1, range: 1, std: Math.sqrt(1 / 6) });
    expect(juryScore([null])).toEqual({ n: 0, mean: null, min: null, max: null, range: null, std: null });
  });
});

import { describe, expect, it } from 'vitest';
import { calibration } from './calibration';

describe('calibration', () => {
  it('matches a hand calculation with one item per bin', () => {
    // item  probs         gold  conf  pred  correct  bin (b/10,(b+1)/10]  Brier Σ(p−y)²
    // 1     A .9  B .1    A     .9    A     1        8                    .01+.01   = .02
    // 2     A .6  B .4    B     .6    A     0        5                    .36+.36   = .72
    // 3     A .3  B .7    B     .7    B     1        6                    .09+.09   = .18
    // 4     A .95 B .05   B     .95   A     0        9                    .9025·2   = 1.805
    // ECE = ¼(|1−.9| + |0−.6| + |1−.7| + |0−.95|) = ¼(.1+.6+.3+.95) = .4875
    // Brier = (.02+.72+.18+1.805)/4 = 2.725/4 = .68125
    const result = calibration([
      { probs: { A: 0.9, B: 0.1 }, gold: 'A' },
      { probs: { A: 0.6, B: 0.4 }, gold: 'B' },
      { probs: { A: 0.3, B: 0.7 }, gold: 'B' },
      { probs: { A: 0.95, B: 0.05 }, gold: 'B' },
    ]);
    expect(result.ece).toBeCloseTo(0.4875, 12);
    expect(result.brier).toBeCloseTo(0.68125, 12);
    // Every item above has 2 choices, so per choice it is half of that.
    expect(result.brierPerChoice).toBeCloseTo(0.68125 / 2, 12);
    expect(result.bins.map((b) => b.count)).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 1, 1]);
  });

  it('averages within a bin', () => {
    // conf .82 (wrong) and .88 (right) share bin 8: acc .5, mean conf .85 → ECE = 1·|.5−.85| = .35
    const result = calibration([
      { probs: { A: 0.82, B: 0.18 }, gold: 'B' },
      { probs: { A: 0.12, B: 0.88 }, gold: 'B' },
    ]);
    expect(result.ece).toBeCloseTo(0.35, 12);
    expect(result.bins[8]).toMatchObject({ count: 2, accuracy: 0.5 });
    expect(result.bins[8]?.meanConfidence).toBeCloseTo(0.85, 12);
  });

  it('puts a confidence on a bin edge in the lower bin', () => {
    // 0.7 belongs to (0.6, 0.7] = bin 6, even though 0.7·10 is 7.000000000000001.
    const result = calibration([{ probs: { A: 0.7, B: 0.3 }, gold: 'A' }]);
    expect(result.bins[6]?.count).toBe(1);
  });

  it('is perfect for certain, correct predictions and null without items', () => {
    const certain = calibration([{ probs: { A: 0, B: 1, C: 0 }, gold: 'B' }]);
    expect(certain.ece).toBe(0);
    expect(certain.brier).toBe(0);
    expect(calibration([])).toMatchObject({ n: 0, ece: null, brier: null, brierPerChoice: null });
  });

  it('rejects a gold letter that was not scored', () => {
    expect(() => calibration([{ probs: { A: 1 }, gold: 'B' }])).toThrow(/Gold B/);
  });

  it('divides Brier by each item’s number of choices, so 3- and 5-option items compare', () => {
    // (0−1)² + (1−0)² + 0 = 2 over 3 choices; (0−1)² + 4 × 0 = 1 over 5 choices.
    const result = calibration([
      { probs: { A: 0, B: 1, C: 0 }, gold: 'A' },
      { probs: { A: 0, B: 0, C: 0, D: 0, E: 0 }, gold: 'A' },
    ]);
    expect(result.brier).toBeCloseTo((2 + 1) / 2, 12);
    expect(result.brierPerChoice).toBeCloseTo((2 / 3 + 1 / 5) / 2, 12);
  });
});

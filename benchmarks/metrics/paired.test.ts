import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { bootstrapAccuracyDifference, mcnemarExact, pairedTable, pairResults, type PairedOutcome } from './paired';

function pairs(bothRight: number, onlyA: number, onlyB: number, bothWrong: number): PairedOutcome[] {
  const make = (count: number, a: boolean, b: boolean) => Array.from({ length: count }, () => ({ itemId: '', a, b }));
  return [...make(bothRight, true, true), ...make(onlyA, true, false), ...make(onlyB, false, true), ...make(bothWrong, false, false)].map(
    (p, i) => ({ ...p, itemId: String(i) }),
  );
}

describe('pairResults', () => {
  it('keeps only items both runs scored, in the first run order', () => {
    const a = [
      { itemId: 'x', correct: true },
      { itemId: 'y', correct: false },
      { itemId: 'z', correct: true },
    ];
    const b = [
      { itemId: 'z', correct: false },
      { itemId: 'x', correct: true },
    ];
    expect(pairResults(a, b)).toEqual([
      { itemId: 'x', a: true, b: true },
      { itemId: 'z', a: true, b: false },
    ]);
  });
});

describe('mcnemarExact', () => {
  it('matches the binomial tail by hand', () => {
    // onlyA 1, onlyB 6: n 7, P(X ≤ 1) = (C(7,0)+C(7,1))/2⁷ = 8/128 = .0625 → p = .125.
    const result = mcnemarExact(pairs(10, 1, 6, 3));
    expect(result).toMatchObject({ onlyA: 1, onlyB: 6 });
    expect(result.p).toBeCloseTo(0.125, 12);
    // onlyA 0, onlyB 5: P(X ≤ 0) = 1/32 → p = 1/16 = .0625.
    expect(mcnemarExact(pairs(0, 0, 5, 0)).p).toBeCloseTo(0.0625, 12);
  });

  it('b = 10, c = 2 gives 0.0386 and b = c gives 1', () => {
    // n 12, P(X ≤ 2) = (1 + 12 + 66)/4096 = 79/4096 → p = 158/4096 = .038574.
    expect(mcnemarExact(pairs(5, 10, 2, 5)).p).toBeCloseTo(158 / 4096, 12);
    expect(mcnemarExact(pairs(5, 10, 2, 5)).p.toFixed(4)).toBe('0.0386');
    for (const k of [1, 4, 9, 30]) expect(mcnemarExact(pairs(2, k, k, 2)).p).toBe(1);
  });

  it('caps at 1 and is 1 without discordant pairs', () => {
    // 5 vs 5: P(X ≤ 5) = 638/1024 = .623 → 2·.623 > 1 → 1.
    expect(mcnemarExact(pairs(3, 5, 5, 3)).p).toBe(1);
    expect(mcnemarExact(pairs(4, 0, 0, 4)).p).toBe(1);
  });

  it('stays finite past the 0.5^n underflow', () => {
    // 600 vs 700 discordant; exact value from Python: 2·Σ_{i≤600} C(1300,i)/2¹³⁰⁰ = 0.0060157938610449525.
    expect(mcnemarExact(pairs(0, 600, 700, 0)).p).toBeCloseTo(0.0060157938610449525, 10);
  });
});

describe('pairedTable', () => {
  it('counts the four cells', () => {
    expect(pairedTable(pairs(3, 2, 1, 4))).toEqual({ n: 10, bothCorrect: 3, onlyA: 2, onlyB: 1, bothWrong: 4 });
  });
});

describe('bootstrapAccuracyDifference', () => {
  const data = pairs(50, 15, 5, 30);

  it('is deterministic for a seed and brackets the full-data difference', () => {
    // accuracy a = 65/100, b = 55/100 → difference .10.
    const first = bootstrapAccuracyDifference(data, createRng(0), { rounds: 500 });
    const again = bootstrapAccuracyDifference(data, createRng(0), { rounds: 500 });
    expect(first).toEqual(again);
    expect(first?.difference).toBeCloseTo(0.1, 12);
    expect(first!.lower).toBeLessThan(0.1);
    expect(first!.upper).toBeGreaterThan(0.1);
    // sd of the paired difference ≈ sqrt((.2 − .1²)/100) = .0436, so the 95% CI is about ±.085.
    expect(first!.upper - first!.lower).toBeGreaterThan(0.12);
    expect(first!.upper - first!.lower).toBeLessThan(0.22);
  });

  it('collapses to the difference when every pair agrees in direction', () => {
    expect(bootstrapAccuracyDifference(pairs(0, 10, 0, 0), createRng(1), { rounds: 100 })).toEqual({
      difference: 1,
      lower: 1,
      upper: 1,
      rounds: 100,
    });
    expect(bootstrapAccuracyDifference([], createRng(1))).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { ranksByIntervals, type RankInterval } from './ranks';

describe('ranksByIntervals', () => {
  it('ranks 1 + the entries wholly above, so overlapping entries can still rank apart through a third', () => {
    // A [10, 20], B [5, 15], C [0, 8]: nothing lies above A or B (A's low 10 < B's high 15); only A lies above C.
    expect(
      ranksByIntervals([
        { low: 10, high: 20 },
        { low: 5, high: 15 },
        { low: 0, high: 8 },
      ]),
    ).toEqual([1, 1, 2]);
    // Disjoint intervals rank 1, 2, 3; identical ones share rank 1.
    expect(
      ranksByIntervals([
        { low: 0, high: 1 },
        { low: 4, high: 5 },
        { low: 2, high: 3 },
      ]),
    ).toEqual([3, 1, 2]);
    expect(
      ranksByIntervals([
        { low: 1, high: 2 },
        { low: 1, high: 2 },
      ]),
    ).toEqual([1, 1]);
  });

  it('leaves entries without an interval unranked, and they count for no one', () => {
    expect(ranksByIntervals([null, { low: 0, high: 1 }, { low: 2, high: 3 }])).toEqual([null, 2, 1]);
    expect(ranksByIntervals([null])).toEqual([null]);
  });

  it('starts at 1 and follows the rule on random intervals', () => {
    const rng = createRng(3);
    for (let t = 0; t < 200; t++) {
      const intervals: (RankInterval | null)[] = Array.from({ length: 1 + Math.floor(rng.next() * 8) }, () => {
        if (rng.next() < 0.15) return null;
        const centre = rng.next() * 10;
        const half = rng.next() * 3;
        return { low: centre - half, high: centre + half };
      });
      const ranks = ranksByIntervals(intervals);
      const ranked = ranks.filter((r): r is number => r !== null);
      if (ranked.length) expect(Math.min(...ranked)).toBe(1);
      intervals.forEach((mine, i) => {
        if (!mine) return;
        const above = intervals.filter((o) => o && o.low > mine.high).length;
        expect(ranks[i]).toBe(1 + above);
      });
    }
  });

  it('refuses an interval whose low end lies above its high end', () => {
    // lm-eval's 1.5 accuracy once became 148%–100%; such a row would leave no one ranked 1.
    expect(() => ranksByIntervals([{ low: 1.48, high: 1 }])).toThrow(RangeError);
  });
});

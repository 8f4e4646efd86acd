import { describe, expect, it } from 'vitest';
import { quantileSorted, sortedAscending } from './quantile';

describe('quantileSorted', () => {
  it('interpolates linearly like numpy by default', () => {
    // [1,2,3,4]: q .25 → h = .75 → 1 + .75·1 = 1.75; q .5 → 2.5 (numpy.quantile gives the same).
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3], 0.5)).toBe(2);
    expect(quantileSorted([7], 0.975)).toBe(7);
    expect(quantileSorted([1, 5, 9], 0)).toBe(1);
    expect(quantileSorted([1, 5, 9], 1)).toBe(9);
  });

  it('picks sorted[ceil(q·n) − 1] by nearest rank', () => {
    const sorted = sortedAscending([400, 100, 1000, 300, 200]);
    // [100, 200, 300, 400, 1000]: p50 rank ceil(2.5) = 3 → 300; p95 rank ceil(4.75) = 5 → 1000.
    expect(quantileSorted(sorted, 0.5, 'nearest-rank')).toBe(300);
    expect(quantileSorted(sorted, 0.95, 'nearest-rank')).toBe(1000);
    // [10, 20, 30, 40]: p50 rank 2 → 20, where linear gives 25.
    expect(quantileSorted([10, 20, 30, 40], 0.5, 'nearest-rank')).toBe(20);
    expect(quantileSorted([10, 20, 30, 40], 0, 'nearest-rank')).toBe(10);
  });

  it('refuses no values and a q outside [0, 1]', () => {
    expect(() => quantileSorted([], 0.5)).toThrow('no values');
    expect(() => quantileSorted([1], 1.5)).toThrow('outside');
    expect(() => quantileSorted([1], Number.NaN)).toThrow('outside');
  });
});

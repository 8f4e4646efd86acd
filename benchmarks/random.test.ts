import { describe, expect, it } from 'vitest';
import { createRng, randomInt } from './random';

describe('createRng', () => {
  it('replays the same sequence for the same seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
  });

  it('gives different sequences for different seeds', () => {
    expect(createRng(1).next()).not.toBe(createRng(2).next());
  });

  it('stays in [0, 1) and is roughly uniform', () => {
    const rng = createRng(7);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const bin = Math.floor(x * 10);
      counts[bin] = (counts[bin] ?? 0) + 1;
    }
    // 1000 expected per bin, sd ≈ 30: 850..1150 is a 5-sigma band.
    for (const c of counts) expect(c).toBeGreaterThan(850);
    for (const c of counts) expect(c).toBeLessThan(1150);
  });

  it('randomInt stays in range', () => {
    const rng = createRng(3);
    for (let i = 0; i < 1000; i++) {
      const k = randomInt(rng, 4);
      expect(k).toBeGreaterThanOrEqual(0);
      expect(k).toBeLessThan(4);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson';

describe('wilsonInterval', () => {
  it('matches a hand calculation for 8/10', () => {
    // p = 0.8, z² = 3.841459, z²/n = 0.3841459, denominator = 1.3841459
    // center = (0.8 + 0.1920729) / 1.3841459 = 0.716740
    // half = 1.959964 / 1.3841459 * sqrt(0.016 + 0.0096036) = 1.416004 * 0.160011 = 0.226578
    // → [0.490162, 0.943318]
    const ci = wilsonInterval(8, 10);
    expect(ci?.lower).toBeCloseTo(0.490162, 5);
    expect(ci?.upper).toBeCloseTo(0.943318, 5);
  });

  it('stays inside [0, 1] at the edges', () => {
    // 0/10: center = 0.1920729/1.3841459 = 0.138767, half = 1.416004 * sqrt(0.0096036) = 0.138767 → [0, 0.277533]
    const zero = wilsonInterval(0, 10);
    expect(zero?.lower).toBe(0);
    expect(zero?.upper).toBeCloseTo(0.277533, 5);
    const all = wilsonInterval(10, 10);
    expect(all?.upper).toBeCloseTo(1, 12);
    expect(all?.lower).toBeCloseTo(1 - 0.277533, 5);
  });

  it('is null without items', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

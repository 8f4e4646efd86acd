import { describe, expect, it } from 'vitest';
import { meanStderr } from './stderr';

describe('meanStderr', () => {
  it('is sample stddev / sqrt(n), as lm-eval', () => {
    // [1, 0, 1, 1]: mean 0.75; squared deviations 0.0625·3 + 0.5625 = 0.75;
    // sample variance 0.75/3 = 0.25, sd 0.5; stderr 0.5/√4 = 0.25.
    expect(meanStderr([1, 0, 1, 1])).toBeCloseTo(0.25, 12);
  });

  it('is zero for constant values and null below two values', () => {
    expect(meanStderr([1, 1, 1])).toBe(0);
    expect(meanStderr([1])).toBeNull();
    expect(meanStderr([])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { accuracyOf, scoredResults, tallyResults } from './accuracy';

describe('accuracy', () => {
  it('is correct over scored items; a failed item is neither right nor wrong and is counted apart', () => {
    const results = [
      { correct: true },
      { correct: false },
      { correct: true },
      { correct: false, error: 'the engine worker stopped' },
      // A failed item is never correct, whatever a stored record says.
      { correct: true, error: 'prompt too long' },
    ];
    const tally = tallyResults(results);
    expect(tally).toEqual({ correct: 2, scored: 3, failed: 2 });
    expect(accuracyOf(tally)).toBe(2 / 3);
    expect(scoredResults(results)).toHaveLength(3);
    expect(accuracyOf(tallyResults([{ correct: false, error: 'x' }]))).toBeNull();
    expect(accuracyOf(tallyResults([]))).toBeNull();
  });
});

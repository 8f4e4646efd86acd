import { describe, expect, it } from 'vitest';
import type { ChoiceScore } from '../../core/engine';
import type { SuiteItem } from '../../core/suite';
import { softmax } from './choiceScores';
import { letterLogprobChoices, scoreLetterLogprob } from './letterLogprob';
import { optionLogprobChoices, scoreOptionLogprob } from './optionLogprob';

function scores(choices: string[], lls: number[]): ChoiceScore[] {
  return choices.map((choice, i) => ({ choice, logprob: lls[i]!, tokenIds: [], tokenLogprobs: [lls[i]!] }));
}

describe('letter-logprob', () => {
  it('predicts the argmax and softmaxes over the choices', () => {
    // lls A -1.2, B -0.3, C -2.5, D -3.0.
    // exp: 0.301194, 0.740818, 0.082085, 0.049787; sum 1.173884
    // probs: A 0.256579, B 0.631083, C 0.069926, D 0.042412 → pred B.
    const letters = ['A', 'B', 'C', 'D'];
    const result = scoreLetterLogprob(letters, scores(letterLogprobChoices(letters), [-1.2, -0.3, -2.5, -3.0]));
    expect(result.pred).toBe('B');
    expect(result.predNorm).toBe('B');
    expect(result.probs.A).toBeCloseTo(0.256579, 6);
    expect(result.probs.B).toBeCloseTo(0.631083, 6);
    expect(result.probs.C).toBeCloseTo(0.069926, 6);
    expect(result.probs.D).toBeCloseTo(0.042412, 6);
    expect(result.logprobs).toEqual({ A: -1.2, B: -0.3, C: -2.5, D: -3.0 });
  });

  it('breaks ties toward the first choice, like np.argmax', () => {
    const letters = ['A', 'B', 'C'];
    const result = scoreLetterLogprob(letters, scores([' A', ' B', ' C'], [-2, -1, -1]));
    expect(result.pred).toBe('B');
  });

  it('rejects scores for other continuations than asked', () => {
    expect(() => scoreLetterLogprob(['A', 'B'], scores([' B', ' A'], [-1, -2]))).toThrow(/expected " A"/);
    expect(() => scoreLetterLogprob(['A', 'B'], scores([' A'], [-1]))).toThrow(/1 scores for 2/);
    expect(() => scoreLetterLogprob(['A', 'B'], scores([' A', ' B'], [NaN, -2]))).toThrow(/NaN/);
  });
});

describe('option-logprob', () => {
  const item: SuiteItem = { id: 'p1', question: 'q', options: { A: 'yes', B: 'no', C: 'maybe' }, answer: 'A' };

  it('scores option text and separates acc from acc_norm', () => {
    // lls ' yes' -2.0, ' no' -1.8, ' maybe' -4.5.
    // acc: argmax(-2.0, -1.8, -4.5) = B (no).
    // acc_norm divides by len('yes')=3, len('no')=2, len('maybe')=5 (no delimiter, as lm-eval):
    //   -0.6667, -0.9, -0.9 → A (yes).
    // probs: exp -2.0 0.135335, -1.8 0.165299, -4.5 0.011109; sum 0.311743 → 0.434124, 0.530241, 0.035635.
    const result = scoreOptionLogprob(item, scores(optionLogprobChoices(item), [-2.0, -1.8, -4.5]));
    expect(optionLogprobChoices(item)).toEqual([' yes', ' no', ' maybe']);
    expect(result.pred).toBe('B');
    expect(result.predNorm).toBe('A');
    expect(result.probs.A).toBeCloseTo(0.434124, 5);
    expect(result.probs.B).toBeCloseTo(0.530241, 5);
  });

  it('counts length in code points, as Python len does', () => {
    // '𝛽𝛽' is 2 code points (4 UTF-16 units); 'abc' is 3.
    // -2.1/2 = -1.05 < -3.0/3 = -1.0 → acc_norm picks B. Counting UTF-16 units would give A (-0.525).
    const greek: SuiteItem = { id: 'g', question: 'q', options: { A: '𝛽𝛽', B: 'abc' }, answer: 'B' };
    const result = scoreOptionLogprob(greek, scores([' 𝛽𝛽', ' abc'], [-2.1, -3.0]));
    expect(result.pred).toBe('A');
    expect(result.predNorm).toBe('B');
  });
});

describe('softmax', () => {
  it('is stable for large magnitudes and uniform when nothing is possible', () => {
    expect(softmax([-1000, -1000])).toEqual([0.5, 0.5]);
    expect(softmax([-Infinity, -Infinity])).toEqual([0.5, 0.5]);
    expect(softmax([0, -Infinity])).toEqual([1, 0]);
  });
});

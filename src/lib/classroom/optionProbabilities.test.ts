import { describe, expect, it } from 'vitest';
import type { SuiteItem } from '../../../core/suite';
import { beliefChoices, beliefFromScores, beliefMode } from './optionProbabilities';

const item: SuiteItem = { id: 'p/1', question: 'Does it?', options: { A: 'yes', B: 'no', C: 'maybe' }, answer: 'B' };

describe('option probabilities for the presenter', () => {
  it('asks for what a benchmark run in the suite mode scores; generative suites fall back to letters', () => {
    expect(beliefChoices(item, 'letter-logprob')).toEqual([' A', ' B', ' C']);
    expect(beliefChoices(item, 'option-logprob')).toEqual([' yes', ' no', ' maybe']);
    expect(beliefMode('generative')).toBe('letter-logprob');
    expect(beliefMode('option-logprob')).toBe('option-logprob');
  });

  it('turns log-likelihoods into a distribution over the options', () => {
    const scores = [' yes', ' no', ' maybe'].map((choice, i) => ({
      choice,
      logprob: [Math.log(0.2), Math.log(0.6), Math.log(0.2)][i]!,
      tokenIds: [],
      tokenLogprobs: [],
    }));
    const belief = beliefFromScores(item, 'option-logprob', scores);
    expect(belief.pred).toBe('B');
    expect(belief.probs.B).toBeCloseTo(0.6, 10);
    expect(belief.probs.A! + belief.probs.B! + belief.probs.C!).toBeCloseTo(1, 10);
  });
});

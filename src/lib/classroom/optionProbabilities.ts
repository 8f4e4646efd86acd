import type { ChoiceScore } from '../../../core/engine';
import type { ScoringMode, SuiteItem } from '../../../core/suite';
import { optionLetters } from '../../../benchmarks/prompts/templates';
import type { ChoicePrediction } from '../../../benchmarks/scoring/choiceScores';
import { letterLogprobChoices, scoreLetterLogprob } from '../../../benchmarks/scoring/letterLogprob';
import { optionLogprobChoices, scoreOptionLogprob } from '../../../benchmarks/scoring/optionLogprob';

/** The presenter shows probabilities, which only the log-prob modes have: a generative suite is shown by its letters. */
export type BeliefMode = Exclude<ScoringMode, 'generative'>;

export function beliefMode(suiteDefault: ScoringMode): BeliefMode {
  return suiteDefault === 'generative' ? 'letter-logprob' : suiteDefault;
}

/** The continuations `scoreChoices` is asked to score for `item`, as a benchmark run in `mode` would. */
export function beliefChoices(item: SuiteItem, mode: BeliefMode): string[] {
  return mode === 'letter-logprob' ? letterLogprobChoices(optionLetters(item)) : optionLogprobChoices(item);
}

/** The model's distribution over the options (softmax of their log-likelihoods) and its pick. */
export function beliefFromScores(item: SuiteItem, mode: BeliefMode, scores: readonly ChoiceScore[]): ChoicePrediction {
  return mode === 'letter-logprob' ? scoreLetterLogprob(optionLetters(item), scores) : scoreOptionLogprob(item, scores);
}

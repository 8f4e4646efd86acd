import type { ChoiceScore } from '../../core/engine';
import { letterContinuations } from '../prompts/choices';
import { predictFromScores, type ChoicePrediction } from './choiceScores';

/** `letter-logprob`: the continuations are `' A'`, `' B'`…; all lengths are equal, so `acc_norm` = `acc`. */
export function letterLogprobChoices(letters: readonly string[]): string[] {
  return letterContinuations(letters);
}

export function scoreLetterLogprob(letters: readonly string[], scores: readonly ChoiceScore[]): ChoicePrediction {
  return predictFromScores(letters, letterLogprobChoices(letters), letters, scores);
}

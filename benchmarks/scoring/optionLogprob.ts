import type { ChoiceScore } from '../../core/engine';
import { optionContinuations } from '../prompts/choices';
import type { SuiteItem } from '../../core/suite';
import { predictFromScores, type ChoicePrediction } from './choiceScores';

/** `option-logprob`: each option's own text is scored (PubMedQA's yes/no/maybe; lm-eval `doc_to_choice`). */
export function optionLogprobChoices(item: SuiteItem): string[] {
  return optionContinuations(item);
}

export function scoreOptionLogprob(item: SuiteItem, scores: readonly ChoiceScore[]): ChoicePrediction {
  return predictFromScores(Object.keys(item.options), optionLogprobChoices(item), Object.values(item.options), scores);
}

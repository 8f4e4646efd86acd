import type { ChoiceScore } from '../../core/engine';

/**
 * Prediction from per-choice log-likelihoods, with lm-evaluation-harness meanings:
 * - `pred` (metric `acc`): argmax of the summed log-likelihood.
 * - `predNorm` (metric `acc_norm`): argmax of log-likelihood ÷ the choice's character length.
 *   Like lm-eval (`len(doc_to_choice(doc)[i])`), the length is that of the choice text without
 *   the target delimiter, counted in Unicode code points as Python's `len` does.
 * Ties go to the first choice, as `np.argmax` does.
 */
export interface ChoicePrediction {
  pred: string;
  predNorm: string;
  /** Softmax over the choices' summed log-probs: the model's distribution restricted to the choices. */
  probs: Record<string, number>;
  logprobs: Record<string, number>;
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** Numerically stable softmax; all `-Infinity` (nothing possible) reads as uniform. */
export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  if (max === -Infinity) return logits.map(() => 1 / logits.length);
  const exps = logits.map((x) => Math.exp(x - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/**
 * @param letters     the option letters, one per choice, in order
 * @param continuations what the engine was asked to score (`' A'`, `' yes'`…), checked against `scores`
 * @param choiceTexts the choices without delimiter, whose lengths normalize `acc_norm`
 */
export function predictFromScores(
  letters: readonly string[],
  continuations: readonly string[],
  choiceTexts: readonly string[],
  scores: readonly ChoiceScore[],
): ChoicePrediction {
  if (letters.length === 0) throw new Error('No choices to score.');
  if (scores.length !== continuations.length) {
    throw new Error(`Engine returned ${scores.length} scores for ${continuations.length} choices.`);
  }
  // Engines return scores by position; a reordered or different continuation would silently mislabel them.
  scores.forEach((score, i) => {
    if (score.choice !== continuations[i]) {
      throw new Error(`Score ${i} is for ${JSON.stringify(score.choice)}, expected ${JSON.stringify(continuations[i])}.`);
    }
    if (Number.isNaN(score.logprob)) throw new Error(`Score for ${JSON.stringify(score.choice)} is NaN.`);
  });
  const lls = scores.map((s) => s.logprob);
  const normalized = lls.map((ll, i) => ll / Math.max(1, Array.from(choiceTexts[i] ?? '').length));
  const probs = softmax(lls);
  return {
    pred: letters[argmax(lls)]!,
    predNorm: letters[argmax(normalized)]!,
    probs: Object.fromEntries(letters.map((l, i) => [l, probs[i]!])),
    logprobs: Object.fromEntries(letters.map((l, i) => [l, lls[i]!])),
  };
}

import type { PrecisionSetting } from '../../core/engine';
import { precisionLabel } from '../../models/precisionLabel';
import data from './publishedScores.json';

export type PublishedProtocol = 'zero-shot-loglik' | 'few-shot-loglik' | 'generation';

/** One published accuracy for a model on a suite, with where it comes from and how it was measured. */
export interface PublishedScore {
  model: string;
  /** Catalog ids of this model's builds in Bedside; a user-added model matches by `model` name. */
  catalogIds: string[];
  suite: string;
  /** Percent, 0–100, as published. */
  value: number;
  protocol: PublishedProtocol;
  sourceUrl: string;
  note?: string;
  /** True only where the number was read from the cited page itself. */
  verified: boolean;
}

export const publishedScores: readonly PublishedScore[] = data.scores as PublishedScore[];

/** What a run's scoring mode measures, in the terms published numbers use. */
export function protocolOfMode(mode: 'letter-logprob' | 'option-logprob' | 'generative'): PublishedProtocol {
  return mode === 'generative' ? 'generation' : 'zero-shot-loglik';
}

export function publishedFor(model: { id: string; name: string }, suiteId: string, scores = publishedScores): PublishedScore[] {
  const name = model.name.trim().toLowerCase();
  return scores.filter((s) => s.suite === suiteId && (s.catalogIds.includes(model.id) || s.model.toLowerCase() === name));
}

export interface ReferenceComparison {
  reference: PublishedScore;
  /** The published value lies within the run's 95% interval. */
  insideInterval: boolean;
  protocolsMatch: boolean;
  /**
   * Why the run's numeric precision is not the published one's, or null. Published numbers come from
   * lm-eval on PyTorch, whose attention keeps full precision: a run at `fast` (f16 KV cache, flash
   * attention) is not like for like; an `exact` run, or one whose engine has no such setting, is.
   */
  precisionMismatch: string | null;
}

/** Sets a run's accuracy and Wilson interval (fractions) beside each published number for it. */
export function compareWithPublished(
  run: {
    model: { id: string; name: string };
    suiteId: string;
    mode: 'letter-logprob' | 'option-logprob' | 'generative';
    ci: { lower: number; upper: number };
    precision?: PrecisionSetting;
  },
  scores = publishedScores,
): ReferenceComparison[] {
  const protocol = protocolOfMode(run.mode);
  return publishedFor(run.model, run.suiteId, scores).map((reference) => ({
    reference,
    insideInterval: reference.value / 100 >= run.ci.lower && reference.value / 100 <= run.ci.upper,
    protocolsMatch: reference.protocol === protocol,
    precisionMismatch: run.precision?.precision === 'fast' ? `different precision (${precisionLabel(run.precision)})` : null,
  }));
}

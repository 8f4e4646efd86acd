import type { ReferenceMetric } from '../../core/openEnded';
import { bleu1 } from './bleu1';
import { rougeL } from './rougeL';
import { exactMatch, tokenF1 } from './squadAnswer';

export interface ReferenceMetricOptions {
  /** rouge-score's `use_stemmer` for ROUGE-L; off by default, recorded with every run. */
  stemmer: boolean;
}

/**
 * What each number is, to be stored with a run so two runs compare only when their definitions match.
 * Versions are those of the implementations the tests check against (fixtures/reference_metrics.py).
 */
export function referenceMetricDefinitions(options: ReferenceMetricOptions): Record<ReferenceMetric, string> {
  return {
    'rouge-l': `rouge-score 0.1.2 rougeL F-measure, default tokenizer, ${options.stemmer ? 'Porter stemming (nltk)' : 'no stemming'}; best of the references (score_multi)`,
    'bleu-1':
      'nltk 3.8 sentence_bleu, weights (1, 0, 0, 0), SmoothingFunction().method1 (MedS-Bench), on word_tokenize(text, preserve_line=True) tokens; all references at once',
    'exact-match': 'SQuAD v2.0 compute_exact on normalize_answer; best of the references',
    'token-f1': 'SQuAD v2.0 compute_f1 on normalize_answer tokens; best of the references',
  };
}

/** The chosen metrics of one answer against its references; each in [0, 1]. */
export function referenceMetrics(
  answer: string,
  references: readonly string[],
  metrics: readonly ReferenceMetric[],
  options: ReferenceMetricOptions,
): Partial<Record<ReferenceMetric, number>> {
  const scores: Partial<Record<ReferenceMetric, number>> = {};
  for (const metric of metrics) {
    if (metric === 'rouge-l') scores[metric] = rougeL(answer, references, { stemmer: options.stemmer }).fmeasure;
    else if (metric === 'bleu-1') scores[metric] = bleu1(answer, references);
    else if (metric === 'exact-match') scores[metric] = exactMatch(answer, references);
    else scores[metric] = tokenF1(answer, references);
  }
  return scores;
}

/**
 * K-QA's own metrics (Itaymanes/K-QA evaluation/metrics.py) from rubric verdicts on the criteria the K-QA
 * builder writes (scripts/suites/kqa.ts), found by their tags:
 * - Comp: per answer, the share of its must-have statements entailed ("States or implies", `kqa:must-have`),
 *   averaged over answers (K-QA's Comp_norm; its Comp divides by all 201 questions, the same for a full run);
 * - Hall: statements contradicted (`kqa:contradiction`, must-have and nice-to-have alike) per answer
 *   (K-QA's Hall_norm; Hall for a full run), with their total (N_contra).
 * An answer with any of these criteria ungraded is left out and counted.
 */
import type { RubricCriterion, Verdict } from '../../core/openEnded';

export interface KqaMetrics {
  comprehensiveness: number | null;
  hallucination: number | null;
  contradicted: number;
  /** Answers the two metrics are over, and answers left out for an ungraded criterion. */
  answers: number;
  ungraded: number;
}

const isEntailment = (c: RubricCriterion): boolean => c.tags.includes('kqa:must-have') && !c.tags.includes('kqa:contradiction');
const isContradiction = (c: RubricCriterion): boolean => c.tags.includes('kqa:contradiction');

export function kqaMetrics(items: readonly { rubric: readonly RubricCriterion[]; verdicts: readonly Verdict[] }[]): KqaMetrics {
  let recallSum = 0;
  let contradicted = 0;
  let answers = 0;
  let ungraded = 0;
  for (const { rubric, verdicts } of items) {
    const entail = rubric.flatMap((c, i) => (isEntailment(c) ? [verdicts[i]] : []));
    const contra = rubric.flatMap((c, i) => (isContradiction(c) ? [verdicts[i]] : []));
    if (entail.length === 0) continue;
    if ([...entail, ...contra].some((v) => v !== 'met' && v !== 'not-met')) {
      ungraded++;
      continue;
    }
    answers++;
    recallSum += entail.filter((v) => v === 'met').length / entail.length;
    contradicted += contra.filter((v) => v === 'met').length;
  }
  return {
    comprehensiveness: answers > 0 ? recallSum / answers : null,
    hallucination: answers > 0 ? contradicted / answers : null,
    contradicted,
    answers,
    ungraded,
  };
}

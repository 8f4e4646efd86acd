/**
 * K-QA: 201 real patient questions, each with a physician's answer split into must-have and nice-to-have
 * statements. K-QA grades an answer by natural-language inference against each statement
 * (evaluation/prompts/is_entails.txt, is_contradict.txt); here each statement becomes rubric criteria, so
 * the open-ended graders (people, model judges) grade K-QA as HealthBench-style rubrics:
 * - "States or implies: <statement>", +2 for a must-have statement, +1 for a nice-to-have one (axis:completeness);
 * - "Contradicts: <statement>", −2 for any statement (axis:accuracy).
 * The rubric score is then (2·must-have entailed + nice-to-have entailed − 2·contradicted) / (2·must-have +
 * nice-to-have). K-QA's own Comp (share of must-have statements entailed) and Hall (statements contradicted)
 * come from the same verdicts by their `kqa:` tags (benchmarks/metrics/kqaMetrics.ts). Statements lose
 * their edge whitespace; the three that are empty upstream are left out.
 */
import type { OpenItem, RubricCriterion } from '../../core/openEnded';
import type { OpenRecipe } from './openSuites';
import { fail, jsonLines, nonEmpty } from './recipe';

export const KQA_FILE = 'kqa/questions_w_answers.jsonl';

export const KQA_POINTS = { mustHave: 2, niceToHave: 1, contradiction: -2 } as const;

/** The rubric of one K-QA answer: entailment criteria for every statement, then contradiction criteria. */
export function kqaRubric(mustHave: readonly string[], niceToHave: readonly string[]): RubricCriterion[] {
  const statements = [
    ...mustHave.map((s) => ({ text: s.trim(), kind: 'kqa:must-have', points: KQA_POINTS.mustHave })),
    ...niceToHave.map((s) => ({ text: s.trim(), kind: 'kqa:nice-to-have', points: KQA_POINTS.niceToHave })),
  ].filter((s) => s.text !== '');
  return [
    ...statements.map((s) => ({ criterion: `States or implies: ${s.text}`, points: s.points, tags: [s.kind, 'axis:completeness'] })),
    ...statements.map((s) => ({
      criterion: `Contradicts: ${s.text}`,
      points: KQA_POINTS.contradiction,
      tags: ['kqa:contradiction', s.kind, 'axis:accuracy'],
    })),
  ];
}

function statements(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) fail(where, 'expected a list of statements');
  return value as string[];
}

function kqaItems([text]: string[]): OpenItem[] {
  return jsonLines(text ?? '', KQA_FILE).map(({ line, row }) => {
    const where = `${KQA_FILE}:${line}`;
    const mustHave = statements(row.Must_have, `${where} Must_have`);
    const niceToHave = statements(row.Nice_to_have, `${where} Nice_to_have`);
    const item: OpenItem = {
      id: `kqa/${String(line).padStart(3, '0')}`,
      prompt: nonEmpty(row.Question, `${where} Question`),
      references: [nonEmpty(row.Free_form_answer, `${where} Free_form_answer`)],
      rubric: kqaRubric(mustHave, niceToHave),
    };
    const diagnosis = row.ICD_10_diag;
    if (typeof diagnosis === 'string' && diagnosis.trim() !== '') item.tags = [`diagnosis:${diagnosis.trim()}`];
    return item;
  });
}

export const kqaRecipe: OpenRecipe = {
  id: 'kqa',
  version: 1,
  name: 'K-QA (patient questions, physician answers)',
  language: 'en',
  metrics: ['rubric', 'rouge-l', 'bleu-1'],
  dataset: { dir: 'kqa', licenceFile: 'LICENSE', licence: 'MIT (Copyright (c) 2023 Itay Manes)' },
  description: `K-QA (Manes et al. 2024, "K-QA: A Real-World Medical Q&A Benchmark") ${KQA_FILE}: 201 patient questions in file order (id kqa/<line>); prompt = Question; reference = Free_form_answer; rubric: each Must_have statement "States or implies: <statement>" +${KQA_POINTS.mustHave} and each Nice_to_have +${KQA_POINTS.niceToHave} (tags kqa:must-have or kqa:nice-to-have, axis:completeness), then each statement "Contradicts: <statement>" ${KQA_POINTS.contradiction} (kqa:contradiction, axis:accuracy); statements trimmed, the 3 empty ones left out; tag diagnosis:<ICD_10_diag> where given; see kqa/SOURCE.md`,
  file: KQA_FILE,
  items: kqaItems,
};

/**
 * aistairc/medLLM_QA_benchmark's IgakuQA-style JSONL, the format of the CMExam and MedQA Mainland copies:
 * `problem_id` (0-based, = line order), `problem_text`, `choices` (option texts in A… order), `answer`
 * (lower-case letters), `points` (1), `text_only` (true).
 */
import type { SuiteItem } from '../../core/suite';
import { answerKey } from '../../benchmarks/suites/answers';
import { fail, jsonLines, LETTERS, nonEmpty } from './recipe';

export interface IgakuQaShape {
  /** The option counts this file may hold. */
  optionCounts: readonly number[];
  /** Whether an item may have several correct letters (CMExam) or exactly one (MedQA). */
  multiAnswer: boolean;
  /**
   * problem_ids left out because the copy damaged them, each with why. Each must really fail the
   * checks below, so the list cannot outlive a fixed file.
   */
  unusable?: Readonly<Record<number, string>>;
}

export function igakuQaItems(suiteId: string, file: string, shape: IgakuQaShape) {
  return ([text]: string[]): SuiteItem[] =>
    jsonLines(text ?? '', file).flatMap(({ line, row }, index) => {
      const reason = shape.unusable?.[index];
      if (reason === undefined) return [igakuQaItem(suiteId, `${file}:${line}`, row, index, shape)];
      try {
        igakuQaItem(suiteId, `${file}:${line}`, row, index, shape);
      } catch {
        return [];
      }
      return fail(`${file}:${line}`, `problem_id ${index} is listed as unusable (${reason}) but passes every check`);
    });
}

function igakuQaItem(suiteId: string, where: string, row: Record<string, unknown>, index: number, shape: IgakuQaShape): SuiteItem {
  if (row.problem_id !== index) fail(where, `expected problem_id ${index} (line order), got ${JSON.stringify(row.problem_id)}`);
  // Not text-only would mean a figure the copy does not carry.
  if (row.text_only !== true) fail(where, `expected text_only true, got ${JSON.stringify(row.text_only)}`);
  const choices = row.choices;
  if (!Array.isArray(choices) || !shape.optionCounts.includes(choices.length)) {
    fail(where, `expected ${shape.optionCounts.join(' or ')} choices, got ${JSON.stringify(choices)}`);
  }
  const letters = LETTERS.slice(0, choices.length);
  const options = Object.fromEntries(letters.map((l, i) => [l, nonEmpty(choices[i], `${where} choices[${i}]`)]));
  const answer = row.answer;
  if (!Array.isArray(answer) || answer.length === 0 || (!shape.multiAnswer && answer.length !== 1)) {
    fail(where, `expected ${shape.multiAnswer ? 'a list of letters' : 'a list of one letter'}, got ${JSON.stringify(answer)}`);
  }
  const upper = answer.map((a: unknown) => (typeof a === 'string' ? a.toUpperCase() : ''));
  if (new Set(upper).size !== upper.length || upper.some((l) => !letters.includes(l as (typeof letters)[number]))) {
    fail(where, `answer ${JSON.stringify(answer)} is not a set of the letters ${letters.join('').toLowerCase()}`);
  }
  return {
    id: `${suiteId}/${String(index).padStart(4, '0')}`,
    question: nonEmpty(row.problem_text, where),
    options,
    answer: answerKey(upper, letters),
  };
}

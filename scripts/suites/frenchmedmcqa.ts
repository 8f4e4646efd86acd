import type { SuiteItem } from '../../core/suite';
import { answerKey } from '../../benchmarks/suites/answers';
import { frenchmedmcqa } from '../../benchmarks/suites/specs';
import { fail, LETTERS, nonEmpty, type Dataset, type Recipe } from './recipe';

export const frenchmedmcqaDataset: Dataset = {
  dir: 'frenchmedmcqa',
  licenceFile: 'LICENSE',
  licence: 'Apache-2.0 (declared by the qanastek/FrenchMedMCQA README badge; the repository has no licence file)',
};

const FILE = 'frenchmedmcqa/test.json';

/** A JSON array; `answers` a–e, `correct_answers` the right letters, `nbr_correct_answers` their count. */
function frenchmedmcqaItems([text]: string[]): SuiteItem[] {
  const rows = JSON.parse(text ?? '') as Record<string, unknown>[];
  if (!Array.isArray(rows)) fail(FILE, 'expected a JSON array');
  return rows.map((row, index) => {
    const where = `${FILE} [${index}]`;
    const raw = (row.answers ?? {}) as Record<string, unknown>;
    if (Object.keys(raw).join() !== 'a,b,c,d,e') fail(where, 'expected the answers a, b, c, d, e');
    const options = Object.fromEntries(LETTERS.map((l) => [l, nonEmpty(raw[l.toLowerCase()], `${where} answers.${l.toLowerCase()}`)]));
    const correct = row.correct_answers;
    if (!Array.isArray(correct) || correct.length === 0 || correct.length !== row.nbr_correct_answers) {
      fail(where, `expected nbr_correct_answers letters in correct_answers, got ${JSON.stringify(correct)}`);
    }
    const upper = correct.map((c: unknown) => (typeof c === 'string' ? c.toUpperCase() : ''));
    if (new Set(upper).size !== upper.length || upper.some((l) => !(l in options)))
      fail(where, `unexpected correct_answers ${JSON.stringify(correct)}`);
    return {
      id: `${frenchmedmcqa.id}/${nonEmpty(row.id, where)}`,
      question: nonEmpty(row.question, where),
      options,
      answer: answerKey(upper, LETTERS),
    };
  });
}

export const frenchmedmcqaRecipe: Recipe = {
  spec: frenchmedmcqa,
  dataset: frenchmedmcqaDataset,
  description: `FrenchMedMCQA (Labrak et al., LOUHI 2022), French pharmacy specialisation diploma exams, test split: ${FILE} (qanastek/FrenchMedMCQA corpus/test.json); ids = upstream id; every item has five options and one to five correct letters, kept as a set ("ACD"); see frenchmedmcqa/SOURCE.md`,
  files: [FILE],
  items: frenchmedmcqaItems,
};

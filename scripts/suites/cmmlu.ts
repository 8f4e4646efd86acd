import type { SuiteItem } from '../../core/suite';
import { parseCsv } from '../../benchmarks/suites/csv';
import { cmmluMedical } from '../../benchmarks/suites/specs';
import { fail, nonEmpty, type Dataset, type Recipe } from './recipe';

export const cmmluDataset: Dataset = {
  dir: 'cmmlu_medical',
  licenceFile: 'LICENSE',
  licence: 'CC BY-NC-SA 4.0 (haonan-li/CMMLU README)',
  useRestriction:
    'Non-commercial use only, with attribution (Li et al. 2023, CMMLU); anything derived from it must be shared under CC BY-NC-SA 4.0.',
};

const subjects = cmmluMedical.subjects.map((s) => s.id);
const testFiles = subjects.map((s) => `cmmlu_medical/test/${s}.csv`);
const devFiles = subjects.map((s) => `cmmlu_medical/dev/${s}.csv`);

const HEADER = ',Question,A,B,C,D,Answer';

/**
 * haonan-li/CMMLU CSVs: a header row, then the 0-based row index, question, A–D and the answer letter.
 * lm-eval reads the same files through Hugging Face's pandas loader; none of these columns is all
 * numbers or holds an NA-like cell, so pandas keeps every cell as the text written here.
 */
function csvItems(idPrefix: string, files: readonly string[], texts: readonly string[]): SuiteItem[] {
  return subjects.flatMap((subject, s) => {
    const file = files[s] ?? '';
    const csv = parseCsv(texts[s] ?? '');
    if (!csv.ok) fail(`${file}:${csv.line}`, csv.message);
    const [head, ...rows] = csv.records;
    if (head?.fields.join(',') !== HEADER) fail(`${file}:1`, `expected the header row "${HEADER}"`);
    return rows.map(({ line, fields }, index) => {
      const where = `${file}:${line}`;
      const [rowIndex, question, a, b, c, d, answer] = fields;
      if (fields.length !== 7) fail(where, `expected 7 fields, got ${fields.length}`);
      if (rowIndex !== String(index)) fail(where, `expected row index ${index}, got ${JSON.stringify(rowIndex)}`);
      if (answer !== 'A' && answer !== 'B' && answer !== 'C' && answer !== 'D') fail(where, `unexpected answer ${JSON.stringify(answer)}`);
      return {
        id: `${idPrefix}${subject}/${rowIndex.padStart(4, '0')}`,
        question: nonEmpty(question, where),
        options: { A: nonEmpty(a, where), B: nonEmpty(b, where), C: nonEmpty(c, where), D: nonEmpty(d, where) },
        answer,
        subject,
      };
    });
  });
}

export const cmmluRecipe: Recipe = {
  spec: cmmluMedical,
  dataset: cmmluDataset,
  description: `CMMLU (Li et al. 2023), the nine medical subjects, test split: cmmlu_medical/test/<subject>.csv for ${subjects.join(', ')} (haonan-li/CMMLU data/test), in that order; ids = subject and upstream row index; few-shot exemplars from cmmlu_medical/dev/<subject>.csv (data/dev); see cmmlu_medical/SOURCE.md`,
  files: [...testFiles, ...devFiles],
  items: (texts) => csvItems(`${cmmluMedical.id}/`, testFiles, texts.slice(0, subjects.length)),
  fewshot: (texts) => csvItems(`${cmmluMedical.id}/dev/`, devFiles, texts.slice(subjects.length)),
};

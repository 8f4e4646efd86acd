import type { SuiteItem, SuiteSpec } from '../../core/suite';
import { headqaEn, headqaEs } from '../../benchmarks/suites/specs';
import { fail, LETTERS, nonEmpty, type Dataset, type Recipe } from './recipe';

export const headqaDataset: Dataset = {
  dir: 'headqa',
  licenceFile: 'LICENSE',
  licence: 'MIT (Copyright (c) 2019 DVC), under the reuse conditions of Spain’s Ministerio de Sanidad',
  useRestriction:
    'Ministerio de Sanidad reuse conditions: do not distort the content, cite the source, and state the date of the last update of the documents reused: 14 January 2019 (headqa/es/README.txt).',
  extraFiles: ['es/README.txt', 'en/README.txt'],
};

interface RawQuestion {
  qid?: unknown;
  qtext?: unknown;
  ra?: unknown;
  image?: unknown;
  answers?: { aid?: unknown; atext?: unknown }[];
}

/**
 * HEAD-QA's JSON: exams in file order, each exam's questions in file order, as Hugging Face's `head_qa`
 * loader (and so lm-eval's EleutherAI/headqa) reads them. `ra` names the right `aid`, 1–4; `image` is
 * the path of a figure the question needs, or empty.
 */
function headqaItems(spec: SuiteSpec, file: string, language: string) {
  return ([text]: string[]): SuiteItem[] => {
    const data = JSON.parse(text ?? '') as {
      language?: unknown;
      exams?: Record<string, { name?: unknown; category?: unknown; data?: RawQuestion[] }>;
    };
    if (data.language !== language) fail(file, `expected language "${language}", got ${JSON.stringify(data.language)}`);
    return Object.entries(data.exams ?? {}).flatMap(([key, exam]) => {
      if (exam.name !== key) fail(`${file} ${key}`, `expected the exam's name to be its key, got ${JSON.stringify(exam.name)}`);
      const category = nonEmpty(exam.category, `${file} ${key} category`);
      return (exam.data ?? []).map((q) => {
        const where = `${file} ${key} qid ${JSON.stringify(q.qid)}`;
        const qid = nonEmpty(q.qid, where);
        const answers = q.answers ?? [];
        if (answers.length !== 4 || answers.some((a, i) => a.aid !== i + 1)) fail(where, 'expected the answers aid 1, 2, 3, 4 in order');
        const letter = LETTERS[Number(q.ra) - 1];
        if (!/^[1-4]$/.test(String(q.ra)) || letter === undefined) fail(where, `expected ra "1".."4", got ${JSON.stringify(q.ra)}`);
        if (typeof q.image !== 'string') fail(where, `expected image to be a string, got ${JSON.stringify(q.image)}`);
        const item: SuiteItem = {
          id: `${spec.id}/${key}/${qid}`,
          question: nonEmpty(q.qtext, where),
          options: Object.fromEntries(answers.map((a, i) => [LETTERS[i], nonEmpty(a.atext, `${where} aid ${i + 1}`)])),
          answer: letter,
          subject: category,
        };
        if (q.image !== '') item.image = q.image;
        return item;
      });
    });
  };
}

const ES_FILE = 'headqa/es/test_HEAD.json';
const EN_FILE = 'headqa/en/test_HEAD_EN.json';
const origin =
  'HEAD-QA (Vilares & Gómez-Rodríguez, ACL 2019), Spanish healthcare specialisation exams (MIR, EIR, FIR, BIR, QIR, PIR) 2016–2017, test split';

export const headqaEsRecipe: Recipe = {
  spec: headqaEs,
  dataset: headqaDataset,
  description: `${origin}, Spanish original: ${ES_FILE}; ids = exam and qid; subject = exam category; items that need a figure carry its upstream path in "image"; see headqa/SOURCE.md`,
  files: [ES_FILE],
  items: headqaItems(headqaEs, ES_FILE, 'es'),
};

export const headqaEnRecipe: Recipe = {
  spec: headqaEn,
  dataset: headqaDataset,
  description: `${origin}, the dataset authors' English translation: ${EN_FILE}; ids = exam and qid; subject = exam category; items that need a figure carry its upstream path in "image"; see headqa/SOURCE.md`,
  files: [EN_FILE],
  items: headqaItems(headqaEn, EN_FILE, 'en'),
};

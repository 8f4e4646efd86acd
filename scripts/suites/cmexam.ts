import { cmexam } from '../../benchmarks/suites/specs';
import { igakuQaItems } from './igakuQa';
import type { Dataset, Recipe } from './recipe';

const FILE = 'cmexam/cmexam_test.jsonl';

export const cmexamDataset: Dataset = {
  dir: 'cmexam',
  licenceFile: 'LICENSE',
  licence: 'Apache-2.0 (williamliujl/CMExam, Copyright Junling Liu); this reformatted copy: MIT (Copyright (c) 2024 AIST AIRC)',
  useRestriction:
    'Research use only: CMExam’s authors state "Intended for academic/research use only; commercial misuse prohibited" and "Not for assessing individual medical competence or patient diagnosis" (upstream README, Ethics in Data Collection).',
  extraFiles: ['LICENSE.aistairc'],
};

export const cmexamRecipe: Recipe = {
  spec: cmexam,
  dataset: cmexamDataset,
  description: `CMExam (Liu et al., NeurIPS 2023), Chinese National Medical Licensing Examination, test split: ${FILE} (aistairc/medLLM_QA_benchmark data/zh/CMExam/cmexam.jsonl, a reformatted copy of williamliujl/CMExam without explanations and annotations); ids = problem_id; problem_id 5331 is left out (its answer names option e, the copy lists four options); multi-answer items keep every correct letter ("ACD"); see cmexam/SOURCE.md`,
  files: [FILE],
  items: igakuQaItems(cmexam.id, FILE, {
    optionCounts: [4, 5],
    multiAnswer: true,
    unusable: { 5331: 'its answer b, c, e names an option e, but the copy lists only four options' },
  }),
};

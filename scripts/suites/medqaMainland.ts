import { medqaMainland4, medqaMainland5 } from '../../benchmarks/suites/specs';
import { igakuQaItems } from './igakuQa';
import type { Dataset, Recipe } from './recipe';

export const MEDQA_MAINLAND_4_FILE = 'medqa_mainland/medqa_zh_4op.jsonl';
export const MEDQA_MAINLAND_5_FILE = 'medqa_mainland/medqa_zh.jsonl';

export const medqaMainlandDataset: Dataset = {
  dir: 'medqa_mainland',
  licenceFile: 'LICENSE',
  licence: 'MIT (Copyright (c) 2022 Di Jin); this reformatted copy: MIT (Copyright (c) 2024 AIST AIRC)',
  extraFiles: ['LICENSE.aistairc'],
};

const origin =
  'MedQA Mainland China (Jin et al. 2021), simplified Chinese, MCMLE test split; a reformatted copy from aistairc/medLLM_QA_benchmark (meta_info dropped there)';

export const medqaMainland4Recipe: Recipe = {
  spec: medqaMainland4,
  dataset: medqaMainlandDataset,
  description: `${origin}, 4 options: ${MEDQA_MAINLAND_4_FILE} (data/zh/MedQA-4op/medqa_zh_4op.jsonl); ids = problem_id; see medqa_mainland/SOURCE.md`,
  files: [MEDQA_MAINLAND_4_FILE],
  items: igakuQaItems(medqaMainland4.id, MEDQA_MAINLAND_4_FILE, { optionCounts: [4], multiAnswer: false }),
};

export const medqaMainland5Recipe: Recipe = {
  spec: medqaMainland5,
  dataset: medqaMainlandDataset,
  description: `${origin}, 5 options: ${MEDQA_MAINLAND_5_FILE} (data/zh/MedQA/medqa_zh.jsonl); ids = problem_id; see medqa_mainland/SOURCE.md`,
  files: [MEDQA_MAINLAND_5_FILE],
  items: igakuQaItems(medqaMainland5.id, MEDQA_MAINLAND_5_FILE, { optionCounts: [5], multiAnswer: false }),
};

/**
 * The shipped suites as data (lm-eval task YAML). The build script takes id, version, name and
 * file from here, so what the app declares and what public/suites/ holds cannot drift apart.
 */
import type { SubjectSpec, SuiteSpec } from '../../core/suite';

/**
 * lm-eval MedQA/MedMCQA/MMLU score the option letters after a lettered question. Prompt ids name
 * templates in benchmarks/prompts/templates.ts.
 */
const letteredMcq = {
  prompt: 'mcqLettered',
  defaultMode: 'letter-logprob',
  modes: ['letter-logprob', 'generative'],
  language: 'en',
} as const satisfies Partial<SuiteSpec>;

export const medqaUsmle4 = {
  ...letteredMcq,
  id: 'medqa-usmle-4',
  version: 1,
  name: 'MedQA USMLE (4 options)',
  file: 'suites/medqa-usmle-4.jsonl',
} satisfies SuiteSpec;

export const medqaUsmle5 = {
  ...letteredMcq,
  id: 'medqa-usmle-5',
  version: 1,
  name: 'MedQA USMLE (5 options)',
  file: 'suites/medqa-usmle-5.jsonl',
} satisfies SuiteSpec;

export const medmcqaDev = {
  ...letteredMcq,
  id: 'medmcqa-dev',
  version: 1,
  prompt: 'medmcqaLettered',
  name: 'MedMCQA (dev)',
  file: 'suites/medmcqa-dev.jsonl',
} satisfies SuiteSpec;

/** lm-eval `pubmedqa`: "Abstract: …\nQuestion: …\nAnswer:" scored on the words yes/no/maybe. */
export const pubmedqa = {
  id: 'pubmedqa',
  version: 1,
  name: 'PubMedQA (PQA-L test)',
  file: 'suites/pubmedqa.jsonl',
  prompt: 'pubmedqa',
  defaultMode: 'option-logprob',
  modes: ['option-logprob', 'generative'],
  language: 'en',
} satisfies SuiteSpec;

function mmluSubject(id: string, name: string): SubjectSpec {
  return { id, name, description: `The following are multiple choice questions (with answers) about ${id.replaceAll('_', ' ')}.` };
}

/** lm-eval's per-subject overrides of `mmlu/default/_default_template_yaml`, in item order. */
export const mmluMedicalSubjects = [
  mmluSubject('anatomy', 'Anatomy'),
  mmluSubject('clinical_knowledge', 'Clinical knowledge'),
  mmluSubject('college_biology', 'College biology'),
  mmluSubject('college_medicine', 'College medicine'),
  mmluSubject('medical_genetics', 'Medical genetics'),
  mmluSubject('professional_medicine', 'Professional medicine'),
] as const satisfies readonly SubjectSpec[];

export const mmluMedical = {
  ...letteredMcq,
  id: 'mmlu-medical',
  version: 1,
  prompt: 'mmluLettered',
  name: 'MMLU medical (6 subjects)',
  file: 'suites/mmlu-medical.jsonl',
  subjects: mmluMedicalSubjects,
} satisfies SuiteSpec;

/** Chinese exams without an lm-eval task: Bedside's own templates in Chinese, letters scored after `答案`. */
const chineseLettered = {
  ...letteredMcq,
  language: 'zh',
  chatPrompts: { direct: 'chatZh', stepByStep: 'chatZhStepByStep' },
} as const satisfies Partial<SuiteSpec>;

/** CMExam (no lm-eval task): its paper's template; multi-answer items need a generative prompt that allows a set. */
export const cmexam = {
  ...chineseLettered,
  id: 'cmexam',
  version: 1,
  prompt: 'cmexamLettered',
  name: 'CMExam (Chinese medical licensing exam, test)',
  file: 'suites/cmexam.jsonl',
  chatPrompts: { direct: 'chatZhMulti', stepByStep: 'chatZhMultiStepByStep' },
} satisfies SuiteSpec;

export const medqaMainland4 = {
  ...chineseLettered,
  id: 'medqa-mainland-4',
  version: 1,
  prompt: 'medqaMainlandLettered',
  name: 'MedQA Mainland China (4 options)',
  file: 'suites/medqa-mainland-4.jsonl',
} satisfies SuiteSpec;

export const medqaMainland5 = {
  ...chineseLettered,
  id: 'medqa-mainland-5',
  version: 1,
  prompt: 'medqaMainlandLettered',
  name: 'MedQA Mainland China (5 options)',
  file: 'suites/medqa-mainland-5.jsonl',
} satisfies SuiteSpec;

function cmmluSubject(id: string, chinese: string, name: string): SubjectSpec {
  return { id, name: `${name} (${chinese})`, description: `以下是关于${chinese}的单项选择题，请直接给出正确答案的选项。\n\n` };
}

/** lm-eval's `cmmlu_<subject>` tasks (description verbatim, blank line included), in item order. */
export const cmmluMedicalSubjects = [
  cmmluSubject('anatomy', '解剖学', 'Anatomy'),
  cmmluSubject('clinical_knowledge', '临床知识', 'Clinical knowledge'),
  cmmluSubject('college_medical_statistics', '大学医学统计', 'College medical statistics'),
  cmmluSubject('college_medicine', '大学医学', 'College medicine'),
  cmmluSubject('genetics', '遗传学', 'Genetics'),
  cmmluSubject('nutrition', '营养学', 'Nutrition'),
  cmmluSubject('professional_medicine', '专业医学', 'Professional medicine'),
  cmmluSubject('traditional_chinese_medicine', '中医中药', 'Traditional Chinese medicine'),
  cmmluSubject('virology', '病毒学', 'Virology'),
] as const satisfies readonly SubjectSpec[];

/** lm-eval `cmmlu_*`: zero-shot by default; 5-shot takes the first five dev items of the subject (`first_n`). */
export const cmmluMedical = {
  ...chineseLettered,
  id: 'cmmlu-medical',
  version: 1,
  prompt: 'cmmluLettered',
  name: 'CMMLU medical (9 subjects)',
  file: 'suites/cmmlu-medical.jsonl',
  subjects: cmmluMedicalSubjects,
  fewshot: { n: 5, prompt: 'cmmluLettered5shot' },
} satisfies SuiteSpec;

/** lm-eval `headqa_es`/`headqa_en`: "Question: …\nAnswer:" scored on the answer texts, no letters shown. */
const headqaTask = {
  prompt: 'headqa',
  defaultMode: 'option-logprob',
  modes: ['option-logprob', 'generative'],
} as const satisfies Partial<SuiteSpec>;

export const headqaEs = {
  ...headqaTask,
  id: 'headqa-es',
  version: 1,
  name: 'HEAD-QA (Spanish, test)',
  file: 'suites/headqa-es.jsonl',
  language: 'es',
  chatPrompts: { direct: 'chatEs', stepByStep: 'chatEsStepByStep' },
} satisfies SuiteSpec;

export const headqaEn = {
  ...headqaTask,
  id: 'headqa-en',
  version: 1,
  name: 'HEAD-QA (English translation, test)',
  file: 'suites/headqa-en.jsonl',
  language: 'en',
} satisfies SuiteSpec;

/** FrenchMedMCQA (no lm-eval task): Bedside's template in French; most items have several right answers. */
export const frenchmedmcqa = {
  ...letteredMcq,
  id: 'frenchmedmcqa',
  version: 1,
  prompt: 'frenchMcqLettered',
  name: 'FrenchMedMCQA (pharmacy, test)',
  file: 'suites/frenchmedmcqa.jsonl',
  language: 'fr',
  chatPrompts: { direct: 'chatFrMulti', stepByStep: 'chatFrMultiStepByStep' },
} satisfies SuiteSpec;

export const suiteSpecs = [
  medqaUsmle4,
  medqaUsmle5,
  medmcqaDev,
  pubmedqa,
  mmluMedical,
  cmexam,
  medqaMainland4,
  medqaMainland5,
  cmmluMedical,
  headqaEs,
  headqaEn,
  frenchmedmcqa,
] as const satisfies readonly SuiteSpec[];

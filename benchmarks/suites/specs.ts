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
  choiceStyle: 'letters',
  defaultMode: 'letter-logprob',
  modes: ['letter-logprob', 'generative'],
  targetDelimiter: ' ',
  metrics: ['acc', 'acc_norm'],
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
  choiceStyle: 'option-text',
  defaultMode: 'option-logprob',
  modes: ['option-logprob', 'generative'],
  targetDelimiter: ' ',
  metrics: ['acc', 'acc_norm'],
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

export const suiteSpecs = [medqaUsmle4, medqaUsmle5, medmcqaDev, pubmedqa, mmluMedical] as const satisfies readonly SuiteSpec[];

/** Normalized suite format: one header record, then one item per line (JSONL). */
import type { OpenSuiteIndexEntry } from './openEnded';

export interface SuiteHeader {
  suite: string;
  version: number;
  name: string;
  source: string;
  licence: string;
  sha256_of_source: string;
  count: number;
  /** BCP 47 language of the items (`en`, `zh`, `es`, `fr`); absent when an imported file does not say. */
  language?: string;
  /**
   * Limits on use beyond the licence's own terms, as the dataset's publishers state them (CMExam: research
   * use only); absent when none is stated. Shown wherever the suite is picked, and kept with every run.
   */
  use_restriction?: string;
  /** Optional for custom suites: a prompt template with {question} {options} {context}. */
  prompt_template?: string;
  /** Optional default scoring mode for this suite. */
  scoring?: ScoringMode;
  /** Optional: the only scoring modes this suite may be run in (its lm-eval task's, plus generative if wanted). */
  modes?: ScoringMode[];
  /**
   * Built suites only: each raw file with its own hash, so a run can be traced back to the exact
   * files listed in the dataset's SOURCE.md even when sha256_of_source covers several of them.
   */
  source_files?: SourceFile[];
  /**
   * Few-shot exemplars (lm-eval `fewshot_split`), in the order lm-eval's `first_n` sampler takes them;
   * never scored. Only suites that offer an n-shot protocol carry them (CMMLU's dev split).
   */
  fewshot?: SuiteItem[];
}

export interface SourceFile {
  /** Path relative to the raw datasets folder, e.g. `pubmedqa/test_set.json`. */
  path: string;
  sha256: string;
  bytes: number;
}

export interface SuiteItem {
  id: string;
  question: string;
  /** Letter -> option text, in display order (A, B, C, ...). */
  options: Record<string, string>;
  /**
   * The correct letter, a key of `options`. A multi-answer item (CMExam, FrenchMedMCQA) lists all its
   * correct letters in option order, `"ACD"`, as CMExam's own files do: it is scored by exact set match in
   * generative mode and left out of the log-prob modes, whose one argmax cannot name a set
   * (benchmarks/suites/answers.ts).
   */
  answer: string;
  subject?: string;
  context?: string;
  /** Why the answer is right, where the source gives one; shown by the classroom presenter on reveal. */
  explanation?: string;
  /**
   * The figure the question refers to, as the source names it (HEAD-QA's `image` path). Suites ship no
   * images, so such items are left out of runs unless a run asks for them.
   */
  image?: string;
}

export interface Suite {
  header: SuiteHeader;
  items: SuiteItem[];
}

export const SCORING_MODES = ['letter-logprob', 'option-logprob', 'generative'] as const;
export type ScoringMode = (typeof SCORING_MODES)[number];

/** Placeholders a prompt template may use; `{question}` is required. */
export const PROMPT_PLACEHOLDERS = ['question', 'options', 'context'] as const;

/** Per-subject override of a suite (lm-eval `include` + `dataset_name` + `description`). */
export interface SubjectSpec {
  /** lm-eval subject id, the value of `SuiteItem.subject`, e.g. `clinical_knowledge`. */
  id: string;
  name: string;
  /** Few-shot/zero-shot preamble, as lm-eval's per-subject `description`. */
  description: string;
}

/** A shipped suite declared as data (lm-eval task YAML): how to prompt, what to score, which file. */
export interface SuiteSpec {
  id: string;
  version: number;
  name: string;
  /** Path of the built JSONL relative to the app's public root, e.g. `suites/medqa-usmle-4.jsonl`. */
  file: string;
  /** Prompt template id, resolved by benchmarks/prompts. */
  prompt: string;
  defaultMode: ScoringMode;
  /**
   * The modes this suite may be run in: those its lm-eval task defines (letters for MedQA, MedMCQA and
   * MMLU; option text for PubMedQA), plus generative, Bedside's own extra. Any other is refused.
   */
  modes: readonly ScoringMode[];
  subjects?: readonly SubjectSpec[];
  /** BCP 47 language of the items; the suite header records it too. */
  language: string;
  /**
   * Generative-mode templates in the exam's language (ids in benchmarks/prompts/templates.ts); absent:
   * the English chat templates.
   */
  chatPrompts?: { direct: string; stepByStep: string };
  /**
   * The n-shot protocol the suite offers besides zero-shot (lm-eval `num_fewshot` with its
   * `fewshot_split`), drawn from the header's `fewshot` exemplars of the item's subject; the template
   * id that renders it.
   */
  fewshot?: { n: number; prompt: string };
}

/** `public/suites/index.json`: what the app lists before fetching any suite file. */
export interface SuiteIndex {
  suites: SuiteIndexEntry[];
  /** The open-ended suites (core/openEnded.ts), apart, so a reader of `suites` only ever meets multiple choice. */
  openSuites?: OpenSuiteIndexEntry[];
}

export interface SuiteIndexEntry {
  id: string;
  version: number;
  name: string;
  count: number;
  /** Built JSONL, relative to the app's public root (same as `SuiteSpec.file`). */
  file: string;
  /** SHA-256 of the built JSONL file's bytes. */
  sha256: string;
  bytes: number;
  source: string;
  licence: string;
  /** As in the suite's header. */
  language: string;
  use_restriction?: string;
  sha256_of_source: string;
  /** The dataset's SOURCE.md and licence text, copied next to the suites, relative to the public root. */
  sourceNotes: string;
  licenceFile: string;
  /** Items per subject, sorted by subject; empty when the suite has no subjects. */
  subjects: SubjectCount[];
  /** Multi-answer items (left out of log-prob modes) and items that need an image (left out by default). */
  multiAnswer: number;
  imageItems: number;
}

export interface SubjectCount {
  subject: string;
  count: number;
}

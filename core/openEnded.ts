/**
 * Open-ended suites: items answered in free text and graded by reference metrics, by people or by
 * model judges. The second kind of suite beside multiple choice (suite.ts); same header provenance.
 */
import type { ChatMessage, FinishReason, GenerateOptions } from './engine';
import type { ItemSelection } from './run';
import type { SourceFile } from './suite';

/** Reference metrics: computed from the answer and the item's references alone (benchmarks/metrics/referenceMetrics.ts). */
export const REFERENCE_METRICS = ['rouge-l', 'bleu-1', 'exact-match', 'token-f1'] as const;
export type ReferenceMetric = (typeof REFERENCE_METRICS)[number];

/**
 * What a suite is scored by: its reference metrics, `rubric` (HealthBench's score from criteria graded met or
 * not met) and `rating` (accuracy, completeness and clarity from 1 to 5, for items without a rubric).
 */
export const OPEN_METRICS = [...REFERENCE_METRICS, 'rubric', 'rating'] as const;
export type OpenMetric = (typeof OPEN_METRICS)[number];

/** One rubric criterion as HealthBench writes it: points from −10 to +10, tags such as `axis:accuracy`. */
export interface RubricCriterion {
  criterion: string;
  points: number;
  tags: string[];
}

export interface OpenItem {
  id: string;
  /** One user message, or a conversation whose last message is the user's. */
  prompt: string | ChatMessage[];
  /** Reference answers; a metric takes the best of them. */
  references?: string[];
  rubric?: RubricCriterion[];
  /** Item tags such as `theme:emergency_referrals`; HealthBench scores per `theme:` tag. */
  tags?: string[];
}

export interface OpenSuiteHeader {
  kind: 'open-ended';
  suite: string;
  version: number;
  name: string;
  source: string;
  licence: string;
  sha256_of_source: string;
  count: number;
  metrics: OpenMetric[];
  /** BCP 47 language of the items (`en`, `zh`), where known. */
  language?: string;
  /** Limits on use beyond the licence's own terms, as the publishers state them; as in SuiteHeader. */
  use_restriction?: string;
  source_files?: SourceFile[];
}

/** The file formats an open-ended suite imports from (benchmarks/suites/openSuiteFile.ts tells them apart). */
export type OpenSuiteFormat = 'bedside-jsonl' | 'bedside-csv' | 'healthbench-jsonl' | 'medsbench-json';

export interface OpenSuite {
  header: OpenSuiteHeader;
  items: OpenItem[];
}

/** `public/suites/index.json` lists built open-ended suites under `openSuites`, apart from the multiple-choice ones. */
export interface OpenSuiteIndexEntry {
  id: string;
  version: number;
  name: string;
  count: number;
  file: string;
  sha256: string;
  bytes: number;
  source: string;
  licence: string;
  sha256_of_source: string;
  language: string;
  use_restriction?: string;
  metrics: OpenMetric[];
  sourceNotes: string;
  licenceFile: string;
}

/** A criterion's verdict; `ungraded` when a model judge never returned a valid one (never counted as met or not met). */
export type Verdict = 'met' | 'not-met' | 'ungraded';

/** The 1–5 scales a grader scores an answer on when its item has no rubric (MedHELM's jury scales). */
export const RATING_DIMENSIONS = ['accuracy', 'completeness', 'clarity'] as const;
export type RatingDimension = (typeof RATING_DIMENSIONS)[number];

/** Who graded: a person under the name they gave, or a model judge with the prompt it was asked with. */
export type GraderRef =
  | { kind: 'person'; name: string }
  | {
      kind: 'judge';
      /** The judge model (catalog id, GGUF name or endpoint model) as the run records models. */
      model: string;
      prompt: { id: string; version: number };
    };

/** A stable key for a grader: `person:<name>`, or `judge:<model>|<prompt id>@<version>`; part of a stored grade's key. */
export function graderKey(grader: GraderRef): string {
  return grader.kind === 'person' ? `person:${grader.name}` : `judge:${grader.model}|${grader.prompt.id}@${grader.prompt.version}`;
}

/** A grader's verdict on one rubric criterion of one answer, stored as soon as it is made. */
export interface CriterionGrade {
  kind: 'criterion';
  runId: string;
  itemId: string;
  /** Position of the criterion in the item's rubric. */
  criterion: number;
  grader: GraderRef;
  verdict: Verdict;
  explanation: string | null;
  /** Judge replies asked for, retries included; absent for people. */
  attempts?: number;
  /** Why a judge gave no verdict when its engine could not take the prompt (longer than its window); the grade is then ungraded. */
  error?: string;
  at: string;
}

/** A grader's 1–5 scores of one answer whose item has no rubric. */
export interface RatingGrade {
  kind: 'rating';
  runId: string;
  itemId: string;
  grader: GraderRef;
  /** 1–5 per scale; null when a judge never returned a valid rating. */
  scores: Record<RatingDimension, number> | null;
  explanation: string | null;
  attempts?: number;
  /** As CriterionGrade.error; the scores are then null. */
  error?: string;
  at: string;
}

export type Grade = CriterionGrade | RatingGrade;

/** One open-ended item's answer as a run stores it, as soon as it arrives. */
export interface OpenItemResult {
  itemId: string;
  /** Position of the item in the run's item list (after sampling). */
  index: number;
  /** The conversation as sent, the suite's prompt after any system prompt the run adds. */
  prompt: ChatMessage[];
  /** Null when the item failed (see `error`). */
  answer: string | null;
  finishReason: FinishReason | null;
  /** The run's reference metrics for this answer, each in [0, 1]; empty without references. */
  metrics: Partial<Record<ReferenceMetric, number>>;
  latencyMs: number;
  timeToFirstTokenMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  error?: string;
}

/** Everything that determines an open-ended run's answers and metric values; stored with the run. */
export interface OpenRunConfig {
  kind: 'open-ended';
  suite: { id: string; version: number; sha256: string };
  /** The sampling every answer was generated with. */
  generation: GenerateOptions;
  seed: number;
  selection: ItemSelection;
  /** Which reference metrics were computed, the ROUGE stemming option, and each metric's definition. */
  referenceMetrics: { metrics: ReferenceMetric[]; stemmer: boolean; definitions: Partial<Record<ReferenceMetric, string>> };
}

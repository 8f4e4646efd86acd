import type { OpenItemResult, OpenRunConfig, OpenSuite, OpenSuiteFormat } from './openEnded';
import type { RunRecord, RunStatus } from './runRecord';

/**
 * An open-ended run as it is stored and exported: one answer per item, generated with the sampling its
 * config records. Kept apart from multiple-choice runs (runRecord.ts), whose every view reads a letter and
 * a correctness; here in core/ because the page, the worker, the CLI and the run export read the same record.
 */
export interface OpenRunRecord {
  id: string;
  kind: 'open-ended';
  status: RunStatus;
  config: OpenRunConfig;
  /** As the suite stated when the run began (the multiple-choice run's provenance fields). */
  suite: RunRecord['suite'];
  model: RunRecord['model'];
  env: RunRecord['env'];
  /** The selected items in answering order, fixed at creation so a resume answers the same set. */
  itemIds: string[];
  startedAt: number;
  endedAt?: number;
  error?: string;
}

export type StoredOpenResult = OpenItemResult & { runId: string };

/** An open-ended suite the user imported, validated before it was stored; its id is in the custom namespace. */
export interface CustomOpenSuiteRecord extends OpenSuite {
  id: string;
  fileName: string;
  format: OpenSuiteFormat;
  importedAt: number;
}

export interface OpenRunProgress {
  /** Items finished (answered or failed), including those finished before a resume. */
  done: number;
  total: number;
  failed: number;
  answeredThisCall: number;
  itemsPerSecond: number | null;
  etaSeconds: number | null;
}

/** What an open-ended run call in the worker reports when it ends. */
export interface OpenRunOutcome {
  answered: number;
  /** Items recorded as failed (OpenItemResult.error); the run went on past them. */
  failed: number;
  skipped: number;
}

export interface JudgeProgress {
  /** Answers this judge has finished grading, including those graded before a resume. */
  done: number;
  /** Answers there are to grade (failed items have none). */
  total: number;
  /** Criteria (or ratings) that never got a valid reply, over the grades stored so far. */
  ungraded: number;
}

export interface JudgeOutcome {
  /** Answers graded in this call, and answers skipped because this judge had graded them already. */
  graded: number;
  skipped: number;
  /** Grades stored in this call, and how many of them are ungraded. */
  grades: number;
  ungraded: number;
}

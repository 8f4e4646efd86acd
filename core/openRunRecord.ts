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

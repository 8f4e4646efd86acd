import type { RunSummary } from '../../../benchmarks/metrics/summary';
import type { RunRecord, StoredItemResult } from '../../../storage/records';

/**
 * Exports of one benchmark run. The JSON holds everything needed to trace each shown number back to
 * its record (conventions rule 11); the CSV is one row per item for pandas or a spreadsheet.
 */

export const RUN_EXPORT_FORMAT = 'bedside-run';
export const RUN_EXPORT_FORMAT_VERSION = 1;

export interface RunExport {
  format: typeof RUN_EXPORT_FORMAT;
  formatVersion: typeof RUN_EXPORT_FORMAT_VERSION;
  run: RunRecord;
  summary: RunSummary;
  results: StoredItemResult[];
}

function byIndex(results: readonly StoredItemResult[]): StoredItemResult[] {
  return [...results].sort((a, b) => a.index - b.index);
}

export function runToJson(run: RunRecord, results: readonly StoredItemResult[], summary: RunSummary): string {
  const doc: RunExport = {
    format: RUN_EXPORT_FORMAT,
    formatVersion: RUN_EXPORT_FORMAT_VERSION,
    run,
    summary,
    results: byIndex(results),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Shipped suites have at most five options; these columns are always present so files from different runs line up. */
const BASE_LETTERS = ['A', 'B', 'C', 'D', 'E'];

/** A–E plus any further letters a custom suite uses, so no probability is silently dropped. */
function choiceLetters(results: readonly StoredItemResult[]): string[] {
  const letters = new Set(BASE_LETTERS);
  for (const r of results) for (const l of Object.keys(r.probs ?? r.logprobs ?? {})) letters.add(l);
  return [...letters].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
}

type Cell = string | number | boolean | null | undefined;

/** RFC 4180: quote a field only when it holds a comma, quote, CR or LF; double the quotes inside. */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function runToCsv(run: RunRecord, results: readonly StoredItemResult[]): string {
  const letters = choiceLetters(results);
  const header = [
    'run_id',
    'suite',
    'model',
    'mode',
    'item_id',
    'index',
    'subject',
    'gold',
    'pred',
    'correct',
    'pred_norm',
    'correct_norm',
    'invalid',
    ...letters.map((l) => `p_${l}`),
    ...letters.map((l) => `logprob_${l}`),
    'latency_ms',
    'ttft_ms',
    'prompt_tokens',
    'completion_tokens',
    'finish_reason',
    'generated_text',
  ];
  const rows = byIndex(results).map((r): Cell[] => [
    run.id,
    run.suite.id,
    run.model.id,
    r.mode,
    r.itemId,
    r.index,
    r.subject,
    r.gold,
    r.pred,
    r.correct,
    r.predNorm,
    r.correctNorm,
    r.invalid,
    ...letters.map((l) => r.probs?.[l]),
    ...letters.map((l) => r.logprobs?.[l]),
    r.latencyMs,
    r.timeToFirstTokenMs,
    r.promptTokens,
    r.completionTokens,
    r.finishReason,
    r.generatedText,
  ]);
  // LF line ends and no BOM: pandas.read_csv with no options reads it as is.
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\n`).join('');
}

/** Characters outside this set (a model id's `/`, spaces) are unsafe or awkward in a file name. */
function fileNamePart(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|_+$/g, '') || 'unnamed';
}

/** `bedside-run-<suite>-<model>-<YYYY-MM-DD>.<ext>`, dated by the run's start (UTC). */
export function runFileName(run: RunRecord, ext: 'json' | 'csv'): string {
  const date = new Date(run.startedAt).toISOString().slice(0, 10);
  return `bedside-run-${fileNamePart(run.suite.id)}-${fileNamePart(run.model.id)}-${date}.${ext}`;
}

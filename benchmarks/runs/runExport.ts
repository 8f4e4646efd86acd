import type { RunSummary } from '../metrics/summary';
import type { RunRecord, StoredItemResult } from '../../core/runRecord';
import { isPartialRun, selectionLabel } from './itemSelection';

/**
 * Exports of one benchmark run. The JSON holds everything needed to trace each shown number back to
 * its record (docs/architecture.md, "Run lifecycle"); the CSV is one row per item for pandas or a spreadsheet.
 */

export const RUN_EXPORT_FORMAT = 'bedside-run';
export const RUN_EXPORT_FORMAT_VERSION = 1;

export interface RunExport {
  format: typeof RUN_EXPORT_FORMAT;
  formatVersion: typeof RUN_EXPORT_FORMAT_VERSION;
  run: RunRecord;
  /** True when the run covers fewer than all of its suite's items; `selection` says which ones, in words. */
  partial?: boolean;
  selection?: string;
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
    partial: isPartialRun(run),
    selection: selectionLabel(run.config),
    summary,
    results: byIndex(results),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * The option letters the run scored, so a 4-option suite has no empty `p_E` column and a suite of more
 * options loses no probability; a run without option probabilities (generative) has none.
 */
function choiceLetters(results: readonly StoredItemResult[]): string[] {
  const letters = new Set<string>();
  for (const r of results) for (const l of Object.keys({ ...r.probs, ...r.logprobs })) letters.add(l);
  return [...letters].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
}

/** Milliseconds to a tenth, as timers resolve them: 812.5, never 812.4999999999998. */
function milliseconds(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms * 10) / 10;
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
    'partial',
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
    isPartialRun(run),
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
    milliseconds(r.latencyMs),
    milliseconds(r.timeToFirstTokenMs),
    r.promptTokens,
    r.completionTokens,
    r.finishReason,
    r.generatedText,
  ]);
  // A UTF-8 BOM, so spreadsheet programs read accents and CJK text as UTF-8 (pandas.read_csv skips it);
  // LF line ends.
  return `\uFEFF${[header, ...rows].map((row) => `${row.map(csvField).join(',')}\n`).join('')}`;
}

/** A start time as `YYYYMMDDTHHMMSSZ` (UTC, to the second). */
export function fileStamp(startedAt: number): string {
  return new Date(startedAt)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** Characters other than letters (of any script), digits, `.`, `_` and `-` (a model id's `/`, spaces) are unsafe or awkward in a file name. */
export function fileNamePart(text: string): string {
  return text.replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^[._]+|_+$/g, '') || 'unnamed';
}

/** A shipped suite by its id; an imported one by its name, as its id (`custom:<slug>:<hash>`) reads badly in a file name. */
function suiteFilePart(suite: RunRecord['suite']): string {
  return fileNamePart(suite.custom ? suite.name : suite.id);
}

/**
 * `bedside-run-<suite>-<model>-<mode>[-partial<N>]-<YYYYMMDDTHHMMSSZ>.<ext>`, stamped with the run's start
 * (UTC, to the second): two runs, even of one suite and model on one day, never share a file name.
 */
export function runFileName(run: RunRecord, ext: 'json' | 'csv'): string {
  const stamp = fileStamp(run.startedAt);
  const partial = isPartialRun(run) ? `-partial${run.itemIds.length}` : '';
  const model = fileNamePart(run.model.name || run.model.id);
  return `bedside-run-${suiteFilePart(run.suite)}-${model}-${fileNamePart(run.config.mode)}${partial}-${stamp}.${ext}`;
}

export type RunExportParse = { ok: true; doc: RunExport } | { ok: false; error: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads an "Export JSON" document back, checking the fields comparisons and the leaderboard rely on;
 * a bad file is refused with its name and the field at fault.
 */
export function parseRunExport(text: string, fileName: string): RunExportParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${fileName}: not valid JSON (${e instanceof Error ? e.message : String(e)}).` };
  }
  const fail = (field: string, expected: string) => ({ ok: false as const, error: `${fileName}, field "${field}": expected ${expected}.` });
  if (!isObject(value) || value.format !== RUN_EXPORT_FORMAT)
    return fail('format', `"${RUN_EXPORT_FORMAT}" (a Benchmarks "Export JSON" file)`);
  if (value.formatVersion !== RUN_EXPORT_FORMAT_VERSION) return fail('formatVersion', String(RUN_EXPORT_FORMAT_VERSION));
  const run = value.run;
  if (!isObject(run) || typeof run.id !== 'string' || !run.id) return fail('run.id', 'the run id');
  if (
    !isObject(run.suite) ||
    typeof run.suite.id !== 'string' ||
    typeof run.suite.version !== 'number' ||
    typeof run.suite.sha256 !== 'string'
  ) {
    return fail('run.suite', 'the suite id, version and sha256');
  }
  if (!isObject(run.model) || typeof run.model.id !== 'string' || typeof run.model.backend !== 'string')
    return fail('run.model', 'the model id and backend');
  if (!isObject(run.config) || !isObject(run.config.prompt) || typeof run.config.mode !== 'string')
    return fail('run.config', 'the run configuration');
  if (!Array.isArray(run.itemIds)) return fail('run.itemIds', 'the list of item ids');
  if (!Array.isArray(value.results)) return fail('results', 'a list of item results');
  // An item listed twice would be counted twice: n + 1 items, and a pairing that silently takes one of them.
  const firstAt = new Map<string, number>();
  for (let i = 0; i < value.results.length; i++) {
    const r: unknown = value.results[i];
    if (!isObject(r) || typeof r.itemId !== 'string') return fail(`results[${i}].itemId`, 'a string');
    if (typeof r.correct !== 'boolean') return fail(`results[${i}].correct`, 'true or false');
    const earlier = firstAt.get(r.itemId);
    if (earlier !== undefined) {
      return {
        ok: false,
        error: `${fileName}, field "results[${i}].itemId": item ${JSON.stringify(r.itemId)} is listed twice (also results[${earlier}]); a run scores each item once.`,
      };
    }
    firstAt.set(r.itemId, i);
  }
  const seenIds = new Set<unknown>();
  for (let i = 0; i < run.itemIds.length; i++) {
    const id: unknown = run.itemIds[i];
    if (typeof id !== 'string') return fail(`run.itemIds[${i}]`, 'an item id');
    if (seenIds.has(id)) return { ok: false, error: `${fileName}, field "run.itemIds[${i}]": item ${JSON.stringify(id)} is listed twice.` };
    seenIds.add(id);
  }
  if (!isObject(value.summary)) return fail('summary', 'the run summary');
  return { ok: true, doc: value as unknown as RunExport };
}

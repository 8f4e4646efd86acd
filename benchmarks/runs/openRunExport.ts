/**
 * The result document of one open-ended run, the same from the Benchmarks page's "Export JSON" and from
 * `npm run bench -- --suite-file`: the run with its config, the items as they were asked (prompts,
 * references, rubrics), every answer with its reference metrics, every grade, and the scores computed from
 * them. The CSV is one row per item for pandas or a spreadsheet.
 */
import type { Grade, OpenItem, ReferenceMetric } from '../../core/openEnded';
import type { OpenRunRecord, StoredOpenResult } from '../../core/openRunRecord';
import { isPartialRun, selectionLabel } from './itemSelection';
import { openRunScores, type OpenRunScores } from './openRunScores';
import { csvField, fileNamePart, fileStamp } from './runExport';

export const OPEN_RUN_EXPORT_FORMAT = 'bedside-open-run';
export const OPEN_RUN_EXPORT_FORMAT_VERSION = 1;

export interface OpenRunExport {
  format: typeof OPEN_RUN_EXPORT_FORMAT;
  formatVersion: typeof OPEN_RUN_EXPORT_FORMAT_VERSION;
  run: OpenRunRecord;
  partial: boolean;
  /** Which items the run covers, in words. */
  selection: string;
  /** The run's items, in its order. */
  items: OpenItem[];
  results: StoredOpenResult[];
  grades: Grade[];
  scores: OpenRunScores;
}

/** The document for a run, its items in the run's order; the scores are computed here, from what it holds. */
export function openRunExport(
  run: OpenRunRecord,
  suiteItems: readonly OpenItem[],
  results: readonly StoredOpenResult[],
  grades: readonly Grade[],
): OpenRunExport {
  const byId = new Map(suiteItems.map((i) => [i.id, i]));
  const items = run.itemIds.map((id) => {
    const item = byId.get(id);
    if (!item) throw new Error(`The suite ${run.suite.name} no longer holds item ${id} of this run.`);
    return item;
  });
  const ordered = [...results].sort((a, b) => a.index - b.index);
  return {
    format: OPEN_RUN_EXPORT_FORMAT,
    formatVersion: OPEN_RUN_EXPORT_FORMAT_VERSION,
    run,
    partial: isPartialRun(run),
    selection: selectionLabel(run.config),
    items,
    results: ordered,
    grades: [...grades],
    scores: openRunScores(items, ordered, grades, run.config.referenceMetrics.metrics),
  };
}

export function openRunToJson(doc: OpenRunExport): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

type Cell = string | number | boolean | null | undefined;

/**
 * One row per item: the answer, its reference metrics, each grader's rubric score of it (unclipped, as
 * HealthBench scores an answer) and, with a jury, the judges' mean and range.
 */
export function openRunToCsv(doc: OpenRunExport): string {
  const metrics: readonly ReferenceMetric[] = doc.run.config.referenceMetrics.metrics;
  const graders = doc.scores.rubric;
  const jury = new Map((doc.scores.jury?.items ?? []).map((j) => [j.itemId, j.jury]));
  const header = [
    'run_id',
    'suite',
    'model',
    'partial',
    'item_id',
    'index',
    'tags',
    'status',
    ...metrics,
    ...graders.map((g) => `rubric_score ${g.key}`),
    ...(doc.scores.jury ? ['jury_mean', 'jury_range'] : []),
    'latency_ms',
    'ttft_ms',
    'prompt_tokens',
    'completion_tokens',
    'finish_reason',
    'answer',
    'error',
  ];
  const tags = new Map(doc.items.map((i) => [i.id, (i.tags ?? []).join(' ')]));
  const rows = doc.results.map((r): Cell[] => [
    doc.run.id,
    doc.run.suite.id,
    doc.run.model.id,
    doc.partial,
    r.itemId,
    r.index,
    tags.get(r.itemId),
    r.error === undefined ? 'answered' : 'failed',
    ...metrics.map((m) => r.metrics[m]),
    ...graders.map((g) => g.score.items.find((i) => i.itemId === r.itemId)?.score),
    ...(doc.scores.jury ? [jury.get(r.itemId)?.mean, jury.get(r.itemId)?.range] : []),
    r.latencyMs,
    r.timeToFirstTokenMs,
    r.promptTokens,
    r.completionTokens,
    r.finishReason,
    r.answer,
    r.error,
  ]);
  // A UTF-8 BOM, as the multiple-choice CSV, so spreadsheets read CJK answers as UTF-8.
  return `\uFEFF${[header, ...rows].map((row) => `${row.map(csvField).join(',')}\n`).join('')}`;
}

/** `bedside-run-<suite>-<model>-open-ended[-partial<N>]-<stamp>.<ext>`, as multiple-choice runs are named. */
export function openRunFileName(run: OpenRunRecord, ext: 'json' | 'csv'): string {
  const partial = isPartialRun(run) ? `-partial${run.itemIds.length}` : '';
  const model = fileNamePart(run.model.name || run.model.id);
  return `bedside-run-${fileNamePart(run.suite.id)}-${model}-open-ended${partial}-${fileStamp(run.startedAt)}.${ext}`;
}

export type OpenRunExportParse = { ok: true; doc: OpenRunExport } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a parsed JSON file is an open-ended run's document (to route it apart from multiple-choice runs). */
export function isOpenRunExport(value: unknown): boolean {
  return isObject(value) && value.format === OPEN_RUN_EXPORT_FORMAT;
}

/**
 * Reads a result document back, checking what Paired runs and the Leaderboard rely on; a bad file is
 * refused with its name and the field at fault. Its scores are computed again from its items, answers and
 * grades, never taken from the file.
 */
export function parseOpenRunExport(text: string, fileName: string): OpenRunExportParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${fileName}: not valid JSON (${e instanceof Error ? e.message : String(e)}).` };
  }
  const fail = (field: string, expected: string) => ({ ok: false as const, error: `${fileName}, field "${field}": expected ${expected}.` });
  if (!isObject(value) || value.format !== OPEN_RUN_EXPORT_FORMAT) return fail('format', `"${OPEN_RUN_EXPORT_FORMAT}"`);
  if (value.formatVersion !== OPEN_RUN_EXPORT_FORMAT_VERSION) return fail('formatVersion', String(OPEN_RUN_EXPORT_FORMAT_VERSION));
  const run = value.run;
  if (!isObject(run) || typeof run.id !== 'string' || !run.id) return fail('run.id', 'the run id');
  if (run.kind !== 'open-ended') return fail('run.kind', '"open-ended"');
  if (
    !isObject(run.suite) ||
    typeof run.suite.id !== 'string' ||
    typeof run.suite.version !== 'number' ||
    typeof run.suite.sha256 !== 'string'
  )
    return fail('run.suite', 'the suite id, version and sha256');
  if (!isObject(run.model) || typeof run.model.id !== 'string' || typeof run.model.name !== 'string')
    return fail('run.model', 'the model id and name');
  const config = run.config;
  if (!isObject(config) || !isObject(config.referenceMetrics) || !Array.isArray(config.referenceMetrics.metrics))
    return fail('run.config.referenceMetrics', 'the metrics the run computed');
  if (!Array.isArray(run.itemIds) || run.itemIds.some((id) => typeof id !== 'string')) return fail('run.itemIds', 'the list of item ids');
  if (!Array.isArray(value.items)) return fail('items', 'the run’s items');
  const itemIds = new Set<string>();
  for (const [i, item] of value.items.entries()) {
    if (!isObject(item) || typeof item.id !== 'string') return fail(`items[${i}].id`, 'an item id');
    if (!(typeof item.prompt === 'string' || Array.isArray(item.prompt))) return fail(`items[${i}].prompt`, 'a prompt');
    if (item.rubric !== undefined && !(Array.isArray(item.rubric) && item.rubric.every((c) => isObject(c) && typeof c.points === 'number')))
      return fail(`items[${i}].rubric`, 'a list of {criterion, points, tags}');
    itemIds.add(item.id);
  }
  if (!Array.isArray(value.results)) return fail('results', 'a list of answers');
  const seen = new Map<string, number>();
  for (const [i, r] of value.results.entries()) {
    if (!isObject(r) || typeof r.itemId !== 'string' || !itemIds.has(r.itemId))
      return fail(`results[${i}].itemId`, 'the id of one of the items');
    if (!(typeof r.answer === 'string' || r.answer === null))
      return fail(`results[${i}].answer`, 'the answer text, or null for a failed item');
    if (!isObject(r.metrics)) return fail(`results[${i}].metrics`, 'the answer’s reference metrics');
    const earlier = seen.get(r.itemId);
    if (earlier !== undefined)
      return {
        ok: false,
        error: `${fileName}, field "results[${i}].itemId": item ${JSON.stringify(r.itemId)} is listed twice (also results[${earlier}]); a run answers each item once.`,
      };
    seen.set(r.itemId, i);
  }
  if (!Array.isArray(value.grades)) return fail('grades', 'a list of grades');
  for (const [i, g] of value.grades.entries()) {
    if (!isObject(g) || (g.kind !== 'criterion' && g.kind !== 'rating')) return fail(`grades[${i}].kind`, '"criterion" or "rating"');
    if (!isObject(g.grader) || (g.grader.kind !== 'person' && g.grader.kind !== 'judge'))
      return fail(`grades[${i}].grader`, 'a person or a judge');
    if (typeof g.itemId !== 'string' || !itemIds.has(g.itemId)) return fail(`grades[${i}].itemId`, 'the id of one of the items');
    if (typeof g.at !== 'string') return fail(`grades[${i}].at`, 'when it was given');
  }
  const doc = value as unknown as OpenRunExport;
  return { ok: true, doc: openRunExport(doc.run, doc.items, doc.results, doc.grades) };
}

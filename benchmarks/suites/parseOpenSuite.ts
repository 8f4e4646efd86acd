/**
 * Validator for open-ended suites in Bedside's own formats, and the checks every open-ended import ends
 * with (unique ids, metrics each item can be scored by, header defaults).
 *
 * - JSONL: one JSON object per line; blank lines are ignored. The first non-blank line may be a header,
 *   recognised by `"kind": "open-ended"` (or a `suite` or `name` field and no `prompt`). Header fields,
 *   all optional: kind, suite, version, name, source, licence, sha256_of_source, count, language,
 *   use_restriction, metrics, source_files. Items: {id, prompt, reference? | references?, rubric?, tags?},
 *   prompt a string or [{role, content}] ending with the user's turn, rubric [{criterion, points, tags?}].
 * - CSV (RFC 4180): columns id, prompt, reference in any order (names trimmed, any case); no others. An
 *   empty reference cell means the item has none.
 *
 * Every line is checked before anything is returned; errors carry the 1-based line (for CSV, the line on
 * which the record starts) and the field or column at fault.
 */
import {
  OPEN_METRICS,
  REFERENCE_METRICS,
  type OpenItem,
  type OpenMetric,
  type OpenSuite,
  type OpenSuiteHeader,
} from '../../core/openEnded';
import { parseCsv } from './csv';
import { checkPrompt, checkRubric, checkStringList, checkText } from './openItemFields';
import { MAX_SUITE_ERRORS, type SuiteError } from './parseSuite';
import { checkProvenance, jsonObjectLines, render, type Fail, type Provenance } from './suiteFields';

export type ParseOpenSuiteResult = { ok: true; suite: OpenSuite } | { ok: false; errors: SuiteError[]; truncated: boolean };

export interface ParseOpenSuiteOptions {
  /** Lowercase hex SHA-256 of the file: the header's sha256_of_source unless the file states its own. */
  sha256: string;
  /** Suite id and display name when the file does not give them (derived from the file name). */
  id?: string;
  name?: string;
  maxErrors?: number;
}

/** One item that passed its checks, with the line it came from. */
export interface OpenRow {
  line: number;
  item: OpenItem;
  /** How the source format names the item's id, for errors (`prompt_id`, `Instances[3].id`); `id` when absent. */
  idField?: string;
}

/** What an import knows of its header: the file's own statements, the format's defaults, and where to report errors. */
export interface OpenHeaderInput {
  line: number;
  stated: Provenance & { metrics?: OpenMetric[] };
  defaults: { source: string; licence: string; language?: string; metrics?: OpenMetric[] };
}

/** Metrics that every item can be scored by when the header names none: its rubric, its references, or else ratings. */
function defaultMetrics(items: readonly OpenItem[]): OpenMetric[] {
  const metrics: OpenMetric[] = [];
  if (items.every((i) => i.rubric)) metrics.push('rubric');
  if (items.every((i) => i.references)) metrics.push(...REFERENCE_METRICS);
  return metrics.length > 0 ? metrics : ['rating'];
}

/**
 * The checks every open-ended import ends with: ids unique, each named metric computable for every item
 * (a rubric for `rubric`, references for the reference metrics), at least one item, then the header.
 */
export function finishOpenSuite(
  rows: readonly OpenRow[],
  errors: SuiteError[],
  header: OpenHeaderInput,
  options: ParseOpenSuiteOptions,
): ParseOpenSuiteResult {
  const seen = new Map<string, number>();
  for (const { line, item, idField } of rows) {
    const first = seen.get(item.id);
    if (first !== undefined) {
      errors.push({ line, field: idField ?? 'id', message: `expected a unique id but "${item.id}" was already used on line ${first}` });
    } else seen.set(item.id, line);
  }
  const items = rows.map((r) => r.item);
  const metrics = header.stated.metrics ?? header.defaults.metrics ?? defaultMetrics(items);
  for (const { line, item } of rows) {
    if (metrics.includes('rubric') && !item.rubric) {
      errors.push({ line, field: 'rubric', message: 'expected a rubric: the suite is scored by "rubric"' });
    }
    const named = metrics.filter((m) => (REFERENCE_METRICS as readonly string[]).includes(m));
    if (named.length > 0 && !item.references) {
      errors.push({ line, field: 'references', message: `expected at least one reference: the suite is scored by ${named.join(', ')}` });
    }
  }
  if (errors.length === 0 && rows.length === 0) errors.push({ line: 1, message: 'expected at least one item but the file has none' });
  const max = options.maxErrors ?? MAX_SUITE_ERRORS;
  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line);
    return { ok: false, errors: errors.slice(0, max), truncated: errors.length > max };
  }
  const { stated, defaults } = header;
  const id = stated.suite ?? options.id ?? `custom-${options.sha256.slice(0, 12)}`;
  const out: OpenSuiteHeader = {
    kind: 'open-ended',
    suite: id,
    version: stated.version ?? 1,
    name: stated.name ?? options.name ?? id,
    source: stated.source ?? defaults.source,
    licence: stated.licence ?? defaults.licence,
    sha256_of_source: stated.sha256_of_source ?? options.sha256,
    count: items.length,
    metrics,
  };
  const language = stated.language ?? defaults.language;
  if (language !== undefined) out.language = language;
  if (stated.use_restriction !== undefined) out.use_restriction = stated.use_restriction;
  if (stated.source_files !== undefined) out.source_files = stated.source_files;
  return { ok: true, suite: { header: out, items } };
}

function checkMetrics(value: unknown, fail: Fail): OpenMetric[] | undefined {
  if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((m) => (OPEN_METRICS as readonly unknown[]).includes(m)) &&
    new Set(value).size === value.length
  ) {
    return value as OpenMetric[];
  }
  fail('metrics', `expected a non-empty list of distinct metrics from ${OPEN_METRICS.join(', ')} but got ${render(value)}`);
  return undefined;
}

/** Bedside's open-ended item: {id, prompt, reference | references, rubric, tags}. */
function checkOpenItem(values: Record<string, unknown>, fail: Fail): OpenItem | undefined {
  let failed = false;
  const f: Fail = (field, message) => {
    failed = true;
    fail(field, message);
  };
  const id = checkText(values.id, 'id', f);
  const prompt = checkPrompt(values.prompt, 'prompt', f);
  let references: string[] | undefined;
  if (values.reference !== undefined && values.references !== undefined) {
    f('references', 'expected either "reference" (one) or "references" (several), not both');
  } else if (values.reference !== undefined) {
    const one = checkText(values.reference, 'reference', f);
    if (one !== undefined) references = [one];
  } else if (values.references !== undefined) {
    references = checkStringList(values.references, 'references', f, { distinct: false, nonEmpty: true });
  }
  const rubric = values.rubric === undefined ? undefined : checkRubric(values.rubric, 'rubric', f, { tagsRequired: false });
  const tags = values.tags === undefined ? undefined : checkStringList(values.tags, 'tags', f, { distinct: true, nonEmpty: false });
  if (failed || id === undefined || prompt === undefined) return undefined;
  const item: OpenItem = { id, prompt };
  if (references) item.references = references;
  if (rubric) item.rubric = rubric;
  if (tags && tags.length > 0) item.tags = tags;
  return item;
}

function isHeader(values: Record<string, unknown>): boolean {
  return values.kind !== undefined || (('suite' in values || 'name' in values) && !('prompt' in values));
}

function parseJsonl(text: string, options: ParseOpenSuiteOptions): ParseOpenSuiteResult {
  const errors: SuiteError[] = [];
  const lines = jsonObjectLines(text, errors);
  const first = lines[0];
  const head = first && isHeader(first.values) ? first : undefined;
  const rows: OpenRow[] = [];
  for (const { line, values } of head ? lines.slice(1) : lines) {
    const item = checkOpenItem(values, (field, message) => errors.push({ line, field, message }));
    if (item) rows.push({ line, item });
  }
  const line = head?.line ?? 1;
  const fail: Fail = (field, message) => errors.push({ line, field, message });
  const values = head?.values ?? {};
  if (values.kind !== undefined && values.kind !== 'open-ended') fail('kind', `expected "open-ended" but got ${render(values.kind)}`);
  const stated: OpenHeaderInput['stated'] = checkProvenance(values, lines.length - (head ? 1 : 0), fail);
  if (values.metrics !== undefined) {
    const metrics = checkMetrics(values.metrics, fail);
    if (metrics) stated.metrics = metrics;
  }
  return finishOpenSuite(rows, errors, { line, stated, defaults: { source: 'imported file', licence: 'unknown' } }, options);
}

const CSV_COLUMNS = ['id', 'prompt', 'reference'] as const;

function parseOpenCsv(text: string, options: ParseOpenSuiteOptions): ParseOpenSuiteResult {
  const errors: SuiteError[] = [];
  const csv = parseCsv(text);
  if (!csv.ok) return { ok: false, errors: [{ line: csv.line, message: csv.message }], truncated: false };
  const [head, ...body] = csv.records;
  const columns = (head?.fields ?? []).map((c) => c.trim().toLowerCase());
  columns.forEach((name, i) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) {
      errors.push({ line: head!.line, field: head!.fields[i], message: `expected only the columns ${CSV_COLUMNS.join(', ')}` });
    } else if (columns.indexOf(name) !== i) {
      errors.push({ line: head!.line, field: name, message: `expected each column once but "${name}" appears again` });
    }
  });
  for (const required of CSV_COLUMNS) {
    if (head && !columns.includes(required))
      errors.push({ line: head.line, field: required, message: `expected a column named "${required}" in the header row` });
  }
  const rows: OpenRow[] = [];
  if (errors.length === 0) {
    for (const record of body) {
      if (record.fields.length !== columns.length) {
        errors.push({
          line: record.line,
          message: `expected ${columns.length} fields (one per header column) but got ${record.fields.length}`,
        });
        continue;
      }
      // An empty reference cell means the item has none.
      const values = Object.fromEntries(
        columns.flatMap((c, i) => (c === 'reference' && record.fields[i]!.trim() === '' ? [] : [[c, record.fields[i]]])),
      );
      const item = checkOpenItem(values, (field, message) => errors.push({ line: record.line, field, message }));
      if (item) rows.push({ line: record.line, item });
    }
  }
  return finishOpenSuite(rows, errors, { line: 1, stated: {}, defaults: { source: 'imported file', licence: 'unknown' } }, options);
}

export function parseOpenSuite(text: string, format: 'jsonl' | 'csv', options: ParseOpenSuiteOptions): ParseOpenSuiteResult {
  return format === 'jsonl' ? parseJsonl(text, options) : parseOpenCsv(text, options);
}

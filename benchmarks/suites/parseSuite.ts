/**
 * Parser and validator for suite files, shipped or imported by a user. Pure and synchronous so it
 * runs the same in the browser, in the worker and in Node tests; the caller hashes the text
 * (WebCrypto or node:crypto) because hashing is async in browsers.
 *
 * Accepted formats
 * - JSONL: one JSON object per line; blank lines are ignored. The first non-blank line may be a
 *   header record, recognised by having a `suite` or `name` field and no `question` field. Header
 *   fields (all optional for custom suites): suite, version, name, source, licence,
 *   sha256_of_source, count (must equal the number of items), language, use_restriction,
 *   prompt_template, scoring, modes (a list of scoring modes), source_files, fewshot (exemplar items).
 *   Items: {id, question, options: {A: …, B: …}, answer: 'B' (or 'ACD' for a multi-answer item),
 *   subject?, context?, explanation?, image?}.
 * - CSV (RFC 4180: quoted fields may hold commas, line breaks and doubled quotes). The first row
 *   names the columns, in any order:
 *     id, question, answer   required
 *     A, B [, C … Z]         option texts, consecutive letters from A; at least A and B. Cells after
 *                            the last filled one are ignored, so 4- and 5-option questions can share
 *                            one file; an empty cell before a filled one is an error.
 *     subject, context,      optional; an empty cell means none
 *     explanation
 *   Column names are trimmed; `id`, `question`, … match case-insensitively, option letters too.
 *   CSV has no header record: name and id come from the options.
 *
 * Every line is checked before anything is returned; errors carry the 1-based line (for CSV, the line
 * on which the record starts) and the field or column at fault.
 */
import { parseCsv } from './csv';
import { checkIdentity, checkOrigin, isRecord, nonEmptyString, render, stripBom } from './suiteFields';
import { PROMPT_PLACEHOLDERS, SCORING_MODES } from '../../core/suite';
import type { ScoringMode, Suite, SuiteHeader, SuiteItem } from '../../core/suite';

export type SuiteFormat = 'jsonl' | 'csv';

export interface SuiteError {
  line: number;
  /** Field (JSONL) or column (CSV) at fault; absent when the whole line is wrong. */
  field?: string;
  /** What was expected and what was found. */
  message: string;
}

export type ParseSuiteResult =
  { ok: true; suite: Suite } | { ok: false; errors: SuiteError[]; /** More errors were found than are reported. */ truncated: boolean };

export interface ParseSuiteOptions {
  /** Lowercase hex SHA-256 of `text`: the header's sha256_of_source unless the file states its own. */
  sha256: string;
  /** Defaults to JSONL when the first non-blank character is `{`, CSV otherwise. */
  format?: SuiteFormat;
  /** Suite id and display name when the file does not give them (e.g. derived from the file name). */
  id?: string;
  name?: string;
  maxErrors?: number;
}

export const MAX_SUITE_ERRORS = 50;

export function formatSuiteError(error: SuiteError): string {
  const where = error.field === undefined ? `line ${error.line}` : `line ${error.line}, field "${error.field}"`;
  return `${where}: ${error.message}`;
}

export function detectSuiteFormat(text: string): SuiteFormat {
  return stripBom(text).trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

export function parseSuite(text: string, options: ParseSuiteOptions): ParseSuiteResult {
  const format = options.format ?? detectSuiteFormat(text);
  const errors: SuiteError[] = [];
  const parsed = format === 'jsonl' ? readJsonl(stripBom(text), errors) : readCsv(text, errors);
  const seenIds = new Map<string, number>();
  const items: SuiteItem[] = [];
  for (const row of parsed.rows) {
    const item = checkItem(row.values, row.line, errors, row.optionField, seenIds);
    if (item) items.push(item);
  }
  if (errors.length === 0 && parsed.rows.length === 0) {
    errors.push({ line: 1, message: 'expected at least one item but the file has none' });
  }
  const header = checkHeader(parsed.header, parsed.rows.length, options, errors);
  const max = options.maxErrors ?? MAX_SUITE_ERRORS;
  if (errors.length > 0 || !header) {
    errors.sort((a, b) => a.line - b.line);
    return { ok: false, errors: errors.slice(0, max), truncated: errors.length > max };
  }
  return { ok: true, suite: { header, items } };
}

interface RawRow {
  line: number;
  values: Record<string, unknown>;
  /** How an option letter is named in errors: `options.C` in JSONL, column `C` in CSV. */
  optionField: (letter: string) => string;
}

interface RawSuite {
  header?: { line: number; values: Record<string, unknown> };
  rows: RawRow[];
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
function readJsonl(text: string, errors: SuiteError[]): RawSuite {
  const result: RawSuite = { rows: [] };
  const optionField = (letter: string): string => `options.${letter}`;
  let first = true;
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const source = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (source.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (e) {
      errors.push({ line, message: `expected a JSON object but the line is not valid JSON (${(e as Error).message})` });
      first = false;
      return;
    }
    if (!isRecord(value)) {
      errors.push({ line, message: `expected a JSON object but got ${render(value)}` });
    } else if (first && ('suite' in value || 'name' in value) && !('question' in value)) {
      result.header = { line, values: value };
    } else {
      result.rows.push({ line, values: value, optionField });
    }
    first = false;
  });
  return result;
}

const CSV_NAMED_COLUMNS = ['id', 'question', 'answer', 'subject', 'context', 'explanation'] as const;

function readCsv(text: string, errors: SuiteError[]): RawSuite {
  const result: RawSuite = { rows: [] };
  const csv = parseCsv(text);
  if (!csv.ok) {
    errors.push({ line: csv.line, message: csv.message });
    return result;
  }
  const [head, ...body] = csv.records;
  if (!head) return result;

  const columns: string[] = [];
  const headerErrors: SuiteError[] = [];
  for (const rawName of head.fields) {
    const trimmed = rawName.trim();
    const name = /^[a-z]$/i.test(trimmed) ? trimmed.toUpperCase() : trimmed.toLowerCase();
    if (columns.includes(name)) {
      headerErrors.push({ line: head.line, field: name, message: `expected each column once but "${name}" appears again` });
    } else if (!LETTERS.includes(name) && !(CSV_NAMED_COLUMNS as readonly string[]).includes(name)) {
      headerErrors.push({
        line: head.line,
        field: rawName,
        message: 'expected one of the columns id, question, A, B, C, …, answer, subject, context, explanation',
      });
    }
    columns.push(name);
  }
  const letters = columns.filter((c) => c.length === 1 && LETTERS.includes(c)).sort();
  letters.forEach((letter, i) => {
    if (letter !== LETTERS[i]) {
      headerErrors.push({
        line: head.line,
        field: letter,
        message: `expected option columns to be consecutive letters from A, but column ${LETTERS[i]} is missing`,
      });
    }
  });
  for (const required of ['id', 'question', 'A', 'B', 'answer']) {
    if (!columns.includes(required)) {
      headerErrors.push({ line: head.line, field: required, message: `expected a column named "${required}" in the header row` });
    }
  }
  if (headerErrors.length > 0) {
    errors.push(...dedupe(headerErrors));
    return result;
  }

  for (const record of body) {
    if (record.fields.length !== columns.length) {
      errors.push({
        line: record.line,
        message: `expected ${columns.length} fields (one per header column) but got ${record.fields.length}`,
      });
      continue;
    }
    const cell = new Map(columns.map((c, i) => [c, record.fields[i] ?? '']));
    // Trailing empty option cells mean "fewer options"; A and B always count so an empty one is reported.
    let optionCount = 2;
    letters.forEach((letter, i) => {
      if ((cell.get(letter) ?? '').trim() !== '') optionCount = Math.max(optionCount, i + 1);
    });
    const options = Object.fromEntries(letters.slice(0, optionCount).map((l) => [l, cell.get(l) ?? '']));
    const values: Record<string, unknown> = {
      id: cell.get('id'),
      question: cell.get('question'),
      options,
      answer: cell.get('answer'),
    };
    for (const optional of ['subject', 'context', 'explanation'] as const) {
      const v = cell.get(optional);
      if (v !== undefined && v.trim() !== '') values[optional] = v;
    }
    result.rows.push({ line: record.line, values, optionField: (letter) => letter });
  }
  return result;
}

function dedupe(errors: SuiteError[]): SuiteError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field ?? ''}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function checkItem(
  values: Record<string, unknown>,
  line: number,
  errors: SuiteError[],
  optionField: (letter: string) => string,
  seenIds: Map<string, number>,
): SuiteItem | undefined {
  const before = errors.length;
  const fail = (field: string, message: string): void => {
    errors.push({ line, field, message });
  };

  const { id, question, answer, subject, context, explanation, image } = values;
  if (!nonEmptyString(id)) {
    fail('id', `expected a non-empty string but got ${render(id)}`);
  } else {
    const firstLine = seenIds.get(id);
    if (firstLine !== undefined) fail('id', `expected a unique id but "${id}" was already used on line ${firstLine}`);
    else seenIds.set(id, line);
  }
  if (!nonEmptyString(question)) fail('question', `expected a non-empty string but got ${render(question)}`);

  const options = checkOptions(values.options, fail, optionField);
  if (options) {
    const keys = Object.keys(options);
    if (typeof answer === 'string' && answer.length > 1 && !isAnswerOf(answer, keys)) {
      fail(
        'answer',
        `expected a multi-answer item's letters, distinct and in option order like "AC", from ${keys.join(', ')} but got ${render(answer)}`,
      );
    } else if (typeof answer !== 'string' || !isAnswerOf(answer, keys)) {
      fail('answer', `expected one of ${keys.join(', ')} but got ${render(answer)}`);
    }
  } else if (!nonEmptyString(answer)) {
    fail('answer', `expected an option letter but got ${render(answer)}`);
  }
  for (const [name, value] of [
    ['subject', subject],
    ['context', context],
    ['explanation', explanation],
    ['image', image],
  ] as const) {
    if (value !== undefined && value !== null && typeof value !== 'string') {
      fail(name, `expected a string but got ${render(value)}`);
    }
  }

  if (errors.length > before || !options || typeof id !== 'string' || typeof question !== 'string' || typeof answer !== 'string') {
    return undefined;
  }
  const item: SuiteItem = { id, question, options, answer };
  if (typeof subject === 'string' && subject.trim() !== '') item.subject = subject;
  if (typeof context === 'string' && context.trim() !== '') item.context = context;
  if (typeof explanation === 'string' && explanation.trim() !== '') item.explanation = explanation;
  if (typeof image === 'string' && image.trim() !== '') item.image = image;
  return item;
}

/** One option letter, or several distinct ones in option order (a multi-answer item's set, `"ACD"`). */
function isAnswerOf(answer: string, keys: readonly string[]): boolean {
  const positions = [...answer].map((letter) => keys.indexOf(letter));
  return positions.length > 0 && positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]!));
}

function checkOptions(
  value: unknown,
  fail: (field: string, message: string) => void,
  optionField: (letter: string) => string,
): Record<string, string> | undefined {
  if (!isRecord(value)) {
    fail('options', `expected an object of letter to option text, like {"A": "…", "B": "…"}, but got ${render(value)}`);
    return undefined;
  }
  const keys = Object.keys(value);
  if (keys.length < 2) {
    fail('options', `expected at least 2 options but got ${keys.length}`);
    return undefined;
  }
  const expected = LETTERS.slice(0, keys.length).split('');
  const sorted = [...keys].sort();
  if (keys.length > LETTERS.length || sorted.some((k, i) => k !== expected[i])) {
    fail('options', `expected the keys ${expected.join(', ')} but got ${keys.join(', ')}`);
    return undefined;
  }
  const options: Record<string, string> = {};
  let ok = true;
  for (const letter of expected) {
    const text = value[letter];
    if (!nonEmptyString(text)) {
      fail(optionField(letter), `expected a non-empty string but got ${render(text)}`);
      ok = false;
    } else {
      options[letter] = text;
    }
  }
  return ok ? options : undefined;
}

function checkHeader(
  raw: RawSuite['header'],
  itemCount: number,
  options: ParseSuiteOptions,
  errors: SuiteError[],
): SuiteHeader | undefined {
  const values = raw?.values ?? {};
  const line = raw?.line ?? 1;
  const before = errors.length;
  const fail = (field: string, message: string): void => {
    errors.push({ line, field, message });
  };
  const stated = checkIdentity(values, itemCount, fail);
  const template = values.prompt_template;
  if (template !== undefined) checkTemplate(template, fail);
  const scoring = values.scoring;
  if (scoring !== undefined && !(SCORING_MODES as readonly unknown[]).includes(scoring)) {
    fail('scoring', `expected one of ${SCORING_MODES.join(', ')} but got ${render(scoring)}`);
  }
  const modes = values.modes;
  if (
    modes !== undefined &&
    (!Array.isArray(modes) || modes.length === 0 || !modes.every((m) => (SCORING_MODES as readonly unknown[]).includes(m)))
  ) {
    fail('modes', `expected a non-empty list of ${SCORING_MODES.join(', ')} but got ${render(modes)}`);
  }
  if (Array.isArray(modes) && typeof scoring === 'string' && !modes.includes(scoring)) {
    fail('scoring', `"${scoring}" is not one of the suite's modes (${modes.join(', ')})`);
  }
  Object.assign(stated, checkOrigin(values, fail));
  const fewshot = values.fewshot === undefined ? undefined : checkFewshot(values.fewshot, line, errors);

  if (errors.length > before) return undefined;
  const id = stated.suite ?? options.id ?? `custom-${options.sha256.slice(0, 12)}`;
  const header: SuiteHeader = {
    suite: id,
    version: stated.version ?? 1,
    name: stated.name ?? options.name ?? id,
    source: stated.source ?? 'imported file',
    licence: stated.licence ?? 'unknown',
    sha256_of_source: stated.sha256_of_source ?? options.sha256,
    count: itemCount,
  };
  if (typeof template === 'string') header.prompt_template = template;
  if (typeof scoring === 'string') header.scoring = scoring as ScoringMode;
  if (Array.isArray(modes)) header.modes = [...new Set(modes as ScoringMode[])];
  if (stated.source_files) header.source_files = stated.source_files;
  if (stated.language !== undefined) header.language = stated.language;
  if (stated.use_restriction !== undefined) header.use_restriction = stated.use_restriction;
  if (fewshot) header.fewshot = fewshot;
  return header;
}

/** Exemplars are items like the others, checked the same way; their errors name `fewshot[i].field`. */
function checkFewshot(value: unknown, line: number, errors: SuiteError[]): SuiteItem[] | undefined {
  if (!Array.isArray(value)) {
    errors.push({ line, field: 'fewshot', message: `expected an array of items but got ${render(value)}` });
    return undefined;
  }
  const seenIds = new Map<string, number>();
  const items: SuiteItem[] = [];
  value.forEach((entry: unknown, i) => {
    const at = `fewshot[${i}]`;
    if (!isRecord(entry)) {
      errors.push({ line, field: at, message: `expected an item object but got ${render(entry)}` });
      return;
    }
    const own: SuiteError[] = [];
    const item = checkItem(entry, line, own, (letter) => `options.${letter}`, seenIds);
    errors.push(...own.map((e) => ({ ...e, field: `${at}.${e.field ?? ''}` })));
    if (item) items.push(item);
  });
  return items.length === value.length ? items : undefined;
}

function checkTemplate(template: unknown, fail: (field: string, message: string) => void): void {
  if (typeof template !== 'string') {
    fail('prompt_template', `expected a string but got ${render(template)}`);
    return;
  }
  const allowed = PROMPT_PLACEHOLDERS.map((p) => `{${p}}`).join(', ');
  for (const match of template.matchAll(/\{([^{}]*)\}/g)) {
    if (!(PROMPT_PLACEHOLDERS as readonly string[]).includes(match[1] ?? '')) {
      fail('prompt_template', `expected only the placeholders ${allowed} but got "${match[0]}"`);
    }
  }
  if (!template.includes('{question}')) {
    fail('prompt_template', 'expected the placeholder {question} but the template does not contain it');
  }
}

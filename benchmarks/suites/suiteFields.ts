/**
 * Field checks shared by the suite validators: JSON lines with their numbers, value rendering for
 * messages, and the provenance fields every suite header carries (id, version, name, source, licence,
 * hashes, count, language, use restriction, source files).
 */
import type { SourceFile } from '../../core/suite';
import type { SuiteError } from './parseSuite';

/** Reports one error on a field of the record being checked. */
export type Fail = (field: string, message: string) => void;

export const HEX64 = /^[0-9a-f]{64}$/;
/** A primary language subtag and optional further subtags (region, script): enough to filter and label by. */
export const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

export function stripBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Short rendering of a bad value for messages. */
export function render(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (isRecord(value)) return 'an object';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}…"` : json;
}

/** The non-blank lines of a JSONL text, each parsed as a JSON object; a line that is not one is an error. */
export function jsonObjectLines(text: string, errors: SuiteError[]): { line: number; values: Record<string, unknown> }[] {
  const rows: { line: number; values: Record<string, unknown> }[] = [];
  stripBom(text)
    .split('\n')
    .forEach((raw, index) => {
      const line = index + 1;
      const source = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (source.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(source);
      } catch (e) {
        errors.push({ line, message: `expected a JSON object but the line is not valid JSON (${(e as Error).message})` });
        return;
      }
      if (isRecord(value)) rows.push({ line, values: value });
      else errors.push({ line, message: `expected a JSON object but got ${render(value)}` });
    });
  return rows;
}

export function checkSourceFiles(value: unknown, fail: Fail): SourceFile[] | undefined {
  if (!Array.isArray(value)) {
    fail('source_files', `expected an array of {path, sha256, bytes} but got ${render(value)}`);
    return undefined;
  }
  const files: SourceFile[] = [];
  value.forEach((entry: unknown, i) => {
    const at = `source_files[${i}]`;
    if (!isRecord(entry)) {
      fail(at, `expected an object {path, sha256, bytes} but got ${render(entry)}`);
      return;
    }
    const { path, sha256, bytes } = entry;
    if (!nonEmptyString(path)) fail(`${at}.path`, `expected a non-empty string but got ${render(path)}`);
    if (!(typeof sha256 === 'string' && HEX64.test(sha256))) {
      fail(`${at}.sha256`, `expected 64 lowercase hex digits but got ${render(sha256)}`);
    }
    if (!(Number.isInteger(bytes) && (bytes as number) >= 0)) {
      fail(`${at}.bytes`, `expected a non-negative integer but got ${render(bytes)}`);
    }
    if (typeof path === 'string' && typeof sha256 === 'string' && typeof bytes === 'number') files.push({ path, sha256, bytes });
  });
  return files.length === value.length ? files : undefined;
}

/** The provenance fields a header states; absent fields stay undefined for the caller's defaults. */
export interface Provenance {
  suite?: string;
  version?: number;
  name?: string;
  source?: string;
  licence?: string;
  sha256_of_source?: string;
  language?: string;
  use_restriction?: string;
  source_files?: SourceFile[];
}

/** The identity fields of a header (id, name, source, licence, version, hash), and that a stated `count` equals the item count. */
export function checkIdentity(values: Record<string, unknown>, itemCount: number, fail: Fail): Provenance {
  const out: Provenance = {};
  for (const field of ['suite', 'name', 'source', 'licence'] as const) {
    const v = values[field];
    if (v === undefined) continue;
    if (nonEmptyString(v)) out[field] = v;
    else fail(field, `expected a non-empty string but got ${render(v)}`);
  }
  const { version, sha256_of_source: sha, count } = values;
  if (version !== undefined) {
    if (Number.isInteger(version) && (version as number) >= 1) out.version = version as number;
    else fail('version', `expected a positive integer but got ${render(version)}`);
  }
  if (sha !== undefined) {
    if (typeof sha === 'string' && HEX64.test(sha)) out.sha256_of_source = sha;
    else fail('sha256_of_source', `expected 64 lowercase hex digits but got ${render(sha)}`);
  }
  if (count !== undefined && count !== itemCount) {
    fail('count', `expected ${itemCount} (the number of items in the file) but got ${render(count)}`);
  }
  return out;
}

/** The origin fields of a header: its raw files, language and use restriction. */
export function checkOrigin(values: Record<string, unknown>, fail: Fail): Provenance {
  const out: Provenance = {};
  if (values.source_files !== undefined) {
    const files = checkSourceFiles(values.source_files, fail);
    if (files) out.source_files = files;
  }
  const { language, use_restriction: restriction } = values;
  if (language !== undefined) {
    if (typeof language === 'string' && LANGUAGE_TAG.test(language)) out.language = language;
    else fail('language', `expected a BCP 47 language tag such as "en", "zh" or "pt-BR" but got ${render(language)}`);
  }
  if (restriction !== undefined) {
    if (nonEmptyString(restriction)) out.use_restriction = restriction;
    else fail('use_restriction', `expected a non-empty string but got ${render(restriction)}`);
  }
  return out;
}

/** Every provenance field of a header record. */
export function checkProvenance(values: Record<string, unknown>, itemCount: number, fail: Fail): Provenance {
  return { ...checkIdentity(values, itemCount, fail), ...checkOrigin(values, fail) };
}

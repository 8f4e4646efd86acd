/**
 * The lesson file: one JSON document a teacher exports and opens on the classroom machine. A lesson
 * on an imported (custom) suite carries the lesson's items inside, since that machine may never have
 * imported the suite; a lesson on a shipped suite carries only ids.
 */
import type { Suite } from '../../../core/suite';
import { formatSuiteError, parseSuite } from '../../../benchmarks/suites/parseSuite';
import type { LessonRecord } from '../../../storage/records';
import { MAX_LESSON_ITEMS, pickItems } from './lessonLink';

export const LESSON_FILE_FORMAT = 'bedside-lesson';
export const LESSON_FILE_VERSION = 1;

/** A lesson as a file describes it: everything but its identity in this browser's storage. */
export type LessonDraft = Omit<LessonRecord, 'id' | 'createdAt' | 'updatedAt'>;

export type LessonFileResult = { ok: true; lesson: LessonDraft } | { ok: false; errors: string[] };

interface LessonFileItem {
  id: string;
  note?: string;
}

interface LessonFile {
  format: typeof LESSON_FILE_FORMAT;
  version: number;
  title: string;
  model: string;
  compare?: string;
  suite: string;
  items: LessonFileItem[];
  carriedSuite?: Suite;
}

/** The part of `suite` a lesson uses, in lesson order, as a suite of its own (its count adjusted). */
export function carriedSuite(suite: Suite, itemIds: readonly string[]): Suite {
  const picked = pickItems({ name: suite.header.name, items: suite.items }, itemIds, 'lesson');
  if (!picked.ok) throw new Error(picked.error);
  return { header: { ...suite.header, count: picked.items.length }, items: picked.items };
}

export function lessonFileText(lesson: LessonDraft): string {
  const file: LessonFile = {
    format: LESSON_FILE_FORMAT,
    version: LESSON_FILE_VERSION,
    title: lesson.title,
    model: lesson.modelId,
    ...(lesson.compareModelId ? { compare: lesson.compareModelId } : {}),
    suite: lesson.suiteId,
    items: lesson.itemIds.map((id) => (lesson.notes[id] ? { id, note: lesson.notes[id] } : { id })),
    ...(lesson.carriedSuite ? { carriedSuite: lesson.carriedSuite } : {}),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** `Cardiology, week 3` → `cardiology-week-3.lesson.json`; letters of any script stay (`中文 lesson` → `中文-lesson…`). */
export function lessonFileName(title: string): string {
  const slug = title
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '');
  return `${slug || 'lesson'}.lesson.json`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (isRecord(value)) return 'an object';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}…"` : json;
}

/**
 * Validates a lesson file completely before anything is stored; every error names its field. Whether
 * its model and shipped suite exist in this browser is checked by the caller (`unknownReference`).
 */
export function parseLessonFile(text: string): LessonFileResult {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, errors: [`The file is not valid JSON (${(e as Error).message}).`] };
  }
  if (!isRecord(value) || value.format !== LESSON_FILE_FORMAT) {
    const format = isRecord(value) ? shown(value.format) : shown(value);
    return { ok: false, errors: [`format: expected "${LESSON_FILE_FORMAT}" but got ${format}; this is not a Bedside lesson file.`] };
  }
  if (value.version !== LESSON_FILE_VERSION) {
    const newer = typeof value.version === 'number' && value.version > LESSON_FILE_VERSION;
    const why = newer ? ' (made by a newer Bedside; update this one)' : '';
    return { ok: false, errors: [`version: expected ${LESSON_FILE_VERSION} but got ${shown(value.version)}${why}.`] };
  }
  const doc: Record<string, unknown> = value;
  const errors: string[] = [];
  const text_ = (field: string, optional = false): string | undefined => {
    const v = doc[field];
    if (optional && v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      errors.push(`${field}: expected a non-empty string but got ${shown(v)}.`);
      return undefined;
    }
    return v.trim();
  };
  const title = text_('title');
  const modelId = text_('model');
  const compareModelId = text_('compare', true);
  const suiteId = text_('suite');
  if (compareModelId !== undefined && compareModelId === modelId) errors.push(`compare: expected a model other than "${modelId}".`);

  const itemIds: string[] = [];
  const notes: Record<string, string> = {};
  if (!Array.isArray(doc.items) || doc.items.length === 0) {
    errors.push(`items: expected a non-empty array of {id, note?} but got ${shown(doc.items)}.`);
  } else if (doc.items.length > MAX_LESSON_ITEMS) {
    errors.push(`items: expected at most ${MAX_LESSON_ITEMS} items but got ${doc.items.length}.`);
  } else {
    doc.items.forEach((item: unknown, i) => {
      const at = `items[${i}]`;
      if (!isRecord(item)) return void errors.push(`${at}: expected an object {id, note?} but got ${shown(item)}.`);
      if (typeof item.id !== 'string' || item.id.trim() === '')
        return void errors.push(`${at}.id: expected a non-empty string but got ${shown(item.id)}.`);
      if (itemIds.includes(item.id)) return void errors.push(`${at}.id: "${item.id}" is already item ${itemIds.indexOf(item.id)}.`);
      itemIds.push(item.id);
      if (item.note === undefined) return;
      if (typeof item.note !== 'string') return void errors.push(`${at}.note: expected a string but got ${shown(item.note)}.`);
      if (item.note.trim() !== '') notes[item.id] = item.note;
    });
  }

  let carried: Suite | undefined;
  if (doc.carriedSuite !== undefined) {
    carried = readCarriedSuite(doc.carriedSuite, errors);
    if (carried && errors.length === 0) {
      const picked = pickItems({ name: 'carriedSuite', items: carried.items }, itemIds, 'lesson file');
      if (!picked.ok) errors.push(`carriedSuite.items: ${picked.error}`);
    }
  }

  if (errors.length > 0 || !title || !modelId || !suiteId) return { ok: false, errors };
  return {
    ok: true,
    lesson: {
      title,
      modelId,
      ...(compareModelId ? { compareModelId } : {}),
      suiteId,
      itemIds,
      notes,
      ...(carried ? { carriedSuite: carried } : {}),
    },
  };
}

/** Validates carried items with the suite parser itself, mapping its line numbers back to fields. */
function readCarriedSuite(raw: unknown, errors: string[]): Suite | undefined {
  if (!isRecord(raw) || !isRecord(raw.header) || !Array.isArray(raw.items)) {
    errors.push(`carriedSuite: expected {header, items} but got ${shown(raw)}.`);
    return undefined;
  }
  const header = raw.header;
  // The suite parser takes a first line without `suite` or `name` for an item: say so in the header's terms.
  if (typeof header.suite !== 'string' && typeof header.name !== 'string') {
    errors.push("carriedSuite.header: expected the suite's header with its `suite` id and `name`.");
    return undefined;
  }
  if (typeof header.sha256_of_source !== 'string') {
    errors.push(`carriedSuite.header.sha256_of_source: expected the suite's SHA-256 but got ${shown(header.sha256_of_source)}.`);
    return undefined;
  }
  const jsonl = [header, ...raw.items].map((line) => JSON.stringify(line)).join('\n');
  const parsed = parseSuite(jsonl, { sha256: header.sha256_of_source, format: 'jsonl' });
  if (parsed.ok) return parsed.suite;
  for (const e of parsed.errors) {
    const where = e.line === 1 ? 'carriedSuite.header' : `carriedSuite.items[${e.line - 2}]`;
    errors.push(`${where}${e.field === undefined ? '' : `.${e.field}`}: ${e.message}.`);
  }
  if (parsed.truncated) errors.push(`carriedSuite: more errors than shown (${formatSuiteError(parsed.errors.at(-1)!)} was the last).`);
  return undefined;
}

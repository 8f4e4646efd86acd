import { describe, expect, it } from 'vitest';
import type { Suite } from '../../../core/suite';
import { carriedSuite, lessonFileName, lessonFileText, parseLessonFile, type LessonDraft } from './lessonFile';

const SHA = 'b'.repeat(64);
const custom: Suite = {
  header: {
    suite: 'custom-ward/round',
    version: 2,
    name: 'Ward round',
    source: 'imported file',
    licence: 'CC-BY',
    sha256_of_source: SHA,
    count: 3,
  },
  items: [
    { id: 'wr/1', question: 'First?', options: { A: 'a', B: 'b' }, answer: 'A' },
    { id: 'wr/2', question: 'Second?', options: { A: 'a', B: 'b', C: 'c' }, answer: 'C', explanation: 'Because c.', subject: 'cardio' },
    { id: 'wr/3', question: 'Third?', options: { A: 'a', B: 'b' }, answer: 'B' },
  ],
};

const shipped: LessonDraft = {
  title: 'Cardiology, week 3',
  modelId: 'stories260K',
  compareModelId: 'custom/tiny',
  suiteId: 'medqa-usmle-4',
  itemIds: ['medqa-usmle-4/0003', 'medqa-usmle-4/0001'],
  notes: { 'medqa-usmle-4/0001': 'Ask who has seen this.' },
};

function errorsOf(value: unknown): string[] {
  const result = parseLessonFile(typeof value === 'string' ? value : JSON.stringify(value));
  if (result.ok) throw new Error('expected the file to be refused');
  return result.errors;
}

const fileOf = (draft: LessonDraft) => JSON.parse(lessonFileText(draft)) as Record<string, unknown>;

describe('lesson file encoding', () => {
  it('round-trips a lesson on a shipped suite, order, notes and compare model included, with ids only', () => {
    const text = lessonFileText(shipped);
    expect(parseLessonFile(text)).toEqual({ ok: true, lesson: shipped });
    expect(text).not.toContain('carriedSuite');
  });

  it('carries the items of a custom suite, only those the lesson uses, in lesson order', () => {
    const draft: LessonDraft = {
      title: 'Ward',
      modelId: 'stories260K',
      suiteId: 'custom:ward-round:bbbbbbbbbbbb',
      itemIds: ['wr/3', 'wr/2'],
      notes: {},
      carriedSuite: carriedSuite(custom, ['wr/3', 'wr/2']),
    };
    expect(draft.carriedSuite!.header.count).toBe(2);
    const parsed = parseLessonFile(lessonFileText(draft));
    expect(parsed).toEqual({ ok: true, lesson: draft });
    expect(parsed.ok && parsed.lesson.carriedSuite!.items.map((i) => i.id)).toEqual(['wr/3', 'wr/2']);
    expect(parsed.ok && parsed.lesson.carriedSuite!.items[1]!.explanation).toBe('Because c.');
  });

  it('names the file after the title', () => {
    expect(lessonFileName('Cardiology, week 3')).toBe('cardiology-week-3.lesson.json');
    expect(lessonFileName('???')).toBe('lesson.lesson.json');
    // A title in another script keeps its letters, rather than becoming the bare default.
    expect(lessonFileName('中文 lesson')).toBe('中文-lesson.lesson.json');
    expect(lessonFileName('Révision : cardiologie')).toBe('révision-cardiologie.lesson.json');
    expect(lessonFileName('हिन्दी पाठ')).toBe('हिन्दी-पाठ.lesson.json');
  });
});

describe('lesson file validation', () => {
  it('refuses what is not a lesson file, with the reason', () => {
    expect(errorsOf('{"format": "bedside-lesson",')[0]).toMatch(/^The file is not valid JSON \(/);
    expect(errorsOf({ suite: 'x' })).toEqual(['format: expected "bedside-lesson" but got nothing; this is not a Bedside lesson file.']);
    expect(errorsOf([1, 2])).toEqual(['format: expected "bedside-lesson" but got an array; this is not a Bedside lesson file.']);
    expect(errorsOf({ ...fileOf(shipped), version: 9 })).toEqual([
      'version: expected 1 but got 9 (made by a newer Bedside; update this one).',
    ]);
  });

  it('names every bad field at once', () => {
    const file = {
      ...fileOf(shipped),
      title: ' ',
      model: 3,
      compare: undefined,
      items: [{ id: 'a' }, 'b', { id: '' }, { id: 'a' }, { id: 'c', note: 4 }],
    };
    expect(errorsOf(file)).toEqual([
      'title: expected a non-empty string but got " ".',
      'model: expected a non-empty string but got 3.',
      'items[1]: expected an object {id, note?} but got "b".',
      'items[2].id: expected a non-empty string but got "".',
      'items[3].id: "a" is already item 0.',
      'items[4].note: expected a string but got 4.',
    ]);
    expect(errorsOf({ ...fileOf(shipped), items: [] })).toEqual(['items: expected a non-empty array of {id, note?} but got an array.']);
    expect(errorsOf({ ...fileOf(shipped), compare: 'stories260K' })).toEqual(['compare: expected a model other than "stories260K".']);
  });

  it('validates carried items with the suite rules, naming the item and field', () => {
    const draft = {
      title: 'Ward',
      modelId: 'stories260K',
      suiteId: 'custom:ward-round:bbbbbbbbbbbb',
      itemIds: ['wr/1', 'wr/2'],
      notes: {},
    };
    const good = fileOf({ ...draft, carriedSuite: carriedSuite(custom, draft.itemIds) });
    const suite = good.carriedSuite as Suite;
    const bad = { ...good, carriedSuite: { header: suite.header, items: [suite.items[0], { ...suite.items[1], answer: 'E' }] } };
    expect(errorsOf(bad)).toEqual(['carriedSuite.items[1].answer: expected one of A, B, C but got "E".']);
    const headless = { ...good, carriedSuite: { header: { count: 2 }, items: suite.items } };
    expect(errorsOf(headless)).toEqual(["carriedSuite.header: expected the suite's header with its `suite` id and `name`."]);
    const short = { ...good, carriedSuite: { header: { ...suite.header, count: 1 }, items: [suite.items[0]] } };
    expect(errorsOf(short)).toEqual(['carriedSuite.items: The lesson file names an item that carriedSuite does not have: "wr/2".']);
    expect(parseLessonFile(JSON.stringify(good)).ok).toBe(true);
  });
});

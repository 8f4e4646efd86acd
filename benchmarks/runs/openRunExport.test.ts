import { describe, expect, it } from 'vitest';
import { parseCsv } from '../suites/csv';
import { openResult, openRunRecord, personVerdicts, rubricItems } from '../../testing/openRunRecords';
import { openRunExport, openRunFileName, openRunToCsv, openRunToJson, parseOpenRunExport } from './openRunExport';

const items = rubricItems(3);
const run = openRunRecord('run-1', { itemIds: ['q3', 'q1', 'q2'] });
const results = [openResult('run-1', 'q3', 0, 0.25), openResult('run-1', 'q1', 1, null), openResult('run-1', 'q2', 2, 0.75)];
const grades = [
  ...personVerdicts('run-1', 'q3', 'Ana', [true, false, false]),
  ...personVerdicts('run-1', 'q2', 'Ana', [true, true, true]),
  // A later verdict of the same criterion replaces the earlier one.
  ...personVerdicts('run-1', 'q2', 'Ana', [true, true, false], '2026-01-02T00:00:00.000Z').slice(2),
];

describe('the open-ended result document', () => {
  const doc = openRunExport(run, items, results, grades);

  it("holds the run's items in its order, its answers, its grades and the scores computed from them", () => {
    expect(doc.items.map((i) => i.id)).toEqual(['q3', 'q1', 'q2']);
    expect(doc.partial).toBe(false);
    expect(doc.selection).toBe('all items');
    expect(doc.scores).toMatchObject({ items: 3, answered: 2, failed: 1, graders: { people: 1, judges: 0 }, grades: 6, ungraded: 0 });
    // q3: 10/15; q2: 15/15 (the regrade); mean 5/6.
    expect(doc.scores.rubric[0]!.score.overall!.mean).toBeCloseTo(5 / 6, 12);
    expect(doc.scores.referenceMetrics['rouge-l']!.mean).toBeCloseTo(0.5, 12);
  });

  it('reads back from its JSON deep-equal, its scores computed again', () => {
    const parsed = parseOpenRunExport(openRunToJson(doc), 'run.json');
    expect(parsed).toEqual({ ok: true, doc });
  });

  it('a file with a field at fault is refused naming the file and the field', () => {
    const json = JSON.parse(openRunToJson(doc));
    const broken = (edit: (d: typeof json) => void) => {
      const copy = structuredClone(json);
      edit(copy);
      return parseOpenRunExport(JSON.stringify(copy), 'run.json');
    };
    expect(broken((d) => (d.results[2].itemId = 'q3'))).toEqual({
      ok: false,
      error: 'run.json, field "results[2].itemId": item "q3" is listed twice (also results[0]); a run answers each item once.',
    });
    expect(broken((d) => (d.results[0].answer = 42))).toEqual({
      ok: false,
      error: 'run.json, field "results[0].answer": expected the answer text, or null for a failed item.',
    });
    expect(broken((d) => (d.grades[1].itemId = 'q9'))).toEqual({
      ok: false,
      error: 'run.json, field "grades[1].itemId": expected the id of one of the items.',
    });
    expect(broken((d) => (d.run.kind = 'multiple-choice'))).toEqual({
      ok: false,
      error: 'run.json, field "run.kind": expected "open-ended".',
    });
    expect(parseOpenRunExport('{"format": "bedside-run"}', 'mc.json')).toEqual({
      ok: false,
      error: 'mc.json, field "format": expected "bedside-open-run".',
    });
  });

  it('the CSV has one row per answer in run order, its metric and each grader’s item score, as RFC 4180 reads it', () => {
    const csv = openRunToCsv(doc);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const parsed = parseCsv(csv);
    if (!parsed.ok) throw new Error(parsed.message);
    const [header, ...rows] = parsed.records.map((r) => r.fields);
    const column = (name: string) => rows.map((r) => r[header!.indexOf(name)]);
    expect(column('item_id')).toEqual(['q3', 'q1', 'q2']);
    expect(column('status')).toEqual(['answered', 'failed', 'answered']);
    expect(column('rouge-l')).toEqual(['0.25', '', '0.75']);
    expect(column('rubric_score person:Ana')).toEqual([String(10 / 15), '', '1']);
    expect(column('answer')).toEqual(['Answer to q3, "quoted", with a comma', '', 'Answer to q2, "quoted", with a comma']);
    expect(column('error')[1]).toMatch(/context window/);
    expect(column('tags')).toEqual(['theme:even', 'theme:even', 'theme:odd']);
  });

  it('is named like a multiple-choice run export, with open-ended as its mode', () => {
    expect(openRunFileName(run, 'json')).toBe('bedside-run-custom_ward_0123456789ab-Model_run-1-open-ended-20260102T030405Z.json');
  });
});

import { beforeEach, expect, test } from 'vitest';
import type { CriterionGrade, RatingGrade } from '../core/openEnded';
import { wipeAll } from './dataExport';
import { db } from './database';
import { listGrades, putGrade, putGrades } from './grades';
import { deleteOpenRun, putOpenRun } from './openRuns';

beforeEach(() => wipeAll());

const judge = { kind: 'judge', model: 'stories260K', prompt: { id: 'healthbench-grader-json', version: 1 } } as const;
const verdict = (itemId: string, criterion: number, grader: CriterionGrade['grader'], v: CriterionGrade['verdict'], at: string) =>
  ({ kind: 'criterion', runId: 'r1', itemId, criterion, grader, verdict: v, explanation: null, at }) satisfies CriterionGrade;
const rating = (scores: RatingGrade['scores'], at: string): RatingGrade => ({
  kind: 'rating',
  runId: 'r1',
  itemId: 'q1',
  grader: { kind: 'person', name: 'Ana' },
  scores,
  explanation: 'clear',
  at,
});

test('one grade per run, grader, item and criterion (−1 for a rating): a later grade replaces the earlier', async () => {
  await putGrades(
    [
      verdict('q1', 0, { kind: 'person', name: 'Ana' }, 'met', 't1'),
      verdict('q1', 0, { kind: 'person', name: 'Ben' }, 'not-met', 't1'),
      verdict('q1', 1, judge, 'ungraded', 't1'),
    ],
    null,
  );
  await putGrade(verdict('q1', 0, { kind: 'person', name: 'Ana' }, 'not-met', 't2'), null);
  await putGrade(rating({ accuracy: 2, completeness: 2, clarity: 2 }, 't1'), null);
  await putGrade(rating({ accuracy: 5, completeness: 4, clarity: 3 }, 't2'), null);
  await putGrade({ ...verdict('q1', 0, { kind: 'person', name: 'Ana' }, 'met', 't3'), runId: 'r2' }, null);

  const grades = await listGrades('r1', null);
  expect(grades).toHaveLength(4);
  expect(grades).toContainEqual(verdict('q1', 0, { kind: 'person', name: 'Ana' }, 'not-met', 't2'));
  expect(grades).toContainEqual(verdict('q1', 0, { kind: 'person', name: 'Ben' }, 'not-met', 't1'));
  expect(grades).toContainEqual(verdict('q1', 1, judge, 'ungraded', 't1'));
  // Given back as the Grade it was, without the key parts the store adds.
  expect(grades).toContainEqual(rating({ accuracy: 5, completeness: 4, clarity: 3 }, 't2'));
  expect(await (await db()).getAllKeys('grades')).toContainEqual(['r1', 'person:Ana', 'q1', -1]);
});

test('deleting an open-ended run deletes its grades, and no other run’s', async () => {
  await putOpenRun({ id: 'r1' } as never);
  await putGrades([verdict('q1', 0, judge, 'met', 't1'), { ...verdict('q1', 0, judge, 'met', 't1'), runId: 'r2' }], null);
  await deleteOpenRun('r1');
  expect(await listGrades('r1', null)).toEqual([]);
  expect(await listGrades('r2', null)).toHaveLength(1);
});

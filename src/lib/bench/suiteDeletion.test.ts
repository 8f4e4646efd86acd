import { expect, test } from 'vitest';
import { suiteDeletionQuestion } from './suiteDeletion';

test('a suite nothing uses is simply asked about', () => {
  expect(suiteDeletionQuestion('Ward quiz', { lessons: [], runs: { total: 0, unfinished: 0 } })).toBe('Delete the suite “Ward quiz”?');
});

test('the lessons and runs that use it are named, with what becomes of each', () => {
  expect(suiteDeletionQuestion('Ward quiz', { lessons: ['Week 3', 'Acute care', 'Night shift'], runs: { total: 2, unfinished: 1 } })).toBe(
    'Delete the suite “Ward quiz”? The lessons “Week 3”, “Acute care” and “Night shift” keep their questions, copied into each lesson. ' +
      '2 runs on it keep their results, but 1 unfinished run can no longer be resumed.',
  );
  expect(suiteDeletionQuestion('Ward quiz', { lessons: ['Week 3'], runs: { total: 1, unfinished: 0 } })).toBe(
    'Delete the suite “Ward quiz”? The lesson “Week 3” keeps its questions, copied into the lesson. 1 run on it keeps its results.',
  );
});

test('while the lock hides their titles, the lessons are counted', () => {
  expect(suiteDeletionQuestion('Ward quiz', { lessons: 2, runs: { total: 0, unfinished: 0 } })).toBe(
    'Delete the suite “Ward quiz”? 2 locked lessons keep their questions, copied into each lesson.',
  );
});

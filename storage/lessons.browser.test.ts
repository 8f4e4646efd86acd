import { beforeEach, expect, test } from 'vitest';
import { wipeAll } from './dataExport';
import { deleteLesson, listLessons, putLesson } from './lessons';
import type { LessonRecord } from './records';

const lesson = (id: string, updatedAt: number): LessonRecord => ({
  id,
  title: `Lesson ${id}`,
  modelId: 'stories260K',
  suiteId: 'medqa-usmle-4',
  itemIds: ['medqa-usmle-4/0002', 'medqa-usmle-4/0001'],
  notes: { 'medqa-usmle-4/0001': 'Ask who has seen this.' },
  createdAt: 1,
  updatedAt,
});

beforeEach(() => wipeAll());

test('lessons list newest first and come back whole, item order and notes included', async () => {
  await putLesson(lesson('a', 10), null);
  await putLesson(lesson('b', 20), null);
  expect(await listLessons(null)).toEqual([lesson('b', 20), lesson('a', 10)]);
  await deleteLesson('b');
  expect((await listLessons(null)).map((l) => l.id)).toEqual(['a']);
});

import { beforeEach, expect, test } from 'vitest';
import { wipeAll } from './dataExport';
import { deleteLesson, getLesson, listLessons, putLesson } from './lessons';
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
  await putLesson(lesson('a', 10));
  await putLesson(lesson('b', 20));
  expect((await listLessons()).map((l) => l.id)).toEqual(['b', 'a']);
  expect(await getLesson('a')).toEqual(lesson('a', 10));
  await deleteLesson('b');
  expect((await listLessons()).map((l) => l.id)).toEqual(['a']);
});

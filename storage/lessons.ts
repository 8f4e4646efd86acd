import { db } from './database';
import type { LessonRecord } from './records';

export async function putLesson(lesson: LessonRecord): Promise<void> {
  await (await db()).put('lessons', lesson);
}

/** Newest first, as the Classroom page lists them. */
export async function listLessons(): Promise<LessonRecord[]> {
  return (await (await db()).getAllFromIndex('lessons', 'byUpdated')).reverse();
}

export async function getLesson(id: string): Promise<LessonRecord | undefined> {
  return (await db()).get('lessons', id);
}

export async function deleteLesson(id: string): Promise<void> {
  await (await db()).delete('lessons', id);
}

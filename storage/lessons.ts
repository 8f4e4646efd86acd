import { db } from './database';
import type { LockKey } from './passphraseLock';
import type { LessonRecord } from './records';
import { openRecord, putSealed } from './sealedRecords';

/* Classroom lessons; their titles and notes are sealed while the lock is on. */

export async function putLesson(lesson: LessonRecord, key: LockKey | null): Promise<void> {
  await putSealed('lessons', lesson, key);
}

/** Newest first, as the Classroom page lists them. */
export async function listLessons(key: LockKey | null): Promise<LessonRecord[]> {
  const stored = await (await db()).getAllFromIndex('lessons', 'byUpdated');
  return Promise.all(stored.reverse().map((l) => openRecord('lessons', l, key)));
}

export async function deleteLesson(id: string): Promise<void> {
  await (await db()).delete('lessons', id);
}

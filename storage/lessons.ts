import { db } from './database';
import type { LockKey } from './passphraseLock';
import type { Suite } from '../core/suite';
import type { LessonAtRest, LessonRecord } from './records';
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

/** Stored lessons on `suiteId` that do not carry its items, as stored (their titles and notes may be sealed). */
export async function lessonsLeaningOn(suiteId: string): Promise<LessonAtRest[]> {
  return (await (await db()).getAll('lessons')).filter((l) => l.suiteId === suiteId && !l.carriedSuite);
}

/**
 * Each lesson takes along the items it uses, as a lesson file does, so it still presents once its suite
 * is deleted. Only the carried items are added: sealed titles and notes stay as they are.
 */
export async function carryItems(carried: { lesson: LessonAtRest; suite: Suite }[]): Promise<void> {
  const tx = (await db()).transaction('lessons', 'readwrite');
  await Promise.all([...carried.map(({ lesson, suite }) => tx.store.put({ ...lesson, carriedSuite: suite })), tx.done]);
}

/**
 * The items stored lessons carry for a suite this browser does not hold (from lesson files, or kept when
 * the suite was deleted), merged across lessons; undefined when none carries it. A lesson's link opens from them.
 */
export async function carriedSuiteFor(suiteId: string): Promise<Suite | undefined> {
  const carried = (await (await db()).getAll('lessons')).flatMap((l) => (l.suiteId === suiteId && l.carriedSuite ? [l.carriedSuite] : []));
  if (carried.length === 0) return undefined;
  const items = new Map(carried.flatMap((suite) => suite.items.map((item) => [item.id, item] as const)));
  return { header: { ...carried[0]!.header, count: items.size }, items: [...items.values()] };
}

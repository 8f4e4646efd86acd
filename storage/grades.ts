/**
 * The grades people and model judges give open-ended answers: one record per grade in the `grades` store.
 *
 *   key              [runId, graderKey(grader), itemId, criterion]; a 1–5 rating has criterion −1
 *   putGrade(g, k)   stores one grade; a later grade of the same criterion (or rating) by the same grader replaces it
 *   putGrades(gs, k) several at once, all or nothing (a judged item's criteria)
 *   listGrades(r, k) every grade of run r, as Grade records (LockedError while locked if any explanation is sealed)
 * Deleting an open-ended run (storage/openRuns.ts) deletes its grades with it.
 *
 * `k` is the passphrase lock's session key or null: explanations are a judge's text or a person's note,
 * so they are sealed under the lock (SEALED_TEXT.grades); verdicts, scores, graders and times stay plain.
 */
import { graderKey, type CriterionGrade, type Grade, type RatingGrade } from '../core/openEnded';
import { db } from './database';
import type { LockKey } from './passphraseLock';
import type { AtRest } from './records';
import { openRecord, refuseUnfitKey, sealedForKey } from './sealedRecords';

/** A grade as the store keys it: every grade carries its grader's key, and a rating the criterion −1. */
export type StoredGrade = (CriterionGrade | (RatingGrade & { criterion: -1 })) & { graderKey: string };

export type GradeAtRest =
  AtRest<CriterionGrade & { graderKey: string }, 'explanation'> | AtRest<RatingGrade & { criterion: -1; graderKey: string }, 'explanation'>;

export const RATING_CRITERION = -1;

export function storedGrade(grade: Grade): StoredGrade {
  return grade.kind === 'criterion'
    ? { ...grade, graderKey: graderKey(grade.grader) }
    : { ...grade, criterion: RATING_CRITERION, graderKey: graderKey(grade.grader) };
}

function gradeOf(stored: StoredGrade): Grade {
  if (stored.kind === 'criterion') {
    const { graderKey: _key, ...grade } = stored;
    return grade;
  }
  const { graderKey: _key, criterion: _criterion, ...grade } = stored;
  return grade;
}

export async function putGrade(grade: Grade, key: LockKey | null): Promise<void> {
  await putGrades([grade], key);
}

export async function putGrades(grades: readonly Grade[], key: LockKey | null): Promise<void> {
  const stored = await Promise.all(grades.map((g) => sealedForKey('grades', storedGrade(g), key)));
  const tx = (await db()).transaction(['grades', 'settings'], 'readwrite');
  for (const record of stored) await refuseUnfitKey(tx.objectStore('settings'), key, 'grades', record);
  for (const record of stored) await tx.objectStore('grades').put(record);
  await tx.done;
}

/** A run's grades, by grader, item and criterion (the key's order). */
export async function listGrades(runId: string, key: LockKey | null): Promise<Grade[]> {
  const rows = await (await db()).getAllFromIndex('grades', 'byRun', runId);
  return Promise.all(rows.map(async (r) => gradeOf(await openRecord('grades', r, key))));
}

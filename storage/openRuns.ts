import type { CustomOpenSuiteRecord, OpenRunRecord, StoredOpenResult } from '../core/openRunRecord';
import type { OpenItemResult } from '../core/openEnded';
import { db, deleteAllFrom } from './database';
import type { LockKey } from './passphraseLock';
import type { AtRest } from './records';
import { openRecord, putSealed } from './sealedRecords';

/* Open-ended runs, their answers (sealed under the lock: model text) and the open-ended suites the user imported. */

export type { CustomOpenSuiteRecord, OpenRunRecord, StoredOpenResult };

export type OpenResultAtRest = AtRest<StoredOpenResult, 'answer'>;

export async function putOpenRun(run: OpenRunRecord): Promise<void> {
  await (await db()).put('openRuns', run);
}

export async function getOpenRun(id: string): Promise<OpenRunRecord | undefined> {
  return (await db()).get('openRuns', id);
}

/** Newest first. */
export async function listOpenRuns(): Promise<OpenRunRecord[]> {
  return (await (await db()).getAllFromIndex('openRuns', 'byStarted')).reverse();
}

export async function patchOpenRun(id: string, patch: Partial<OpenRunRecord>): Promise<OpenRunRecord | undefined> {
  const tx = (await db()).transaction('openRuns', 'readwrite');
  const run = await tx.store.get(id);
  if (run) await tx.store.put({ ...run, ...patch });
  await tx.done;
  return run && { ...run, ...patch };
}

export async function putOpenResult(runId: string, result: OpenItemResult, key: LockKey | null): Promise<void> {
  await putSealed('openResults', { ...result, runId }, key);
}

/** A run's answers in item order. */
export async function listOpenResults(runId: string, key: LockKey | null): Promise<StoredOpenResult[]> {
  const rows = await (await db()).getAllFromIndex('openResults', 'byRun', runId);
  const results = await Promise.all(rows.map((r) => openRecord('openResults', r, key)));
  return results.sort((a, b) => a.index - b.index);
}

/** Answers stored and answers failed per run, counted without opening any text (the runs list reads it while locked). */
export async function openResultCounts(): Promise<Map<string, { done: number; failed: number }>> {
  const counts = new Map<string, { done: number; failed: number }>();
  let cursor = await (await db()).transaction('openResults').store.openCursor();
  for (; cursor; cursor = await cursor.continue()) {
    const c = counts.get(cursor.value.runId) ?? { done: 0, failed: 0 };
    c.done++;
    if (cursor.value.error !== undefined) c.failed++;
    counts.set(cursor.value.runId, c);
  }
  return counts;
}

/** Deletes a run with its answers and every grade given to them, together. */
export async function deleteOpenRun(id: string): Promise<void> {
  const tx = (await db()).transaction(['openRuns', 'openResults', 'grades'], 'readwrite');
  await deleteAllFrom(await tx.objectStore('openResults').index('byRun').openCursor(id));
  await deleteAllFrom(await tx.objectStore('grades').index('byRun').openCursor(id));
  await tx.objectStore('openRuns').delete(id);
  await tx.done;
}

export async function putCustomOpenSuite(suite: CustomOpenSuiteRecord): Promise<void> {
  await (await db()).put('openSuites', suite);
}

export async function listCustomOpenSuites(): Promise<CustomOpenSuiteRecord[]> {
  return (await db()).getAll('openSuites');
}

export async function deleteCustomOpenSuite(id: string): Promise<void> {
  await (await db()).delete('openSuites', id);
}

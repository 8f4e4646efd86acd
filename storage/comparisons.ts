import { db } from './database';
import type { LockKey } from './passphraseLock';
import type { ComparisonRecord } from './records';
import { openRecord, putSealed } from './sealedRecords';

/* Side-by-side comparisons; their prompts, replies, system prompts and titles are sealed while the lock is on. */

export async function putComparison(comparison: ComparisonRecord, key: LockKey | null): Promise<void> {
  await putSealed('comparisons', comparison, key);
}

/** Most recently updated first. */
export async function listComparisons(key: LockKey | null): Promise<ComparisonRecord[]> {
  const stored = await (await db()).getAllFromIndex('comparisons', 'byUpdated');
  return Promise.all(stored.reverse().map((c) => openRecord('comparisons', c, key)));
}

export async function deleteComparison(id: string): Promise<void> {
  await (await db()).delete('comparisons', id);
}

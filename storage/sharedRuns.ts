import { db } from './database';
import type { SharedRunRecord } from './records';

/** Stores a file unless one with its id is there already; true when it was new. */
export async function addSharedRun(record: SharedRunRecord): Promise<boolean> {
  const tx = (await db()).transaction('sharedRuns', 'readwrite');
  const exists = (await tx.store.getKey(record.id)) !== undefined;
  if (!exists) await tx.store.put(record);
  await tx.done;
  return !exists;
}

export async function listSharedRuns(): Promise<SharedRunRecord[]> {
  return (await (await db()).getAll('sharedRuns')).sort((a, b) => a.importedAt - b.importedAt);
}

export async function deleteSharedRun(id: string): Promise<void> {
  await (await db()).delete('sharedRuns', id);
}

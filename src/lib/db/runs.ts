import type { ItemResult } from '../../../benchmarks/runner/types';
import { db, deleteAllFrom } from './database';
import type { RunRecord, StoredItemResult } from './types';

// The schema types these stores loosely (database.ts); this module is where their shape is fixed.
type Loose = never;

export async function putRun(run: RunRecord): Promise<void> {
  await (await db()).put('runs', run as Loose);
}

export async function getRun(id: string): Promise<RunRecord | undefined> {
  return (await (await db()).get('runs', id)) as RunRecord | undefined;
}

export async function listRuns(): Promise<RunRecord[]> {
  const runs = (await (await db()).getAllFromIndex('runs', 'byStarted')) as unknown as RunRecord[];
  return runs.reverse();
}

export async function patchRun(id: string, patch: Partial<RunRecord>): Promise<RunRecord | undefined> {
  const database = await db();
  const tx = database.transaction('runs', 'readwrite');
  const run = (await tx.store.get(id)) as RunRecord | undefined;
  if (run) await tx.store.put({ ...run, ...patch } as Loose);
  await tx.done;
  return run && { ...run, ...patch };
}

export async function putResult(runId: string, result: ItemResult): Promise<void> {
  await (await db()).put('results', { ...result, runId } as Loose);
}

export async function listResults(runId: string): Promise<StoredItemResult[]> {
  const rows = (await (await db()).getAllFromIndex('results', 'byRun', runId)) as unknown as StoredItemResult[];
  return rows.sort((a, b) => a.index - b.index);
}

/** Deletes a run and its item results together. */
export async function deleteRun(id: string): Promise<void> {
  const tx = (await db()).transaction(['runs', 'results'], 'readwrite');
  await deleteAllFrom(await tx.objectStore('results').index('byRun').openCursor(id));
  await tx.objectStore('runs').delete(id);
  await tx.done;
}

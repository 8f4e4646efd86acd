import type { ResultCounts } from '../benchmarks/metrics/accuracy';
import type { ItemResult } from '../core/run';
import { db, deleteAllFrom } from './database';
import type { LockKey } from './passphraseLock';
import type { RunRecord, StoredItemResult } from './records';
import { openRecord, putSealed } from './sealedRecords';

export async function putRun(run: RunRecord): Promise<void> {
  await (await db()).put('runs', run);
}

export async function getRun(id: string): Promise<RunRecord | undefined> {
  return (await db()).get('runs', id);
}

export async function listRuns(): Promise<RunRecord[]> {
  const runs = await (await db()).getAllFromIndex('runs', 'byStarted');
  return runs.reverse();
}

export async function patchRun(id: string, patch: Partial<RunRecord>): Promise<RunRecord | undefined> {
  const database = await db();
  const tx = database.transaction('runs', 'readwrite');
  const run = await tx.store.get(id);
  if (run) await tx.store.put({ ...run, ...patch });
  await tx.done;
  return run && { ...run, ...patch };
}

/** A generated answer is model text: sealed while the page (or the worker running the benchmark) holds a key. */
export async function putResult(runId: string, result: ItemResult, key: LockKey | null): Promise<void> {
  await putSealed('results', { ...result, runId }, key);
}

export async function listResults(runId: string, key: LockKey | null): Promise<StoredItemResult[]> {
  const rows = await (await db()).getAllFromIndex('results', 'byRun', runId);
  const results = await Promise.all(rows.map((r) => openRecord('results', r, key)));
  return results.sort((a, b) => a.index - b.index);
}

/** Deletes a run and its item results together. */
export async function deleteRun(id: string): Promise<void> {
  const tx = (await db()).transaction(['runs', 'results'], 'readwrite');
  await deleteAllFrom(await tx.objectStore('results').index('byRun').openCursor(id));
  await tx.objectStore('runs').delete(id);
  await tx.done;
}

/** Items finished and correct per run, counted from the stored results: the one source of truth for a run's counts. */
export async function resultTallies(): Promise<Map<string, ResultCounts>> {
  const tallies = new Map<string, ResultCounts>();
  let cursor = await (await db()).transaction('results').store.openCursor();
  for (; cursor; cursor = await cursor.continue()) {
    const t = tallies.get(cursor.value.runId) ?? { done: 0, correct: 0, failed: 0 };
    t.done++;
    // A failed item is neither right nor wrong (benchmarks/metrics/accuracy.ts).
    if (cursor.value.error !== undefined) t.failed++;
    else if (cursor.value.correct) t.correct++;
    tallies.set(cursor.value.runId, t);
  }
  return tallies;
}

import { db } from './database';
import type { ComparisonRecord } from './records';

export async function putComparison(comparison: ComparisonRecord): Promise<void> {
  await (await db()).put('comparisons', comparison);
}

/** Most recently updated first. */
export async function listComparisons(): Promise<ComparisonRecord[]> {
  return (await (await db()).getAllFromIndex('comparisons', 'byUpdated')).reverse();
}

export async function deleteComparison(id: string): Promise<void> {
  await (await db()).delete('comparisons', id);
}

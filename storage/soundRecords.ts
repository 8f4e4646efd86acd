import type { StoreName } from './database';
import { recordProblem } from './recordSchemas';

/** A stored record that fails its store's schema: what it is, and the first thing wrong with it. */
export interface DamagedRecord {
  store: StoreName;
  id: string;
  problem: string;
}

/**
 * Splits records read from storage into the sound ones a view may render and the damaged ones it must
 * show as such: one bad record (hand-edited, or written by a buggy release) never blanks a page.
 */
export function sortSound<T>(store: StoreName, records: T[]): { sound: T[]; damaged: DamagedRecord[] } {
  const sound: T[] = [];
  const damaged: DamagedRecord[] = [];
  const ids = new Set<string>();
  for (const record of records) {
    const id = String((record as { id?: unknown })?.id ?? '?');
    const problem = recordProblem(store, record) ?? (ids.has(id) ? 'id: the same id appears twice' : null);
    if (problem) damaged.push({ store, id, problem });
    else sound.push(record);
    ids.add(id);
  }
  return { sound, damaged };
}

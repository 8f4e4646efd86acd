import type { ItemSelection, RunConfig } from '../../core/run';
import type { RunRecord } from '../../core/runRecord';

/** How "Items = N" picks its N items. */
export type ItemOrder = 'stratified' | 'first';

export const ITEM_ORDERS: readonly { id: ItemOrder; label: string }[] = [
  // The default: a quick run should span the subjects, not be the first subject of the file.
  { id: 'stratified', label: 'Stratified sample by subject (seeded)' },
  { id: 'first', label: 'First N in file order (lm-eval --limit)' },
];

/** The selection a run records: every item when N is 0 or covers the whole suite, so only a true subset is partial. */
export function selectionFor(limit: number, order: ItemOrder, suiteSize: number): ItemSelection {
  if (!(limit > 0) || limit >= suiteSize) return { kind: 'all' };
  return order === 'stratified' ? { kind: 'stratified', n: limit } : { kind: 'limit', n: limit };
}

/** A run over fewer than all of its suite's items: its accuracy is an estimate, not the suite's score. */
export function isPartialRun(run: { config: Pick<RunRecord['config'], 'selection'> }): boolean {
  return run.config.selection.kind !== 'all';
}

/** "stratified sample of 12 items by subject, seed 1234"; a missing seed reads "none", never a blank. */
export function selectionLabel(config: Pick<RunConfig, 'selection' | 'seed'>): string {
  const s = config.selection;
  const seed = Number.isInteger(config.seed) ? String(config.seed) : 'none';
  switch (s.kind) {
    case 'all':
      return 'all items';
    case 'limit':
      return `first ${s.n} ${s.n === 1 ? 'item' : 'items'} in file order (lm-eval --limit)`;
    case 'stratified':
      return `stratified sample of ${s.n} ${s.n === 1 ? 'item' : 'items'} by subject, seed ${seed}`;
  }
}

/** The seed field as typed: a whole number, or the sentence to show at the field. */
export function parseSeed(value: unknown): number | string {
  if (value === null || value === undefined || value === '') return 'Enter a seed (a whole number): it fixes which items a sample takes.';
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : `The seed must be a whole number (got ${String(value)}).`;
}

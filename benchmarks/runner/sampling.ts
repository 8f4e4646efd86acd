import { createRng, randomInt } from '../random';
import type { ItemSelection } from '../../core/run';

/**
 * Quick mode: n items stratified by subject, each subject in proportion to its size (within one item).
 * - Each subject's items are put in a seeded shuffled order; its k-th item (of S) gets the key
 *   (k + ½) / S, its quantile. All items are ordered by key (ties: larger subject, then name) and the
 *   first n are taken, so every subject's count is n·S/total rounded, give or take one.
 * - Because the sample is a prefix of one fixed order, a larger n keeps every item of a smaller one.
 * - The sample depends only on (items, n, seed) and is returned in the suite's original order.
 *   n ≥ items.length returns all items. Items without a subject form one stratum.
 */
export function stratifiedSample<T extends { subject?: string }>(items: readonly T[], n: number, seed: number): T[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Sample size must be a non-negative integer, got ${n}.`);
  if (n >= items.length) return [...items];

  const strata = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = item.subject ?? '';
    const indices = strata.get(key);
    if (indices) indices.push(index);
    else strata.set(key, [index]);
  });
  const subjects = [...strata.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rng = createRng(seed);
  const ranked: { index: number; key: number; size: number; subject: string }[] = [];
  for (const subject of subjects) {
    const indices = [...(strata.get(subject) ?? [])];
    for (let i = indices.length - 1; i > 0; i--) {
      const j = randomInt(rng, i + 1);
      [indices[i], indices[j]] = [indices[j]!, indices[i]!];
    }
    indices.forEach((index, k) => ranked.push({ index, key: (k + 0.5) / indices.length, size: indices.length, subject }));
  }
  ranked.sort((x, y) => x.key - y.key || y.size - x.size || (x.subject < y.subject ? -1 : x.subject > y.subject ? 1 : 0));
  return ranked
    .slice(0, n)
    .map((r) => r.index)
    .sort((a, b) => a - b)
    .map((i) => items[i]!);
}

/**
 * lm-eval's `--limit N`: the first N items of each task in file order. MMLU's subjects are separate
 * lm-eval tasks, so a suite whose subjects are tasks takes the first N of each subject.
 */
export function firstItems<T extends { subject?: string }>(items: readonly T[], n: number, perSubject: boolean): T[] {
  if (!perSubject) return items.slice(0, n);
  const taken = new Map<string, number>();
  return items.filter((item) => {
    const key = item.subject ?? '';
    const count = taken.get(key) ?? 0;
    taken.set(key, count + 1);
    return count < n;
  });
}

/** The items a run covers, in suite order. */
export function selectItems<T extends { subject?: string }>(items: readonly T[], selection: ItemSelection, seed: number): T[] {
  switch (selection.kind) {
    case 'all':
      return [...items];
    case 'limit':
      return firstItems(items, selection.n, selection.perSubject === true);
    case 'stratified':
      return stratifiedSample(items, selection.n, seed);
  }
}

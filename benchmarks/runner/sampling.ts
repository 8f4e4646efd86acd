import { createRng, randomInt } from '../random';
import type { ItemSelection } from '../../core/run';

/**
 * Quick mode: n items drawn per subject in proportion to the subject's size.
 * - Allocation by largest remainder: each subject gets floor(n·size/total), and the items left over
 *   go to the largest fractional parts (ties: larger subject, then subject name).
 * - Within a subject the items are the first ones of a seeded shuffle of that subject, shuffled in
 *   subject-name order, so the sample depends only on (items, n, seed), and a larger n keeps
 *   every item of a smaller one.
 * - Returned in the suite's original order. n ≥ items.length returns all items.
 * Items without a subject form one stratum.
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

  const allocation = subjects.map((subject) => {
    const size = strata.get(subject)?.length ?? 0;
    const exact = (n * size) / items.length;
    return { subject, size, count: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  const leftOver = n - allocation.reduce((a, s) => a + s.count, 0);
  [...allocation]
    .sort((x, y) => y.remainder - x.remainder || y.size - x.size || (x.subject < y.subject ? -1 : 1))
    .slice(0, leftOver)
    .forEach((s) => (s.count += 1));

  const rng = createRng(seed);
  const chosen: number[] = [];
  for (const { subject, count } of allocation) {
    const indices = [...(strata.get(subject) ?? [])];
    for (let i = indices.length - 1; i > 0; i--) {
      const j = randomInt(rng, i + 1);
      [indices[i], indices[j]] = [indices[j]!, indices[i]!];
    }
    chosen.push(...indices.slice(0, count));
  }
  return chosen.sort((a, b) => a - b).map((i) => items[i]!);
}

/** The items a run covers, in suite order. */
export function selectItems<T extends { subject?: string }>(items: readonly T[], selection: ItemSelection, seed: number): T[] {
  switch (selection.kind) {
    case 'all':
      return [...items];
    case 'limit':
      return items.slice(0, selection.n);
    case 'stratified':
      return stratifiedSample(items, selection.n, seed);
  }
}

import { describe, expect, it } from 'vitest';
import { selectItems, stratifiedSample } from './sampling';

function suite(sizes: Record<string, number>): { id: string; subject?: string }[] {
  // Interleave subjects so "original order" is not the same as "grouped by subject".
  const queues = Object.entries(sizes).map(([subject, size]) =>
    Array.from({ length: size }, (_, i) => ({ id: `${subject}-${i}`, subject })),
  );
  const items: { id: string; subject?: string }[] = [];
  while (queues.some((q) => q.length > 0))
    for (const q of queues) {
      const next = q.shift();
      if (next) items.push(next);
    }
  return items;
}

function countBySubject(items: { subject?: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item.subject ?? ''] = (counts[item.subject ?? ''] ?? 0) + 1;
  return counts;
}

describe('stratifiedSample', () => {
  const items = suite({ cardio: 60, renal: 30, neuro: 10 });

  it('is deterministic for the same n, seed and suite', () => {
    expect(stratifiedSample(items, 10, 1234)).toEqual(stratifiedSample(items, 10, 1234));
    expect(stratifiedSample(items, 10, 1234)).not.toEqual(stratifiedSample(items, 10, 99));
  });

  it('allocates in proportion to subject size', () => {
    // 10 of 100: cardio 60 → 6, renal 30 → 3, neuro 10 → 1 (no remainders).
    expect(countBySubject(stratifiedSample(items, 10, 1))).toEqual({ cardio: 6, renal: 3, neuro: 1 });
  });

  it('gives every subject its proportional share, give or take one item', () => {
    const sizes = { a: 5, b: 3, c: 2 };
    const small = suite(sizes);
    for (let n = 0; n <= small.length; n++) {
      const counts = countBySubject(stratifiedSample(small, n, 7));
      for (const [subject, size] of Object.entries(sizes)) {
        expect(Math.abs((counts[subject] ?? 0) - (n * size) / small.length)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('returns items in original suite order', () => {
    const sample = stratifiedSample(items, 20, 5);
    const positions = sample.map((s) => items.indexOf(s));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('is nested: every n keeps every item of n − 1, for every n and several seeds', () => {
    for (const seed of [1, 3, 42]) {
      let previous = new Set<string>();
      for (let n = 0; n <= items.length; n++) {
        const current = new Set(stratifiedSample(items, n, seed).map((s) => s.id));
        expect(current.size).toBe(n);
        for (const id of previous) expect(current.has(id)).toBe(true);
        previous = current;
      }
    }
  });

  it('returns all items when n ≥ size, none for 0, and refuses bad n', () => {
    expect(stratifiedSample(items, 100, 1)).toEqual(items);
    expect(stratifiedSample(items, 500, 1)).toEqual(items);
    expect(stratifiedSample(items, 0, 1)).toEqual([]);
    expect(() => stratifiedSample(items, 2.5, 1)).toThrow(RangeError);
  });

  it('treats items without subject as one stratum', () => {
    const plain = Array.from({ length: 9 }, (_, i) => ({ id: String(i), subject: undefined }));
    expect(stratifiedSample(plain, 4, 2)).toHaveLength(4);
  });
});

describe('selectItems', () => {
  const items = suite({ a: 3, b: 3 });
  it('supports all, limit and stratified selections', () => {
    expect(selectItems(items, { kind: 'all' }, 0)).toEqual(items);
    expect(selectItems(items, { kind: 'limit', n: 2 }, 0)).toEqual(items.slice(0, 2));
    expect(countBySubject(selectItems(items, { kind: 'stratified', n: 2 }, 0))).toEqual({ a: 1, b: 1 });
  });

  it('takes lm-eval’s --limit per subject where subjects are tasks (MMLU), in file order', () => {
    const picked = selectItems(items, { kind: 'limit', n: 2, perSubject: true }, 0);
    expect(picked.map((i) => i.id)).toEqual(['a-0', 'b-0', 'a-1', 'b-1']);
    expect(selectItems(items, { kind: 'limit', n: 2, perSubject: false }, 0).map((i) => i.id)).toEqual(['a-0', 'b-0']);
  });
});

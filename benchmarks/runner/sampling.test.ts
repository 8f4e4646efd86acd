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

  it('gives left-over items to the largest remainders', () => {
    // 5 of 10 with sizes a 5, b 3, c 2: exact 2.5, 1.5, 1.0 → floors 2, 1, 1 (= 4);
    // one left over: a and b tie at .5, the larger subject (a) wins → a 3, b 1, c 1.
    const small = suite({ a: 5, b: 3, c: 2 });
    expect(countBySubject(stratifiedSample(small, 5, 7))).toEqual({ a: 3, b: 1, c: 1 });
    // 7 of 100: 4.2, 2.1, 0.7 → floors 4, 2, 0 (= 6); the largest remainder .7 → neuro 1.
    expect(countBySubject(stratifiedSample(items, 7, 7))).toEqual({ cardio: 4, renal: 2, neuro: 1 });
  });

  it('returns items in original suite order', () => {
    const sample = stratifiedSample(items, 20, 5);
    const positions = sample.map((s) => items.indexOf(s));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('keeps the items of a smaller sample when n grows', () => {
    const small = new Set(stratifiedSample(items, 10, 3).map((s) => s.id));
    const large = new Set(stratifiedSample(items, 40, 3).map((s) => s.id));
    for (const id of small) expect(large.has(id)).toBe(true);
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
});

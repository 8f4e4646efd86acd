import { beforeAll, describe, expect, test } from 'vitest';
import { db } from '../../../storage/database';
import { putRun } from '../../../storage/runs';
import type { RunRecord } from '../../../storage/records';
import { buildStores, type Stores } from '../app/stores';

function csv(rows: string[]): File {
  return new File([['id,question,A,B,C,D,answer', ...rows].join('\n') + '\n'], 'tricky.csv', { type: 'text/csv' });
}

describe('imported suites that share a name or a shipped id, and stored runs that are damaged', () => {
  let stores: Stores;
  beforeAll(async () => {
    stores = buildStores();
    await (await db()).clear('suites');
    await stores.benchmarks.init();
  });

  test('a different tricky.csv gets a new id and name; the first, which runs point at, is kept unchanged', async () => {
    const { benchmarks } = stores;
    expect(await benchmarks.importSuite(csv(['q1,First?,a,b,c,d,A']))).toBe(true);
    const first = benchmarks.suites.find((s) => s.custom && s.name === 'tricky')!;
    expect(await benchmarks.importSuite(csv(['q1,Second?,a,b,c,d,B']))).toBe(true);
    const custom = benchmarks.suites.filter((s) => s.custom);
    expect(custom.map((s) => s.name).sort()).toEqual(['tricky', 'tricky (2)']);
    expect(new Set(custom.map((s) => s.id)).size).toBe(2);
    expect(custom.find((s) => s.id === first.id)).toEqual(first);
    expect(custom.every((s) => s.id.startsWith('custom:'))).toBe(true);
    // The same file again is the same suite, not a third one.
    expect(await benchmarks.importSuite(csv(['q1,First?,a,b,c,d,A']))).toBe(true);
    expect(benchmarks.suites.filter((s) => s.custom)).toHaveLength(2);
  });

  test('a suite file whose header takes a shipped id is stored under its own id, beside the shipped suite', async () => {
    const { benchmarks } = stores;
    const shadow = [
      JSON.stringify({ suite: 'medqa-usmle-4', name: 'Shadow', version: 1, source: 's', licence: 'l', count: 1 }),
      JSON.stringify({ id: 'x1', question: 'Q?', options: { A: 'a', B: 'b' }, answer: 'A' }),
    ].join('\n');
    expect(await benchmarks.importSuite(new File([shadow], 'shadow.jsonl'))).toBe(true);
    const ids = benchmarks.suites.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(benchmarks.suites.find((s) => s.id === 'medqa-usmle-4')?.custom).toBe(false);
    expect(benchmarks.suites.find((s) => s.name === 'Shadow')?.id).toMatch(/^custom:medqa-usmle-4:/);
  });

  test('a stored run with suite and itemIds null is listed as damaged; the page loads every sound run', async () => {
    const broken = { id: 'broken-run', status: 'completed', suite: null, itemIds: null, startedAt: 1 } as unknown as RunRecord;
    await putRun(broken);
    const later = buildStores().benchmarks;
    await later.init();
    expect(later.error).toBeNull();
    expect(later.runs.some((r) => r.id === 'broken-run')).toBe(false);
    expect(later.damaged).toEqual([
      expect.objectContaining({ store: 'runs', id: 'broken-run', problem: expect.stringContaining('config') }),
    ]);
    await later.removeDamaged(later.damaged[0]!);
    expect(await (await db()).get('runs', 'broken-run')).toBeUndefined();
  });
});

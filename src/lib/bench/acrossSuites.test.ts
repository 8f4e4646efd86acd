import { expect, test } from 'vitest';
import type { RunRecord } from '../../../storage/records';
import type { ResultCounts } from '../../../benchmarks/metrics/accuracy';
import { acrossSuites } from './acrossSuites';

const counts = new Map<string, ResultCounts>();
const countsOf = (r: RunRecord) => counts.get(r.id)!;

function run(
  id: string,
  suite: string,
  done: number,
  correct: number,
  startedAt: number,
  extra: Partial<RunRecord> = {},
  failed = 0,
): RunRecord {
  counts.set(id, { done, correct, failed });
  return {
    id,
    status: 'completed',
    startedAt,
    itemIds: [],
    suite: { id: suite, name: suite, version: 1, sha256: '', source: '', licence: '', custom: false },
    model: { id: 'm', name: 'Model M', source: '', backend: 'wllama', quant: 'f32', engineVersion: '', threads: 1 },
    config: { mode: 'letter-logprob', selection: { kind: 'all' } } as RunRecord['config'],
    env: { appVersion: '', gitHash: '', userAgent: '', gpu: null, crossOriginIsolated: true },
    ...extra,
  };
}

test('macro averages suite accuracies, weighted pools their items, using the latest run of each suite', () => {
  const rows = acrossSuites(
    [
      run('old', 'medqa', 10, 10, 1),
      run('a', 'medqa', 100, 50, 2), // 0.5
      run('b', 'pubmedqa', 300, 90, 3), // 0.3
      run('c', 'mmlu', 50, 0, 4, { status: 'cancelled' }),
    ],
    countsOf,
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]!.suites).toEqual(['medqa', 'pubmedqa']);
  expect(rows[0]!.items).toBe(400);
  expect(rows[0]!.macro).toBeCloseTo(0.4, 10); // (0.5 + 0.3) / 2
  expect(rows[0]!.weighted).toBeCloseTo(140 / 400, 10);
});

test('a model with a single suite, or different modes, gets no across-suite row', () => {
  expect(
    acrossSuites(
      [
        run('a', 'medqa', 10, 5, 1),
        run('b', 'pubmedqa', 10, 5, 2, { config: { mode: 'generative', selection: { kind: 'all' } } as RunRecord['config'] }),
      ],
      countsOf,
    ),
  ).toEqual([]);
});

test('partial runs are left out of the averages unless asked for, and then the row says so', () => {
  const partial = { config: { mode: 'letter-logprob', selection: { kind: 'stratified', n: 12 } } as RunRecord['config'] };
  const runs = [run('a', 'medqa', 100, 50, 1), run('b', 'pubmedqa', 12, 12, 2, partial), run('c', 'mmlu', 100, 30, 3)];
  const [without] = acrossSuites(runs, countsOf);
  expect(without!.suites).toEqual(['medqa', 'mmlu']);
  expect(without!.partial).toBe(false);
  expect(without!.macro).toBeCloseTo(0.4, 10);
  const [withPartial] = acrossSuites(runs, countsOf, { includePartial: true });
  expect(withPartial!.suites).toEqual(['medqa', 'mmlu', 'pubmedqa']);
  expect(withPartial!.partial).toBe(true);
});

test('accuracy is over scored items: failed items are counted apart, and such a run is left out like a partial one', () => {
  // pubmedqa: 100 finished, 20 failed, 40 correct → 40 / 80 = 0.5, not 40 / 100.
  const runs = [run('a', 'medqa', 100, 30, 1), run('b', 'pubmedqa', 100, 40, 2, {}, 20), run('c', 'mmlu', 10, 5, 3)];
  const [without] = acrossSuites(runs, countsOf);
  expect(without!.suites).toEqual(['medqa', 'mmlu']);
  expect(without!.failed).toBe(0);
  const [withIt] = acrossSuites(runs, countsOf, { includePartial: true });
  expect(withIt!.suites).toEqual(['medqa', 'mmlu', 'pubmedqa']);
  expect(withIt!.partial).toBe(true);
  expect(withIt!.failed).toBe(20);
  expect(withIt!.items).toBe(100 + 10 + 80);
  expect(withIt!.macro).toBeCloseTo((0.3 + 0.5 + 0.5) / 3, 10);
  expect(withIt!.weighted).toBeCloseTo((30 + 40 + 5) / 190, 10);
});

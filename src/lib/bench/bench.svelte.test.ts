import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { listResults } from '../../../storage/runs';
import { listCustomSuites } from '../../../storage/customSuites';
import exampleCsv from '../../../examples/custom-suite.csv?raw';
import type { BenchStore } from './bench.svelte';
import { buildStores, type Stores } from '../app/stores';

describe('BenchStore on the real engine worker and real IndexedDB', () => {
  let stores: Stores;
  let bench: BenchStore;
  const created: string[] = [];
  // The load starts the worker and its WASM: slow on a busy machine, hence the longer timeout.
  beforeAll(async () => {
    stores = buildStores();
    await stores.device.probe();
    bench = stores.bench;
    await bench.init();
    expect(await stores.engine.load(stores.library.entry('stories260K')), stores.engine.error ?? '').toBe(true);
  }, 120_000);
  afterAll(async () => {
    for (const id of created) {
      if (bench.suites.some((s) => s.id === id)) await bench.deleteSuite(id);
      else await bench.removeRun(id);
    }
    await stores.engine.client.remote.unload();
  });

  function form(limit: number) {
    bench.pickSuite('medqa-usmle-4');
    Object.assign(bench.form, { mode: 'letter-logprob', limit, order: 'first', seed: 1234 });
  }

  test('lists the shipped suites', () => {
    const medqa = bench.suites.find((s) => s.id === 'medqa-usmle-4');
    expect(medqa).toMatchObject({ custom: false, defaultMode: 'letter-logprob' });
    expect(medqa!.count).toBeGreaterThan(100);
  });

  test('a run of a few items scores each one, stores it and shows the finished run', async () => {
    form(3);
    await bench.start();
    expect(bench.error).toBeNull();
    expect(bench.active).toBeNull();
    const run = bench.runs[0]!;
    created.push(run.id);
    expect(run.status).toBe('completed');
    expect(run.itemIds).toHaveLength(3);
    expect(run.model.id).toBe('stories260K');
    expect(run.suite.id).toBe('medqa-usmle-4');
    expect(bench.open?.run.id).toBe(run.id);
    expect(bench.open?.results.map((r) => r.itemId).sort()).toEqual([...run.itemIds].sort());
    for (const r of bench.open!.results) {
      expect(['A', 'B', 'C', 'D']).toContain(r.pred);
      expect(r.correct).toBe(r.pred === r.gold);
    }
  });

  test('a cancelled run resumes from its first unfinished item without scoring finished ones again', async () => {
    form(8);
    const starting = bench.start();
    await vi.waitUntil(() => bench.error !== null || (bench.active?.progress?.done ?? 0) >= 2, { timeout: 30_000, interval: 20 });
    expect(bench.error).toBeNull();
    const runId = bench.active!.runId;
    created.push(runId);
    await bench.cancel();
    await starting;
    const cancelled = bench.runs.find((r) => r.id === runId)!;
    expect(cancelled.status).toBe('cancelled');
    const before = await listResults(runId, null);
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(before.length).toBeLessThan(8);

    await bench.resume(runId);
    expect(bench.error).toBeNull();
    const resumed = bench.runs.find((r) => r.id === runId)!;
    expect(resumed.status).toBe('completed');
    const after = await listResults(runId, null);
    expect(after.map((r) => r.itemId).sort()).toEqual([...resumed.itemIds].sort());
    // Finished items are kept as they were, timings included: they were not scored a second time.
    for (const r of before) expect(after.find((a) => a.itemId === r.itemId)).toEqual(r);
  }, 120_000);

  test('imports a suite file, stores it, and runs it like a shipped one', async () => {
    expect(await bench.importSuite(new File([exampleCsv], 'custom-suite.csv'))).toBe(true);
    const imported = bench.selectedSuite!;
    created.push(imported.id);
    expect(bench.notice).toContain('Imported 3 items from custom-suite.csv');
    expect(imported).toMatchObject({ name: 'custom-suite', custom: true, count: 3 });
    expect((await listCustomSuites()).some((s) => s.id === imported.id)).toBe(true);

    Object.assign(bench.form, { mode: 'letter-logprob', limit: 0 });
    await bench.start();
    expect(bench.error).toBeNull();
    const run = bench.runs[0]!;
    created.push(run.id);
    expect(run).toMatchObject({ status: 'completed', suite: { id: imported.id, custom: true } });
    expect((await listResults(run.id, null)).map((r) => r.itemId).sort()).toEqual(['micro-1', 'pharm-1', 'pharm-2']);
  });

  test('a suite file with an error is refused line by line and stores nothing', async () => {
    const bad = 'id,question,A,B,answer\nq1,What?,yes,no,C\n';
    const before = (await listCustomSuites()).length;
    expect(await bench.importSuite(new File([bad], 'bad.csv'))).toBe(false);
    expect(bench.importErrors).toEqual({
      file: 'bad.csv',
      lines: ['line 2, field "answer": expected one of A, B but got "C"'],
      truncated: false,
    });
    expect(await listCustomSuites()).toHaveLength(before);
  });
});

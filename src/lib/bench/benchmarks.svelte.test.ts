import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { listResults } from '../../../storage/runs';
import { listCustomSuites } from '../../../storage/customSuites';
import exampleCsv from '../../../examples/custom-suite.csv?raw';
import type { BenchmarksStore } from './benchmarks.svelte';
import { buildStores, type Stores } from '../app/stores';
import suiteIndex from '../../../public/suites/index.json';
import type { SuiteIndex } from '../../../core/suite';

describe('BenchmarksStore on the real engine worker and real IndexedDB', () => {
  let stores: Stores;
  let benchmarks: BenchmarksStore;
  const created: string[] = [];
  // The load starts the worker and its WASM: slow on a busy machine, hence the longer timeout.
  beforeAll(async () => {
    stores = buildStores();
    await stores.device.probe();
    benchmarks = stores.benchmarks;
    await benchmarks.init();
    expect(await stores.engine.load(stores.library.entry('stories260K')), stores.engine.error ?? '').toBe(true);
  }, 120_000);
  afterAll(async () => {
    for (const id of created) {
      if (benchmarks.suites.some((s) => s.id === id)) await benchmarks.deleteSuite(id);
      else await benchmarks.removeRun(id);
    }
    await stores.engine.client.remote.unload();
  });

  function form(limit: number) {
    benchmarks.pickSuite('medqa-usmle-4');
    Object.assign(benchmarks.form, { mode: 'letter-logprob', limit, order: 'first', seed: 1234 });
  }

  test('lists the shipped suites', () => {
    const medqa = benchmarks.suites.find((s) => s.id === 'medqa-usmle-4');
    expect(medqa).toMatchObject({ custom: false, defaultMode: 'letter-logprob' });
    expect(medqa!.count).toBeGreaterThan(100);
  });

  test('a run of a few items scores each one, stores it and shows the finished run', async () => {
    form(3);
    await benchmarks.start();
    expect(benchmarks.error).toBeNull();
    expect(benchmarks.active).toBeNull();
    const run = benchmarks.runs[0]!;
    created.push(run.id);
    expect(run.status).toBe('completed');
    expect(run.itemIds).toHaveLength(3);
    expect(run.model.id).toBe('stories260K');
    expect(run.suite.id).toBe('medqa-usmle-4');
    expect(benchmarks.open?.run.id).toBe(run.id);
    expect(benchmarks.open?.results.map((r) => r.itemId).sort()).toEqual([...run.itemIds].sort());
    for (const r of benchmarks.open!.results) {
      expect(['A', 'B', 'C', 'D']).toContain(r.pred);
      expect(r.correct).toBe(r.pred === r.gold);
    }
  });

  test('a run is scored at the precision the form asks, the model loaded again at it: exact by default, fast when unticked', async () => {
    const atPrecision = async (exact: boolean) => {
      form(2);
      benchmarks.form.exact = exact;
      await benchmarks.start();
      expect(benchmarks.error).toBeNull();
      const run = benchmarks.runs[0]!;
      created.push(run.id);
      return { run, loaded: stores.engine.capabilities?.precision };
    };
    const fast = await atPrecision(false);
    expect(fast.loaded).toEqual({ precision: 'fast', kvCacheType: 'f16', flashAttention: true });
    expect(fast.run.config.protocol?.precision).toEqual(fast.loaded);
    const exact = await atPrecision(true);
    expect(exact.loaded).toEqual({ precision: 'exact', kvCacheType: 'f32', flashAttention: false });
    expect(exact.run.config.protocol).toMatchObject({ truncation: 'per-request', precision: exact.loaded });
  });

  test('a cancelled run resumes from its first unfinished item without scoring finished ones again', async () => {
    form(8);
    const starting = benchmarks.start();
    await vi.waitUntil(() => benchmarks.error !== null || (benchmarks.active?.progress?.done ?? 0) >= 2, { timeout: 30_000, interval: 20 });
    expect(benchmarks.error).toBeNull();
    const runId = benchmarks.active!.runId;
    created.push(runId);
    await benchmarks.cancel();
    await starting;
    const cancelled = benchmarks.runs.find((r) => r.id === runId)!;
    expect(cancelled.status).toBe('cancelled');
    const before = await listResults(runId, null);
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(before.length).toBeLessThan(8);

    await benchmarks.resume(runId);
    expect(benchmarks.error).toBeNull();
    const resumed = benchmarks.runs.find((r) => r.id === runId)!;
    expect(resumed.status).toBe('completed');
    const after = await listResults(runId, null);
    expect(after.map((r) => r.itemId).sort()).toEqual([...resumed.itemIds].sort());
    // Finished items are kept as they were, timings included: they were not scored a second time.
    for (const r of before) expect(after.find((a) => a.itemId === r.itemId)).toEqual(r);
  }, 120_000);

  test('imports a suite file, stores it, and runs it like a shipped one', async () => {
    expect(await benchmarks.importSuite(new File([exampleCsv], 'custom-suite.csv'))).toBe(true);
    const imported = benchmarks.selectedSuite!;
    created.push(imported.id);
    expect(benchmarks.notice).toContain('Imported 3 items from custom-suite.csv');
    expect(imported).toMatchObject({ name: 'custom-suite', custom: true, count: 3 });
    expect((await listCustomSuites()).some((s) => s.id === imported.id)).toBe(true);

    Object.assign(benchmarks.form, { mode: 'letter-logprob', limit: 0 });
    await benchmarks.start();
    expect(benchmarks.error).toBeNull();
    const run = benchmarks.runs[0]!;
    created.push(run.id);
    expect(run).toMatchObject({ status: 'completed', suite: { id: imported.id, custom: true } });
    expect((await listResults(run.id, null)).map((r) => r.itemId).sort()).toEqual(['micro-1', 'pharm-1', 'pharm-2']);
  });

  test('a suite file with an error is refused line by line and stores nothing', async () => {
    const bad = 'id,question,A,B,answer\nq1,What?,yes,no,C\n';
    const before = (await listCustomSuites()).length;
    expect(await benchmarks.importSuite(new File([bad], 'bad.csv'))).toBe(false);
    expect(benchmarks.importErrors).toEqual({
      file: 'bad.csv',
      lines: ['line 2, field "answer": expected one of A, B but got "C"'],
      truncated: false,
    });
    expect(await listCustomSuites()).toHaveLength(before);
  });

  test('the language filter names each language of the shipped suites once and lists only its suites', () => {
    const shipped = (suiteIndex as SuiteIndex).suites;
    const count = (code: string) => shipped.filter((s) => s.language === code).length;
    expect(benchmarks.languages.filter((l) => l.code !== 'und')).toEqual([
      { code: 'en', name: 'English (en)', suites: count('en') },
      { code: 'zh', name: 'Chinese (zh)', suites: count('zh') },
      { code: 'fr', name: 'French (fr)', suites: count('fr') },
      { code: 'es', name: 'Spanish (es)', suites: count('es') },
    ]);
    benchmarks.pickSuite('medqa-usmle-4');
    benchmarks.pickLanguage('zh');
    expect(benchmarks.shownSuites.map((s) => s.id)).toEqual(shipped.filter((s) => s.language === 'zh').map((s) => s.id));
    // MedQA USMLE is not Chinese: the form moves to the first Chinese suite, with its own default mode.
    expect(benchmarks.form.suiteId).toBe('cmexam');
    benchmarks.pickSuite('cmmlu-medical');
    benchmarks.pickLanguage('es');
    expect(benchmarks.shownSuites.map((s) => s.id)).toEqual(['headqa-es']);
    expect(benchmarks.form).toMatchObject({ suiteId: 'headqa-es', mode: 'option-logprob' });
    benchmarks.pickLanguage('');
    expect(benchmarks.shownSuites).toHaveLength(benchmarks.suites.length);
    expect(benchmarks.form.suiteId).toBe('headqa-es');
  });

  test('a run asks for what the form says: CMMLU five-shot, HEAD-QA with its figure items', async () => {
    benchmarks.pickSuite('cmmlu-medical');
    Object.assign(benchmarks.form, { mode: 'letter-logprob', limit: 2, order: 'first', nShot: 5 });
    await benchmarks.start();
    expect(benchmarks.error).toBeNull();
    const fewshot = benchmarks.runs[0]!;
    created.push(fewshot.id);
    expect(fewshot).toMatchObject({ status: 'completed', config: { nShot: 5, prompt: { id: 'cmmluLettered5shot' } } });

    benchmarks.pickSuite('headqa-en');
    Object.assign(benchmarks.form, { limit: 2, order: 'first', includeImageItems: true });
    await benchmarks.start();
    expect(benchmarks.error).toBeNull();
    const withFigures = benchmarks.runs[0]!;
    created.push(withFigures.id);
    expect(withFigures.config).toMatchObject({ nShot: 0, includeImageItems: true, excluded: { multiAnswer: 0, image: 0 } });
  }, 120_000);

  test('N counts the items a run may score: all of HEAD-QA’s 2,675 without a figure is the whole suite, not a sample', async () => {
    benchmarks.pickSuite('headqa-en');
    const eligible = benchmarks.selectedSuite!.count - benchmarks.selectedSuite!.imageItems;
    expect(eligible).toBe(2675);
    Object.assign(benchmarks.form, { limit: eligible, order: 'stratified' });
    const starting = benchmarks.start();
    await vi.waitUntil(() => benchmarks.error !== null || benchmarks.active !== null, { timeout: 30_000, interval: 20 });
    expect(benchmarks.error).toBeNull();
    const run = benchmarks.runs[0]!;
    created.push(run.id);
    await benchmarks.cancel();
    await starting;
    expect(run.config).toMatchObject({ selection: { kind: 'all' }, excluded: { multiAnswer: 0, image: 67 } });
    expect(run.itemIds).toHaveLength(eligible);
  }, 120_000);
});

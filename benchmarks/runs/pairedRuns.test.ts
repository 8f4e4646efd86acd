import { describe, expect, it } from 'vitest';
import { parseRunExport, runToJson } from './runExport';
import { compareDocument, comparePairedRuns } from './pairedRuns';
import { makeRunExport, pairedExports } from '../../testing/runExports';

describe('comparePairedRuns', () => {
  it('names a precision difference between the runs beside the numbers, as a protocol difference', () => {
    const [a, b] = pairedExports(8, 10, 2, 0);
    const protocol = {
      lmEval: 'v0.4.9.1',
      bos: true,
      scoring: 'canonical-split' as const,
      truncation: 'per-request' as const,
      maxLength: 2047,
    };
    a.run.config.protocol = { ...protocol, precision: { precision: 'exact', kvCacheType: 'f32', flashAttention: false } };
    b.run.config.protocol = { ...protocol, precision: { precision: 'fast', kvCacheType: 'f16', flashAttention: true } };
    const outcome = comparePairedRuns(a, b, { rounds: 100 });
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.comparison.protocolDifferences).toEqual([
      'Different precision: exact: f32 KV cache, no flash attention vs fast: f16 KV cache, flash attention.',
    ]);
    b.run.config.protocol = a.run.config.protocol;
    const same = comparePairedRuns(a, b, { rounds: 100 });
    expect(same.ok && same.comparison.protocolDifferences).toEqual([]);
  });

  it('refuses a run compared with itself, whichever copy of it each side holds', () => {
    const [a] = pairedExports(8, 10, 2, 0);
    const copy = JSON.parse(JSON.stringify(a)) as typeof a;
    expect(comparePairedRuns(a, copy, { rounds: 10 })).toEqual({
      ok: false,
      error:
        'Run A and run B are the same run (run-a): compared with itself, a run agrees on every item and says nothing. Pick two different runs.',
      canCompareCommon: false,
    });
  });

  it('pairs only the items both runs scored: a failed item is neither right nor wrong, and is counted', () => {
    const [a, b] = pairedExports(8, 10, 2, 0);
    // A failed its items 1 and 2 (both right in A before, and in B): they leave the pairs instead of counting as wrong.
    a.results = a.results.map((r, i) => (i < 2 ? { ...r, correct: false, error: 'the engine stopped' } : r));
    const outcome = comparePairedRuns(a, b, { rounds: 200 });
    if (!outcome.ok) throw new Error(outcome.error);
    const c = outcome.comparison;
    expect(c).toMatchObject({ failedInA: 2, failedInB: 0, onlyInA: 0, onlyInB: 0, commonOnly: false });
    expect(c.overall.table).toEqual({ n: 18, bothCorrect: 6, onlyA: 10, onlyB: 2, bothWrong: 0 });
    expect(c.overall.accA).toBe(16 / 18);
    expect(compareDocument(c)).toMatchObject({ n: 18, failed_a: 2, failed_b: 0 });
  });

  it('gives the 2×2 table, accuracies, McNemar p and a seeded bootstrap CI, overall and per subject', () => {
    const subjects = Array.from({ length: 20 }, (_, i) => (i % 2 ? 'anatomy' : 'cardiology'));
    const [a, b] = pairedExports(8, 10, 2, 0, subjects);
    const outcome = comparePairedRuns(a, b, { rounds: 500, seed: 3 });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const c = outcome.comparison;
    const doc = compareDocument(c);
    // b = 10, c = 2 → p = 2·79/4096; acc 18/20 and 10/20.
    expect(doc).toMatchObject({
      n: 20,
      both_correct: 8,
      only_a: 10,
      only_b: 2,
      both_wrong: 0,
      acc_a: 0.9,
      acc_b: 0.5,
      failed_a: 0,
      failed_b: 0,
    });
    expect(doc.diff).toBeCloseTo(0.4, 12);
    expect(doc.mcnemar_p).toBeCloseTo(158 / 4096, 12);
    expect(doc.diff_ci_low).toBeLessThan(0.4);
    expect(doc.diff_ci_high).toBeGreaterThan(0.4);
    expect(comparePairedRuns(a, b, { rounds: 500, seed: 3 })).toEqual(outcome);
    expect(c.perSubject.map((s) => [s.subject, s.table.n])).toEqual([
      ['anatomy', 10],
      ['cardiology', 10],
    ]);
    expect(c.perSubject.reduce((s, x) => s + x.table.onlyA, 0)).toBe(10);
    // The 12 discordant items, each with both runs' option probabilities.
    expect(c.disagreements).toHaveLength(12);
    expect(c.disagreements[0]).toMatchObject({ a: { pred: 'A', correct: true, probs: { A: 0.7 } }, b: { pred: 'B', correct: false } });
  });

  it('refuses runs of different items or suite versions, and compares the common items only when asked', () => {
    const a = makeRunExport({ id: 'a', correct: [true, true, false, true] });
    const b = makeRunExport({ id: 'b', correct: [true, false, false], itemIds: ['q001', 'q002', 'x9'] });
    const refused = comparePairedRuns(a, b);
    expect(refused).toEqual({
      ok: false,
      error:
        'The runs scored different items: 2 only in A, 1 only in B (of 4 and 3). A paired comparison needs the same items; you may compare the 2 items the runs have in common instead.',
      canCompareCommon: true,
    });
    const common = comparePairedRuns(a, b, { commonOnly: true, rounds: 100 });
    expect(common.ok && common.comparison.overall.table).toEqual({ n: 2, bothCorrect: 1, onlyA: 1, onlyB: 0, bothWrong: 0 });
    expect(common.ok && common.comparison.commonOnly).toBe(true);

    const v2 = makeRunExport({ id: 'c', correct: [true, true, false, true], suiteVersion: 2 });
    const versions = comparePairedRuns(a, v2);
    expect(versions.ok).toBe(false);
    expect(!versions.ok && versions.error).toMatch(/^The runs are of different suites or suite versions: A is medqa-usmle-4 version 1/);
    const disjoint = makeRunExport({ id: 'd', correct: [true], itemIds: ['zz'] });
    expect(comparePairedRuns(a, disjoint, { commonOnly: true })).toEqual({
      ok: false,
      error: 'The two runs have no item in common, so there is nothing to pair.',
      canCompareCommon: false,
    });
  });
});

describe('parseRunExport', () => {
  it('reads an export back and names the file and field of a bad one', () => {
    const doc = makeRunExport({ id: 'r', correct: [true, false] });
    const back = parseRunExport(runToJson(doc.run, doc.results, doc.summary), 'r.json');
    expect(back.ok).toBe(true);
    expect(back.ok && { run: back.doc.run, summary: back.doc.summary, results: back.doc.results }).toEqual({
      run: doc.run,
      summary: doc.summary,
      results: doc.results,
    });
    const broken = JSON.parse(runToJson(doc.run, doc.results, doc.summary));
    broken.results[1].correct = 'yes';
    expect(parseRunExport(JSON.stringify(broken), 'r.json')).toEqual({
      ok: false,
      error: 'r.json, field "results[1].correct": expected true or false.',
    });
    expect(parseRunExport('{"format":"x"}', 'o.json')).toMatchObject({
      ok: false,
      error: expect.stringContaining('o.json, field "format"'),
    });
  });
  it('refuses an export that lists an item twice, naming the id, so it is never compared as n + 1', () => {
    const doc = makeRunExport({ id: 'r', correct: [true, false, true] });
    const twice = JSON.parse(runToJson(doc.run, doc.results, doc.summary));
    twice.results.push({ ...twice.results[1], correct: true });
    expect(parseRunExport(JSON.stringify(twice), 'twice.json')).toEqual({
      ok: false,
      error: 'twice.json, field "results[3].itemId": item "q002" is listed twice (also results[1]); a run scores each item once.',
    });
    const listed = JSON.parse(runToJson(doc.run, doc.results, doc.summary));
    listed.run.itemIds.push('q001');
    expect(parseRunExport(JSON.stringify(listed), 'ids.json')).toEqual({
      ok: false,
      error: 'ids.json, field "run.itemIds[3]": item "q001" is listed twice.',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { LEADERBOARD_TASKS } from '../../../benchmarks/metrics/leaderboardAverage';
import { buildLeaderboard, cellKey, defaultRankKey, rankLeaderboard, type Leaderboard } from './leaderboard';
import { ranksByIntervals } from '../../../benchmarks/metrics/ranks';
import type { RunExport } from '../../../benchmarks/runs/runExport';
import { parseLmEvalResults } from '../../../benchmarks/metrics/lmEvalResults';
import { makeRunExport } from '../../../testing/runExports';
import { summarizeRun } from '../../../benchmarks/metrics/summary';

const pattern = (right: number, n: number) => Array.from({ length: n }, (_, i) => i < right);

/** The same export scored another way: generative answers, or another precision. */
function generative(doc: RunExport): RunExport {
  doc.run.config.mode = 'generative';
  doc.run.config.prompt = { id: 'chatLetter', version: 1, hash: 'g1' };
  doc.results = doc.results.map((r) => ({ ...r, mode: 'generative' }));
  return doc;
}
const EXACT = { precision: 'exact', kvCacheType: 'f32', flashAttention: false } as const;
const FAST = { precision: 'fast', kvCacheType: 'f16', flashAttention: true } as const;
function atPrecision(doc: RunExport, precision: typeof EXACT | typeof FAST): RunExport {
  doc.run.config.protocol = {
    lmEval: 'v0.4.9.1',
    bos: true,
    scoring: 'canonical-split',
    truncation: 'per-request',
    maxLength: 2047,
    precision,
  };
  return doc;
}

describe('buildLeaderboard', () => {
  it('makes a model × task table with Wilson intervals and checked provenance', () => {
    const board = buildLeaderboard(
      [
        { fileName: 'a.json', doc: makeRunExport({ id: 'a', modelId: 'm1', correct: pattern(15, 20) }) },
        { fileName: 'b.json', doc: makeRunExport({ id: 'b', modelId: 'm2', correct: pattern(5, 20) }) },
        { fileName: 'c.json', doc: makeRunExport({ id: 'c', modelId: 'm1', suiteId: 'pubmedqa', correct: pattern(10, 20) }) },
      ],
      [],
    );
    expect(board.columns.map((c) => c.id)).toEqual(['medqa-usmle-4', 'pubmedqa']);
    expect(board.rows.map((r) => r.label)).toEqual([
      'm1 (f32, wllama) · letter-logprob · precision not recorded',
      'm2 (f32, wllama) · letter-logprob · precision not recorded',
    ]);
    const m1 = board.rows[0]!;
    expect(m1.cells['medqa-usmle-4']).toMatchObject({ value: 0.75, n: 20, source: 'a' });
    // Wilson 95% for 15/20: 0.5313–0.8881.
    expect(m1.cells['medqa-usmle-4']!.low).toBeCloseTo(0.5313, 4);
    expect(m1.cells['medqa-usmle-4']!.high).toBeCloseTo(0.8881, 4);
    expect(m1.provenance.map((p) => [p.runId, p.problems])).toEqual([
      ['a', []],
      ['c', []],
    ]);
    expect(m1.average).toBeNull();
  });

  it('flags an export whose summary disagrees with its results', () => {
    const doc = makeRunExport({ id: 'a', correct: pattern(3, 4) });
    doc.summary = { ...doc.summary, correct: 4 };
    expect(buildLeaderboard([{ fileName: 'a.json', doc }], []).rows[0]!.provenance[0]!.problems).toEqual([
      'summary says 4/4, results say 3/4',
    ]);
  });

  it('ranks 1 + the rows whose interval lies wholly above, in either sort direction', () => {
    const board = buildLeaderboard(
      [
        { fileName: 'a', doc: makeRunExport({ id: 'a', modelId: 'strong', correct: pattern(95, 100) }) },
        { fileName: 'b', doc: makeRunExport({ id: 'b', modelId: 'close', correct: pattern(92, 100) }) },
        { fileName: 'c', doc: makeRunExport({ id: 'c', modelId: 'weak', correct: pattern(40, 100) }) },
      ],
      [],
    );
    const ranked = rankLeaderboard(board, 'medqa-usmle-4');
    expect(ranked.map((r) => [r.row.label.split(' ')[0], r.rank])).toEqual([
      ['strong', 1],
      ['close', 1],
      ['weak', 3],
    ]);
    expect(rankLeaderboard(board, 'medqa-usmle-4', false).map((r) => [r.row.label.split(' ')[0], r.rank])).toEqual([
      ['weak', 3],
      ['close', 1],
      ['strong', 1],
    ]);
  });

  it('counts failed items apart: the cell is over scored items, says how many failed, and the run stays out of the average', () => {
    const whole = (id: string, suiteId: string, correct: boolean[], subjects?: string[]) => ({
      fileName: `${id}.json`,
      doc: makeRunExport({ id, modelId: 'm', suiteId, correct, subjects, complete: true }),
    });
    const mmluSubjects = LEADERBOARD_TASKS.flatMap((t) => (t.subject ? [t.subject, t.subject] : []));
    const docs = [
      whole('medqa', 'medqa-usmle-4', pattern(5, 10)),
      whole('medmcqa', 'medmcqa-dev', pattern(5, 10)),
      whole('pubmedqa', 'pubmedqa', pattern(5, 10)),
      whole('mmlu', 'mmlu-medical', pattern(6, 12), mmluSubjects),
    ];
    expect(buildLeaderboard(docs, []).rows[0]!.average).not.toBeNull();
    const medqa = docs[0]!.doc;
    // Items 9 and 10 (both wrong) failed: 5 right of 8 scored, 2 failed; not 5 of 10.
    medqa.results = medqa.results.map((r, i) => (i >= 8 ? { ...r, error: 'the engine stopped' } : r));
    medqa.summary = summarizeRun(medqa.results);
    const board = buildLeaderboard(docs, []);
    expect(board.rows[0]!.cells['medqa-usmle-4']).toMatchObject({ value: 5 / 8, n: 8, failed: 2, notes: ['2 failed'] });
    expect(board.rows[0]!.provenance[0]!.problems).toEqual([]);
    expect(board.rows[0]!.average).toBeNull();
  });

  it('shows lm-eval results as external rows with the nine-task average when complete', () => {
    const results: Record<string, Record<string, number | string>> = {
      medqa_4options: { 'acc,none': 0.6, 'acc_stderr,none': 0.01 },
      medmcqa: { 'acc,none': 0.5, 'acc_stderr,none': 0.01 },
      pubmedqa: { acc: 0.7, acc_stderr: 0.02 },
      hellaswag: { 'acc,none': 0.9 },
    };
    for (const t of LEADERBOARD_TASKS.filter((x) => x.subject)) results[`mmlu_${t.subject}`] = { 'acc,none': 0.8, 'acc_stderr,none': 0.03 };
    const parsed = parseLmEvalResults(
      { results, config: { model: 'hf', model_args: 'pretrained=org/med-7b,dtype=bfloat16' }, lm_eval_version: '0.4.5' },
      'results_2025.json',
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.results.model).toBe('org/med-7b');
    const board = buildLeaderboard([], [parsed.results]);
    const row = board.rows[0]!;
    expect(row.external).toBe(true);
    expect(row.label).toBe('org/med-7b (external: lm-evaluation-harness)');
    expect(board.columns).toHaveLength(9);
    // (0.6 + 0.5 + 0.7 + 6·0.8)/9 = 6.6/9.
    expect(row.average!.value).toBeCloseTo(6.6 / 9, 12);
    expect(row.cells['medqa-usmle-4']!.low).toBeCloseTo(0.6 - 1.959964 * 0.01, 5);
    expect(row.cells['medqa-usmle-4']!.notes).toEqual([]);
    expect(parseLmEvalResults({ results: { hellaswag: {} } }, 'r.json')).toMatchObject({
      ok: false,
      error: expect.stringContaining('r.json: no Open Medical-LLM'),
    });
  });

  it('labels a Wilson interval where lm-eval wrote "N/A", and keeps a --limit run out of the average', () => {
    const results: Record<string, Record<string, number | string>> = {
      medqa_4options: { 'acc,none': 700 / 1273, 'acc_stderr,none': 'N/A' },
      medmcqa: { 'acc,none': 0.5, 'acc_stderr,none': 0.01 },
      pubmedqa: { 'acc,none': 0.7, 'acc_stderr,none': 0.02 },
    };
    for (const t of LEADERBOARD_TASKS.filter((x) => x.subject)) results[`mmlu_${t.subject}`] = { 'acc,none': 0.8, 'acc_stderr,none': 0.03 };
    const file = (limit: number | null) => ({
      results,
      'n-samples': { medqa_4options: { original: 1273, effective: 1273 } },
      config: { model: 'hf', model_args: { pretrained: 'org/med-7b' }, limit },
    });
    const whole = parseLmEvalResults(file(null), 'whole.json');
    const partial = parseLmEvalResults(file(100), 'partial.json');
    if (!whole.ok || !partial.ok) throw new Error('not parsed');
    const board = buildLeaderboard([], [whole.results, partial.results]);
    const [w, p] = board.rows;
    expect(w!.cells['medqa-usmle-4']).toMatchObject({
      low: expect.closeTo(0.52244, 5),
      notes: ['Wilson interval from n = 1273 (lm-eval wrote no stderr)'],
    });
    expect(w!.average).not.toBeNull();
    expect(p!.label).toBe('org/med-7b (external: lm-evaluation-harness, partial: --limit 100)');
    expect(p!.cells['medmcqa-dev']!.notes).toEqual(['partial: lm-eval --limit 100']);
    expect(p!.average).toBeNull();
  });

  it('gives each scoring mode its own row, labelled, so a generative 0% never hides a letter-logprob 25%', () => {
    const letter = makeRunExport({ id: 'letter', correct: pattern(5, 20), startedAt: 1 });
    const gen = generative(makeRunExport({ id: 'gen', correct: pattern(0, 20), startedAt: 2 }));
    const board = buildLeaderboard(
      [
        { fileName: 'letter.json', doc: letter },
        { fileName: 'gen.json', doc: gen },
      ],
      [],
    );
    expect(board.rows.map((r) => [r.model, r.protocol, r.cells['medqa-usmle-4']!.value])).toEqual([
      ['stories260K (f32, wllama)', 'letter-logprob · precision not recorded', 0.25],
      ['stories260K (f32, wllama)', 'generative · precision not recorded', 0],
    ]);
    expect(board.choices).toEqual([]);
    expect(board.rows.flatMap((r) => r.provenance.map((p) => [p.runId, p.protocol, p.shown]))).toEqual([
      ['letter', 'letter-logprob · precision not recorded', 'shown in MedQA'],
      ['gen', 'generative · precision not recorded', 'shown in MedQA'],
    ]);
  });

  it('gives each precision its own row', () => {
    const board = buildLeaderboard(
      [
        { fileName: 'e.json', doc: atPrecision(makeRunExport({ id: 'e', correct: pattern(5, 20) }), EXACT) },
        { fileName: 'f.json', doc: atPrecision(makeRunExport({ id: 'f', correct: pattern(6, 20) }), FAST) },
      ],
      [],
    );
    expect(board.rows.map((r) => r.protocol)).toEqual([
      'letter-logprob · precision exact: f32 KV cache, no flash attention',
      'letter-logprob · precision fast: f16 KV cache, flash attention',
    ]);
  });

  it('puts a run whose template differs for a task in a row of its own, named by the template', () => {
    const v1 = makeRunExport({ id: 'v1', correct: pattern(5, 20), startedAt: 1 });
    const v2 = makeRunExport({ id: 'v2', correct: pattern(9, 20), startedAt: 2 });
    v2.run.config.prompt = { id: 'mcqLettered', version: 2, hash: 'p2' };
    const other = makeRunExport({ id: 'pub', suiteId: 'pubmedqa', correct: pattern(3, 20), startedAt: 3 });
    const board = buildLeaderboard(
      [v1, v2, other].map((doc) => ({ fileName: `${doc.run.id}.json`, doc })),
      [],
    );
    expect(board.rows.map((r) => [r.protocol, Object.keys(r.cells)])).toEqual([
      ['letter-logprob · precision not recorded · MedQA template mcqLettered v1 p1', ['medqa-usmle-4', 'pubmedqa']],
      ['letter-logprob · precision not recorded · MedQA template mcqLettered v2 p2', ['medqa-usmle-4']],
    ]);
    expect(board.choices).toEqual([]);
  });

  it('never lets a later run of the same cell replace an earlier one unsaid: the newest is shown and named, and the choice is offered', () => {
    const early = makeRunExport({ id: 'early', correct: pattern(5, 20), startedAt: 1_000 });
    const late = makeRunExport({ id: 'late', correct: pattern(2, 10), startedAt: 2_000 });
    const runs = [
      { fileName: 'late.json', doc: late },
      { fileName: 'early.json', doc: early },
    ];
    const board = buildLeaderboard(runs, []);
    expect(board.rows).toHaveLength(1);
    const row = board.rows[0]!;
    expect(row.cells['medqa-usmle-4']).toMatchObject({ source: 'late', value: 0.2, runs: 2 });
    expect(row.cells['medqa-usmle-4']!.notes).toEqual(['partial: first 10 items in file order (lm-eval --limit)', 'newest of 2 runs']);
    const key = cellKey(row.key, 'medqa-usmle-4');
    expect(board.choices).toEqual([
      {
        key,
        rowLabel: row.label,
        columnLabel: 'MedQA',
        shown: 'late',
        picked: false,
        runs: [
          {
            runId: 'early',
            label:
              '1970-01-01 00:00 UTC · 20 items scored · 25.0% · partial: first 20 items in file order (lm-eval --limit) · run early · early.json',
          },
          {
            runId: 'late',
            label:
              '1970-01-01 00:00 UTC · 10 items scored · 20.0% · partial: first 10 items in file order (lm-eval --limit) · run late · late.json',
          },
        ],
      },
    ]);
    expect(row.provenance.map((p) => [p.runId, p.shown])).toEqual([
      ['early', 'not shown: another run of this model and protocol is shown in its cells'],
      ['late', 'shown in MedQA'],
    ]);
    const picked = buildLeaderboard(runs, [], { [key]: 'early' });
    expect(picked.rows[0]!.cells['medqa-usmle-4']).toMatchObject({ source: 'early', value: 0.25 });
    expect(picked.rows[0]!.cells['medqa-usmle-4']!.notes.at(-1)).toBe('picked of 2 runs');
    expect(picked.choices[0]).toMatchObject({ shown: 'early', picked: true });
  });

  it('marks a stopped run partial in its cell, with how many items it did', () => {
    const doc = makeRunExport({ id: 'cut', correct: pattern(3, 8), complete: true });
    doc.run.status = 'cancelled';
    doc.run.itemIds = [...doc.run.itemIds, 'q100', 'q101'];
    expect(buildLeaderboard([{ fileName: 'cut.json', doc }], []).rows[0]!.cells['medqa-usmle-4']!.notes).toEqual([
      'partial: 8 of 10 items done (run cancelled)',
    ]);
  });
});

/** Every row's rank is 1 + the rows whose interval in `key` lies wholly above its own, computed here from the cells. */
function expectRule(board: Leaderboard, ranked: ReturnType<typeof rankLeaderboard>, key: string) {
  const est = (r: (typeof ranked)[number]) => (key === 'average' ? r.row.average : (r.row.cells[key] ?? null));
  for (const r of ranked) {
    const mine = est(r);
    expect(r.rank).toBe(mine ? 1 + ranked.filter((o) => o !== r && est(o) !== null && est(o)!.low > mine.high).length : null);
  }
  expect(ranked.some((r) => r.rank === 1)).toBe(board.rows.some((row) => (key === 'average' ? row.average : row.cells[key])));
}

describe('rankLeaderboard', () => {
  const board = buildLeaderboard(
    [
      ['a', 'm1', 'medqa-usmle-4', 19, 20],
      ['b', 'm2', 'medqa-usmle-4', 10, 20],
      ['c', 'm3', 'medqa-usmle-4', 9, 20],
      ['d', 'm4', 'medqa-usmle-4', 1, 20],
      ['e', 'm1', 'pubmedqa', 5, 20],
      ['f', 'm2', 'pubmedqa', 19, 20],
      ['g', 'm5', 'pubmedqa', 12, 20],
    ].map(([id, modelId, suiteId, right, n]) => ({
      fileName: `${id}.json`,
      doc: makeRunExport({
        id: id as string,
        modelId: modelId as string,
        suiteId: suiteId as string,
        correct: pattern(right as number, n as number),
      }),
    })),
    [],
  );

  it('ranks every sort of every column by the one rule, starting at 1, whichever the direction', () => {
    for (const key of ['medqa-usmle-4', 'pubmedqa']) {
      for (const descending of [true, false]) {
        const ranked = rankLeaderboard(board, key, descending);
        expectRule(board, ranked, key);
        expect(ranked.filter((r) => r.rank !== null).map((r) => r.rank)).toContain(1);
      }
    }
    expect(rankLeaderboard(board, 'medqa-usmle-4').map((r) => [r.row.model.split(' ')[0], r.rank])).toEqual([
      ['m1', 1],
      ['m2', 2],
      ['m3', 2],
      ['m4', 4],
      ['m5', null],
    ]);
    // A numeric interval check of the same ranks, without the leaderboard.
    expect(ranksByIntervals(rankLeaderboard(board, 'medqa-usmle-4').map((r) => r.row.cells['medqa-usmle-4'] ?? null))).toEqual([
      1,
      2,
      2,
      4,
      null,
    ]);
  });

  it('sorted by name, keeps the ranks of the column last ranked by', () => {
    const byName = rankLeaderboard(board, 'label', false, 'pubmedqa');
    expect(byName.map((r) => r.row.model.split(' ')[0])).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expectRule(board, byName, 'pubmedqa');
    expect(defaultRankKey(board)).toBe('medqa-usmle-4');
  });
});

import { describe, expect, it } from 'vitest';
import { LEADERBOARD_TASKS } from '../../../benchmarks/metrics/leaderboardAverage';
import { buildLeaderboard, rankLeaderboard } from './leaderboard';
import { parseLmEvalResults } from '../../../benchmarks/metrics/lmEvalResults';
import { makeRunExport } from '../../../testing/runExports';
import { summarizeRun } from '../../../benchmarks/metrics/summary';

const pattern = (right: number, n: number) => Array.from({ length: n }, (_, i) => i < right);

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
    expect(board.rows.map((r) => r.label)).toEqual(['m1 (f32, wllama)', 'm2 (f32, wllama)']);
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
});

import { tallyResults } from '../../../benchmarks/metrics/accuracy';
import { LEADERBOARD_TASKS, leaderboardAverage, taskScoresOf, type TaskScore } from '../../../benchmarks/metrics/leaderboardAverage';
import { ranksByIntervals } from '../../../benchmarks/metrics/ranks';
import { Z_95, wilsonInterval } from '../../../benchmarks/metrics/wilson';
import type { RunExport } from '../../../benchmarks/runs/runExport';
import { externalInterval, externalScoreNotes, isPartialLmEval, type LmEvalResults } from '../../../benchmarks/metrics/lmEvalResults';

/**
 * The leaderboard: imported run exports (and lm-eval results as external reference rows) as a table
 * of model × task, each cell an accuracy with its 95% interval, plus the Open Medical-LLM
 * Leaderboard average where all nine tasks are present.
 */

export interface Estimate {
  value: number;
  low: number;
  high: number;
}

export interface Cell extends Estimate {
  /** Items scored (failed items are not among them, benchmarks/metrics/accuracy.ts). */
  n: number | null;
  failed: number;
  /** Where the number comes from: a run id, or an lm-eval file name. */
  source: string;
  mode: string;
  /** What a reader must know about the number: failures, a partial run, how its interval was made. */
  notes: string[];
}

export interface Provenance {
  runId: string;
  fileName: string;
  suite: string;
  suiteSha256: string;
  templateHash: string;
  engine: string;
  model: string;
  /** Problems found when the export's own numbers were checked against its item results; empty when it checks out. */
  problems: string[];
}

export interface LeaderboardRow {
  key: string;
  label: string;
  external: boolean;
  cells: Record<string, Cell>;
  average: Estimate | null;
  provenance: Provenance[];
  /** For external rows: the lm-eval file and model arguments. */
  note: string;
}

export interface LeaderboardColumn {
  id: string;
  label: string;
}

export interface Leaderboard {
  columns: LeaderboardColumn[];
  rows: LeaderboardRow[];
}

/** Checks an imported export against itself: results belong to the run, and the summary's count matches them. */
export function provenanceOf(doc: RunExport, fileName: string): Provenance {
  const problems: string[] = [];
  const itemIds = new Set(doc.run.itemIds);
  const stray = doc.results.filter((r) => !itemIds.has(r.itemId) || (r.runId !== undefined && r.runId !== doc.run.id)).length;
  if (stray) problems.push(`${stray} results do not belong to this run`);
  const tally = tallyResults(doc.results);
  if (doc.summary.n !== tally.scored || doc.summary.correct !== tally.correct) {
    problems.push(`summary says ${doc.summary.correct}/${doc.summary.n}, results say ${tally.correct}/${tally.scored}`);
  }
  const m = doc.run.model;
  return {
    runId: doc.run.id,
    fileName,
    suite: `${doc.run.suite.id} v${doc.run.suite.version}`,
    suiteSha256: doc.run.suite.sha256,
    templateHash: `${doc.run.config.prompt.id} v${doc.run.config.prompt.version} ${doc.run.config.prompt.hash}`,
    engine: `${m.backend} ${m.engineVersion}`,
    model: `${m.id} (${m.quant}) from ${m.source}`,
    problems,
  };
}

function wilsonCell(score: Omit<TaskScore, 'taskId'>, doc: RunExport): Cell {
  const ci = wilsonInterval(score.correct, score.n)!;
  const notes = [...(score.failed ? [`${score.failed} failed`] : []), ...(coversWholeSuite(doc) ? [] : ['partial run'])];
  return {
    value: score.correct / score.n,
    low: ci.lower,
    high: ci.upper,
    n: score.n,
    failed: score.failed,
    source: doc.run.id,
    mode: doc.run.config.mode,
    notes,
  };
}

function coversWholeSuite(doc: RunExport): boolean {
  return doc.run.status === 'completed' && doc.run.config.selection.kind === 'all' && doc.results.length === doc.run.itemIds.length;
}

/**
 * A complete run of the whole suite with no failed item: only such a run's accuracy is the task's, so
 * only it enters the average (benchmarks/metrics/accuracy.ts).
 */
function isComplete(doc: RunExport): boolean {
  return coversWholeSuite(doc) && tallyResults(doc.results).failed === 0;
}

/**
 * Mean of the nine accuracies with a normal-approximation interval: the tasks are independent samples,
 * so var(mean) = Σ var_k / 81, with var_k from each cell's interval half-width.
 */
function averageOf(cells: Record<string, Cell>, scores: TaskScore[]): Estimate | null {
  const avg = leaderboardAverage(scores);
  if (avg.average === null) return null;
  const variance =
    LEADERBOARD_TASKS.reduce((s, t) => s + ((cells[t.id]!.high - cells[t.id]!.low) / (2 * Z_95)) ** 2, 0) / LEADERBOARD_TASKS.length ** 2;
  const half = Z_95 * Math.sqrt(variance);
  return { value: avg.average, low: avg.average - half, high: avg.average + half };
}

export interface SharedRunInput {
  fileName: string;
  doc: RunExport;
}

export function buildLeaderboard(runs: readonly SharedRunInput[], external: readonly LmEvalResults[]): Leaderboard {
  const columns = new Map<string, string>();
  const rows = new Map<string, LeaderboardRow & { scores: TaskScore[] }>();
  // Oldest first, so a later run of the same model and task replaces an earlier one.
  const ordered = [...runs].sort((x, y) => x.doc.run.startedAt - y.doc.run.startedAt);
  for (const { fileName, doc } of ordered) {
    const m = doc.run.model;
    const key = `${m.id}|${m.quant}|${m.backend}`;
    const row = rows.get(key) ?? {
      key,
      label: `${m.name || m.id} (${m.quant}, ${m.backend})`,
      external: false,
      cells: {},
      average: null,
      provenance: [],
      note: '',
      scores: [],
    };
    rows.set(key, row);
    row.provenance.push(provenanceOf(doc, fileName));
    const tasks = taskScoresOf(doc.run.suite.id, doc.results);
    if (tasks.length === 0) {
      const id = `${doc.run.suite.id} v${doc.run.suite.version}`;
      columns.set(id, doc.run.suite.name || doc.run.suite.id);
      const tally = tallyResults(doc.results);
      if (tally.scored) row.cells[id] = wilsonCell({ correct: tally.correct, n: tally.scored, failed: tally.failed }, doc);
      continue;
    }
    for (const t of tasks) {
      if (t.n === 0) continue;
      columns.set(t.taskId, LEADERBOARD_TASKS.find((x) => x.id === t.taskId)!.label);
      row.cells[t.taskId] = wilsonCell(t, doc);
      row.scores = [...row.scores.filter((s) => s.taskId !== t.taskId), ...(isComplete(doc) ? [t] : [])];
    }
  }
  for (const row of rows.values()) row.average = averageOf(row.cells, row.scores);
  const externalRows: LeaderboardRow[] = external.map((e) => {
    const cells: Record<string, Cell> = {};
    for (const [taskId, s] of Object.entries(e.scores)) {
      columns.set(taskId, LEADERBOARD_TASKS.find((x) => x.id === taskId)!.label);
      const interval = externalInterval(s);
      cells[taskId] = {
        value: s.acc,
        low: interval?.low ?? s.acc,
        high: interval?.high ?? s.acc,
        n: s.n,
        failed: 0,
        source: e.fileName,
        mode: 'lm-eval',
        notes: externalScoreNotes(s, e),
      };
    }
    // A run with --limit is not the task's score: it stays out of the average, as a partial run of ours does.
    const scores = isPartialLmEval(e) ? [] : Object.entries(e.scores).map(([taskId, s]) => ({ taskId, correct: s.acc, n: 1, failed: 0 }));
    return {
      key: `external|${e.fileName}`,
      label: `${e.model} (external: lm-evaluation-harness${isPartialLmEval(e) ? `, partial: --limit ${e.limit}` : ''})`,
      external: true,
      cells,
      average: averageOf(cells, scores),
      provenance: [],
      note: `${e.fileName}${e.lmEvalVersion ? `, lm-eval ${e.lmEvalVersion}` : ''}${e.date ? `, ${e.date}` : ''}; ${e.modelArgs}`,
    };
  });
  // Leaderboard tasks in the leaderboard's order, then other suites by name.
  const order = (id: string) => {
    const i = LEADERBOARD_TASKS.findIndex((t) => t.id === id);
    return i < 0 ? LEADERBOARD_TASKS.length : i;
  };
  return {
    columns: [...columns].map(([id, label]) => ({ id, label })).sort((x, y) => order(x.id) - order(y.id) || x.label.localeCompare(y.label)),
    rows: [...[...rows.values()].map(({ scores: _scores, ...row }) => row), ...externalRows],
  };
}

export type SortKey = 'label' | 'average' | string;

export interface RankedRow {
  row: LeaderboardRow;
  /** By ranksByIntervals over the sort column (the average when sorted by name); null without a value. */
  rank: number | null;
}

export function estimateIn(row: LeaderboardRow, key: SortKey): Estimate | null {
  return key === 'average' ? row.average : (row.cells[key] ?? null);
}

/** Sorted by a column, ranked by the one rule (benchmarks/metrics/ranks.ts) whatever the sort direction. */
export function rankLeaderboard(board: Leaderboard, key: SortKey, descending = true): RankedRow[] {
  const rows = [...board.rows];
  const dir = descending ? -1 : 1;
  if (key === 'label') rows.sort((x, y) => dir * -x.label.localeCompare(y.label));
  else
    rows.sort((x, y) => {
      const ex = estimateIn(x, key);
      const ey = estimateIn(y, key);
      if (!ex || !ey) return ex ? -1 : ey ? 1 : 0;
      return dir * (ex.value - ey.value);
    });
  const sortKey = key === 'label' ? 'average' : key;
  const ranks = ranksByIntervals(rows.map((row) => estimateIn(row, sortKey)));
  return rows.map((row, i) => ({ row, rank: ranks[i]! }));
}

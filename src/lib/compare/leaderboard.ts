import { tallyResults } from '../../../benchmarks/metrics/accuracy';
import { LEADERBOARD_TASKS, leaderboardAverage, taskScoresOf, type TaskScore } from '../../../benchmarks/metrics/leaderboardAverage';
import { ranksByIntervals } from '../../../benchmarks/metrics/ranks';
import { Z_95, wilsonInterval } from '../../../benchmarks/metrics/wilson';
import type { RunExport } from '../../../benchmarks/runs/runExport';
import { externalInterval, externalScoreNotes, isPartialLmEval, type LmEvalResults } from '../../../benchmarks/metrics/lmEvalResults';
import { isPartialRun, selectionLabel } from '../../../benchmarks/runs/itemSelection';
import { plural } from '../../../core/plural';
import { precisionLabel } from '../../../models/precisionLabel';

/**
 * The leaderboard: imported run exports (and lm-eval results as external reference rows) as a table
 * of model and protocol × task, each cell an accuracy with its 95% interval, plus the Open Medical-LLM
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
  /** Runs of this row's model and protocol that could fill the cell; `source` is the one shown. */
  runs: number;
  /** What a reader must know about the number: failures, a partial run, how its interval was made, which of several runs. */
  notes: string[];
}

export interface Provenance {
  runId: string;
  fileName: string;
  suite: string;
  suiteSha256: string;
  templateHash: string;
  /** Scoring mode, precision and shots: what the row's protocol is made of. */
  protocol: string;
  /** Which of the suite's items the run covers. */
  selection: string;
  engine: string;
  model: string;
  /** Which cells show this run, or why none does. */
  shown: string;
  /** Problems found when the export's own numbers were checked against its item results; empty when it checks out. */
  problems: string[];
}

export interface LeaderboardRow {
  key: string;
  /** The model and, after " · ", the protocol: two protocols never share a row. */
  label: string;
  model: string;
  /** Scoring mode, precision and shots (and the templates where they alone tell two rows apart); empty for external rows. */
  protocol: string;
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

/** One run that can fill a cell, as the choice names it. */
export interface CellRun {
  runId: string;
  label: string;
}

/** A cell that more than one run of the same model and protocol could fill: which one is shown is the reader's choice. */
export interface CellChoice {
  key: string;
  rowLabel: string;
  columnLabel: string;
  /** The run shown: the one picked, else the newest. */
  shown: string;
  picked: boolean;
  /** Oldest first. */
  runs: CellRun[];
}

export interface Leaderboard {
  columns: LeaderboardColumn[];
  rows: LeaderboardRow[];
  choices: CellChoice[];
}

/** Checks an imported export against itself: results belong to the run, and the summary's count matches them. */
export function provenanceOf(doc: RunExport, fileName: string, shown = ''): Provenance {
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
    templateHash: templateOf(doc),
    protocol: protocolOf(doc),
    selection: `${selectionLabel(doc.run.config)}; ${plural(doc.results.length, 'result')} of ${doc.run.itemIds.length}`,
    engine: `${m.backend} ${m.engineVersion}`,
    model: `${m.id} (${m.quant}) from ${m.source}`,
    shown,
    problems,
  };
}

function templateOf(doc: RunExport): string {
  const p = doc.run.config.prompt;
  return `${p.id} v${p.version} ${p.hash}`;
}

/**
 * What, besides the model and the task, decides a run's number: the scoring mode, the precision the
 * model ran at, and the shots. Runs that differ in any of these never share a row.
 */
export function protocolOf(doc: RunExport): string {
  const c = doc.run.config;
  const p = c.protocol?.precision;
  const precision = p ? `precision ${precisionLabel(p)}` : 'precision not recorded';
  return [c.mode, precision, ...(c.nShot > 0 ? [`${c.nShot}-shot`] : [])].join(' · ');
}

/** Why a cell's run is not the suite's whole score, or null when it is. */
function partialNote(doc: RunExport): string | null {
  const r = doc.run;
  if (isPartialRun(r)) return `partial: ${selectionLabel(r.config)}`;
  if (r.status !== 'completed' || doc.results.length < r.itemIds.length) {
    return `partial: ${doc.results.length} of ${r.itemIds.length} items done (run ${r.status})`;
  }
  return null;
}

function wilsonCell(score: Omit<TaskScore, 'taskId'>, doc: RunExport): Omit<Cell, 'runs'> {
  const ci = wilsonInterval(score.correct, score.n)!;
  const partial = partialNote(doc);
  return {
    value: score.correct / score.n,
    low: ci.lower,
    high: ci.upper,
    n: score.n,
    failed: score.failed,
    source: doc.run.id,
    mode: doc.run.config.mode,
    notes: [...(score.failed ? [`${score.failed} failed`] : []), ...(partial ? [partial] : [])],
  };
}

/**
 * A complete run of the whole suite with no failed item: only such a run's accuracy is the task's, so
 * only it enters the average (benchmarks/metrics/accuracy.ts).
 */
function isComplete(doc: RunExport): boolean {
  return partialNote(doc) === null && tallyResults(doc.results).failed === 0;
}

/**
 * Mean of the nine accuracies with a normal-approximation interval: the tasks are independent samples,
 * so var(mean) = Σ var_k / 81, with var_k from each cell's interval half-width.
 */
function averageOf(cells: Record<string, Estimate>, scores: TaskScore[]): Estimate | null {
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

/** One column a run fills, with its tally there. */
interface Entry {
  columnId: string;
  columnLabel: string;
  score: Omit<TaskScore, 'taskId'>;
  /** One of the nine leaderboard tasks, so it can enter the average. */
  task: boolean;
}

function entriesOf(doc: RunExport): Entry[] {
  const tasks = taskScoresOf(doc.run.suite.id, doc.results);
  if (tasks.length === 0) {
    const tally = tallyResults(doc.results);
    const entry = {
      columnId: `${doc.run.suite.id} v${doc.run.suite.version}`,
      columnLabel: doc.run.suite.name || doc.run.suite.id,
      score: { correct: tally.correct, n: tally.scored, failed: tally.failed },
      task: false,
    };
    return tally.scored ? [entry] : [];
  }
  return tasks
    .filter((t) => t.n > 0)
    .map((t) => ({ columnId: t.taskId, columnLabel: LEADERBOARD_TASKS.find((x) => x.id === t.taskId)!.label, score: t, task: true }));
}

interface Candidate extends SharedRunInput {
  entry: Entry;
}

/** A row as it is gathered: its runs, and for each column the runs that could fill it and the template they share. */
interface RowDraft {
  key: string;
  model: string;
  protocol: string;
  templates: Map<string, string>;
  candidates: Map<string, Candidate[]>;
  runs: SharedRunInput[];
}

export function cellKey(rowKey: string, columnId: string): string {
  return `${rowKey}#${columnId}`;
}

const utcMinute = (t: number) => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function cellRunLabel(c: Candidate): string {
  const s = c.entry.score;
  const partial = partialNote(c.doc);
  return [
    utcMinute(c.doc.run.startedAt),
    `${plural(s.n, 'item')} scored`,
    `${(100 * (s.correct / s.n)).toFixed(1)}%`,
    ...(partial ? [partial] : []),
    `run ${c.doc.run.id}`,
    c.fileName,
  ].join(' · ');
}

/**
 * Rows of model × protocol (scoring mode, precision, shots): runs of different protocols never share a
 * row. Runs of one protocol whose templates differ for a task get rows of their own, named by the
 * template. Where several runs of one row could fill a cell, the cell shows the run `picks` names for
 * it, else the newest, says so, and the choice is listed in `choices`: a later run never replaces an
 * earlier one unsaid.
 */
export function buildLeaderboard(
  runs: readonly SharedRunInput[],
  external: readonly LmEvalResults[],
  picks: Readonly<Record<string, string>> = {},
): Leaderboard {
  const columns = new Map<string, string>();
  const groups = new Map<string, RowDraft[]>();
  const ordered = [...runs].sort((x, y) => x.doc.run.startedAt - y.doc.run.startedAt);
  for (const input of ordered) {
    const { doc } = input;
    const m = doc.run.model;
    const protocol = protocolOf(doc);
    const base = `${m.id}|${m.quant}|${m.backend}|${protocol}`;
    const template = templateOf(doc);
    const entries = entriesOf(doc);
    const drafts = groups.get(base) ?? [];
    groups.set(base, drafts);
    let draft = drafts.find((d) => entries.every((e) => (d.templates.get(e.columnId) ?? template) === template));
    if (!draft) {
      draft = {
        key: drafts.length ? `${base}|${drafts.length + 1}` : base,
        model: `${m.name || m.id} (${m.quant}, ${m.backend})`,
        protocol,
        templates: new Map(),
        candidates: new Map(),
        runs: [],
      };
      drafts.push(draft);
    }
    draft.runs.push(input);
    for (const e of entries) {
      columns.set(e.columnId, e.columnLabel);
      draft.templates.set(e.columnId, template);
      draft.candidates.set(e.columnId, [...(draft.candidates.get(e.columnId) ?? []), { ...input, entry: e }]);
    }
  }
  const choices: CellChoice[] = [];
  const rows: LeaderboardRow[] = [...groups.values()].flatMap((drafts) =>
    drafts.map((draft) => {
      // Two rows of one model and protocol differ only in a template: name it.
      const distinct = [...draft.templates].filter(([col, t]) =>
        drafts.some((d) => d !== draft && d.templates.has(col) && d.templates.get(col) !== t),
      );
      const protocol = [draft.protocol, ...distinct.map(([col, t]) => `${columns.get(col)} template ${t}`)].join(' · ');
      const label = `${draft.model} · ${protocol}`;
      const cells: Record<string, Cell> = {};
      const scores: TaskScore[] = [];
      const shownIn = new Map<string, string[]>();
      for (const [col, candidates] of draft.candidates) {
        const key = cellKey(draft.key, col);
        const picked = candidates.find((c) => c.doc.run.id === picks[key]);
        const chosen = picked ?? candidates.at(-1)!;
        const cell = wilsonCell(chosen.entry.score, chosen.doc);
        if (candidates.length > 1) {
          cell.notes.push(`${picked ? 'picked' : 'newest'} of ${candidates.length} runs`);
          choices.push({
            key,
            rowLabel: label,
            columnLabel: columns.get(col)!,
            shown: chosen.doc.run.id,
            picked: picked !== undefined,
            runs: candidates.map((c) => ({ runId: c.doc.run.id, label: cellRunLabel(c) })),
          });
        }
        cells[col] = { ...cell, runs: candidates.length };
        shownIn.set(chosen.doc.run.id, [...(shownIn.get(chosen.doc.run.id) ?? []), columns.get(col)!]);
        if (chosen.entry.task && isComplete(chosen.doc)) scores.push({ taskId: col, ...chosen.entry.score });
      }
      const provenance = draft.runs.map(({ doc, fileName }) => {
        const where = shownIn.get(doc.run.id);
        const shown = where
          ? `shown in ${where.join(', ')}`
          : entriesOf(doc).length === 0
            ? 'not shown: no item was scored'
            : 'not shown: another run of this model and protocol is shown in its cells';
        return provenanceOf(doc, fileName, shown);
      });
      return {
        key: draft.key,
        label,
        model: draft.model,
        protocol,
        external: false,
        cells,
        average: averageOf(cells, scores),
        provenance,
        note: '',
      };
    }),
  );
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
        runs: 1,
        notes: externalScoreNotes(s, e),
      };
    }
    // A run with --limit is not the task's score: it stays out of the average, as a partial run of ours does.
    const scores = isPartialLmEval(e) ? [] : Object.entries(e.scores).map(([taskId, s]) => ({ taskId, correct: s.acc, n: 1, failed: 0 }));
    const protocol = `external: lm-evaluation-harness${isPartialLmEval(e) ? `, partial: --limit ${e.limit}` : ''}`;
    return {
      key: `external|${e.fileName}`,
      label: `${e.model} (${protocol})`,
      model: e.model,
      protocol,
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
    rows: [...rows, ...externalRows],
    choices,
  };
}

export type SortKey = 'label' | 'average' | string;

export interface RankedRow {
  row: LeaderboardRow;
  /** By ranksByIntervals over the ranked column; null where the row has no number there. */
  rank: number | null;
}

export function estimateIn(row: LeaderboardRow, key: SortKey): Estimate | null {
  return key === 'average' ? row.average : (row.cells[key] ?? null);
}

/** A column some row has a number in: only such a column sorts by value and ranks. */
export function hasValues(board: Leaderboard, key: SortKey): boolean {
  return key !== 'label' && board.rows.some((row) => estimateIn(row, key) !== null);
}

/** What ranks mean before the reader picks a column: the Leaderboard average where a row has one, else the first column with numbers. */
export function defaultRankKey(board: Leaderboard): string | null {
  if (hasValues(board, 'average')) return 'average';
  return board.columns.find((c) => hasValues(board, c.id))?.id ?? null;
}

/**
 * Sorted by a column (the model name, or a column with numbers), ranked by the one rule
 * (benchmarks/metrics/ranks.ts) over `rankBy`, whatever the sort direction: every row with a number
 * there is ranked, and the one with the highest upper end is 1.
 */
export function rankLeaderboard(board: Leaderboard, key: SortKey, descending = true, rankBy: string | null = key): RankedRow[] {
  const rows = [...board.rows];
  const dir = descending ? -1 : 1;
  const byName = (x: LeaderboardRow, y: LeaderboardRow) => x.label.localeCompare(y.label);
  if (key === 'label') rows.sort((x, y) => dir * byName(x, y));
  else
    rows.sort((x, y) => {
      const ex = estimateIn(x, key);
      const ey = estimateIn(y, key);
      if (!ex || !ey) return ex ? -1 : ey ? 1 : byName(x, y);
      return dir * (ex.value - ey.value) || byName(x, y);
    });
  const ranks = rankBy === null || rankBy === 'label' ? rows.map(() => null) : ranksByIntervals(rows.map((row) => estimateIn(row, rankBy)));
  return rows.map((row, i) => ({ row, rank: ranks[i]! }));
}

/** The name of what ranks are over, for the Rank column's heading. */
export function columnLabel(board: Leaderboard, key: string): string {
  return key === 'average' ? 'Leaderboard average' : (board.columns.find((c) => c.id === key)?.label ?? key);
}

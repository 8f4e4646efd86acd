import { isLmEvalResults, parseLmEvalResults } from '../../../benchmarks/metrics/lmEvalResults';
import { summarizeRun } from '../../../benchmarks/metrics/summary';
import type { RunRecord, SharedRunRecord } from '../../../storage/records';
import { listResults, listRuns } from '../../../storage/runs';
import { addSharedRun, deleteSharedRun, listSharedRuns } from '../../../storage/sharedRuns';
import { distinctSuiteTerms, suiteTermsOf, type SuiteTerms } from '../../../benchmarks/suites/suiteTerms';
import { errorMessage } from '../shared/errorMessage';
import { plural } from '../shared/format';
import type { PassphraseLock } from '../data/passphraseLock.svelte';
import { isOpenRunExport, parseOpenRunExport } from '../../../benchmarks/runs/openRunExport';
import { parseRunExport, RUN_EXPORT_FORMAT, RUN_EXPORT_FORMAT_VERSION, type RunExport } from '../../../benchmarks/runs/runExport';
import { buildLeaderboard, defaultRankKey, hasValues, rankLeaderboard, type Leaderboard, type SortKey } from './leaderboard';
import { comparePairedRuns, type PairedRunsOutcome } from '../../../benchmarks/runs/pairedRuns';

export interface RunChoice {
  /** `local:<run id>` for this browser's runs, `shared:<run id>` for imported files. */
  key: string;
  label: string;
}

function exportOf(record: Extract<SharedRunRecord, { kind: 'run' }>): RunExport {
  return {
    format: RUN_EXPORT_FORMAT,
    formatVersion: RUN_EXPORT_FORMAT_VERSION,
    run: record.run,
    summary: record.summary,
    results: record.results,
  };
}

/**
 * Two runs of one model, suite and mode would read alike: the date, the items done and the run id
 * tell them apart.
 */
function choiceLabel(run: RunRecord, items: number): string {
  const date = new Date(run.startedAt).toLocaleString();
  return `${run.model.name || run.model.id} · ${run.suite.name || run.suite.id} · ${run.config.mode} · ${plural(items, 'item')} · ${date} · run ${run.id}`;
}

/** Runs to compare (this browser's and imported files), the paired comparison, and the leaderboard. */
export class CompareRunsStore {
  #local = $state<RunChoice[]>([]);
  #shared = $state<SharedRunRecord[]>([]);
  #pickA = $state('');
  #pickB = $state('');
  #commonOnly = $state(false);
  #paired = $state<PairedRunsOutcome | null>(null);
  /** The column the reader sorted by; null until they pick one (then the default ranked column). */
  #sortKey = $state<SortKey | null>(null);
  /** The last column with numbers the reader sorted by: ranks stay over it while the rows are sorted by name. */
  #rankKey = $state<string | null>(null);
  #descending = $state(true);
  /** Which run each cell with several runs shows, by cell key; a cell not listed shows its newest run. */
  #picks = $state<Record<string, string>>({});
  #notice = $state<string | null>(null);
  #importError = $state<string | null>(null);
  #lock: PassphraseLock;

  constructor(lock: PassphraseLock) {
    this.#lock = lock;
  }

  get choices(): RunChoice[] {
    const shared = this.#shared.flatMap((r) =>
      r.kind === 'run' ? [{ key: `shared:${r.id}`, label: `${choiceLabel(r.run, r.results.length)} · imported from ${r.fileName}` }] : [],
    );
    return [...this.#local, ...shared];
  }
  get pickA() {
    return this.#pickA;
  }
  get pickB() {
    return this.#pickB;
  }
  get commonOnly() {
    return this.#commonOnly;
  }
  get paired() {
    return this.#paired;
  }
  get sortKey(): SortKey {
    const board = this.leaderboard;
    const key = this.#sortKey;
    return key !== null && (key === 'label' || hasValues(board, key)) ? key : (defaultRankKey(board) ?? 'label');
  }
  /** What the ranks are over: a column with numbers, or null when no row has one. */
  get rankKey(): string | null {
    const board = this.leaderboard;
    return this.#rankKey !== null && hasValues(board, this.#rankKey) ? this.#rankKey : defaultRankKey(board);
  }
  get descending() {
    return this.#descending;
  }
  get notice() {
    return this.#notice;
  }
  get importError() {
    return this.#importError;
  }
  get shared() {
    return this.#shared;
  }
  get leaderboard(): Leaderboard {
    const runs = this.#shared.flatMap((r) => (r.kind === 'run' ? [{ fileName: r.fileName, doc: exportOf(r) }] : []));
    const external = this.#shared.flatMap((r) => (r.kind === 'lm-eval' ? [r.external] : []));
    return buildLeaderboard(runs, external, this.#picks);
  }
  /** The licence and use restriction of each suite the imported runs were scored on. */
  get suiteTerms(): SuiteTerms[] {
    return distinctSuiteTerms(this.#shared.flatMap((r) => (r.kind === 'run' ? [suiteTermsOf(r.run.suite)] : [])));
  }
  get ranked() {
    return rankLeaderboard(this.leaderboard, this.sortKey, this.#descending, this.rankKey);
  }

  async init(): Promise<void> {
    const runs = await listRuns();
    this.#local = runs
      .filter((r) => (r.tally?.done ?? 0) > 0)
      .map((r) => ({ key: `local:${r.id}`, label: choiceLabel(r, r.tally?.done ?? 0) }));
    this.#shared = await listSharedRuns();
  }

  sortBy(key: SortKey): void {
    if (this.sortKey === key) this.#descending = !this.#descending;
    else {
      this.#sortKey = key;
      this.#descending = key !== 'label';
    }
    if (key !== 'label') this.#rankKey = key;
  }

  /** Shows `runId` in the cell `key` instead of the newest of its runs. */
  pickCellRun(key: string, runId: string): void {
    this.#picks = { ...this.#picks, [key]: runId };
  }

  async pick(side: 'a' | 'b', key: string): Promise<void> {
    if (side === 'a') this.#pickA = key;
    else this.#pickB = key;
    this.#commonOnly = false;
    await this.#compare();
  }

  async compareCommonItems(): Promise<void> {
    this.#commonOnly = true;
    await this.#compare();
  }

  async #load(key: string): Promise<RunExport | null> {
    const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    if (kind === 'shared') {
      const record = this.#shared.find((r) => r.id === id);
      return record?.kind === 'run' ? exportOf(record) : null;
    }
    const run = (await listRuns()).find((r) => r.id === id);
    if (!run) return null;
    const results = await listResults(id, this.#lock.key);
    return { format: RUN_EXPORT_FORMAT, formatVersion: RUN_EXPORT_FORMAT_VERSION, run, summary: summarizeRun(results), results };
  }

  async #compare(): Promise<void> {
    this.#paired = null;
    if (!this.#pickA || !this.#pickB) return;
    let a: RunExport | null, b: RunExport | null;
    try {
      [a, b] = await Promise.all([this.#load(this.#pickA), this.#load(this.#pickB)]);
    } catch (e) {
      // A run whose generated answers are sealed reads only with the key.
      this.#paired = { ok: false, error: errorMessage(e), canCompareCommon: false };
      return;
    }
    if (!a || !b) return;
    this.#paired = comparePairedRuns(a, b, { commonOnly: this.#commonOnly });
  }

  /**
   * Run exports and lm-eval results files, each checked before anything is stored; a file whose run
   * (or lm-eval model and tasks) is already there changes nothing.
   */
  async importFiles(files: readonly File[]): Promise<void> {
    this.#importError = null;
    const records: SharedRunRecord[] = [];
    for (const file of files) {
      const text = await file.text();
      let value: unknown = null;
      try {
        value = JSON.parse(text);
      } catch {
        // parseRunExport reports it with the file name.
      }
      if (isLmEvalResults(value)) {
        const parsed = parseLmEvalResults(value, file.name);
        if (!parsed.ok) return this.#refuse(parsed.error);
        const id = `lm-eval:${parsed.results.model}:${Object.keys(parsed.results.scores).sort().join(',')}:${parsed.results.date ?? ''}`;
        records.push({ id, kind: 'lm-eval', importedAt: Date.now(), fileName: file.name, external: parsed.results });
        continue;
      }
      if (isOpenRunExport(value)) {
        const open = parseOpenRunExport(text, file.name);
        if (!open.ok) return this.#refuse(open.error);
        records.push({ id: open.doc.run.id, kind: 'open-run', importedAt: Date.now(), fileName: file.name, doc: open.doc });
        continue;
      }
      const parsed = parseRunExport(text, file.name);
      if (!parsed.ok) return this.#refuse(parsed.error);
      const { run, summary, results } = parsed.doc;
      records.push({ id: run.id, kind: 'run', importedAt: Date.now(), fileName: file.name, run, summary, results });
    }
    const before: Record<string, number> = Object.fromEntries(this.leaderboard.choices.map((c) => [c.key, c.runs.length]));
    let added = 0;
    for (const record of records) if (await addSharedRun(record)) added++;
    this.#shared = await listSharedRuns();
    const names = files.map((f) => f.name).join(', ');
    const unchanged = records.length - added;
    const crowded = this.leaderboard.choices
      .filter((c) => c.runs.length > (before[c.key] ?? 1))
      .map(
        (c) =>
          `${c.columnLabel} of ${c.rowLabel} has ${c.runs.length} runs now: the newest is shown, and you can pick another under “Cells with more than one run”.`,
      );
    this.#notice = [
      `Imported ${added} of ${plural(records.length, 'file')} (${names})${unchanged ? `; ${unchanged} already there, unchanged` : ''}.`,
      ...crowded,
    ].join(' ');
  }

  #refuse(error: string): void {
    this.#importError = `${error} No file was imported.`;
  }

  async removeShared(id: string): Promise<void> {
    await deleteSharedRun(id);
    this.#shared = this.#shared.filter((r) => r.id !== id);
  }
}

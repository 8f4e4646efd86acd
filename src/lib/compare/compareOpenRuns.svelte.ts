import type { OpenRunRecord } from '../../../core/openRunRecord';
import { openLeaderboard, type OpenBoardGroup } from '../../../benchmarks/runs/openLeaderboard';
import { openRunExport, type OpenRunExport } from '../../../benchmarks/runs/openRunExport';
import { comparePairedOpenRuns, openRunLabel, sharedOpenScores, type PairedOpenOutcome } from '../../../benchmarks/runs/pairedOpenRuns';
import type { OpenScoreKey } from '../../../benchmarks/runs/openRunScores';
import { listGrades } from '../../../storage/grades';
import { listOpenResults, listOpenRuns } from '../../../storage/openRuns';
import { loadOpenSuite } from '../bench/suiteLoader';
import { errorMessage } from '../shared/errorMessage';
import type { PassphraseLock } from '../data/passphraseLock.svelte';
import type { CompareRunsStore } from './compareRuns.svelte';
import type { RunChoice } from './compareRuns.svelte';

/**
 * Open-ended runs in Compare: this browser's and imported result documents (the run file import routes
 * them here), Paired runs of two of them on one score, and their Leaderboard tables.
 */
export class CompareOpenRunsStore {
  #lock: PassphraseLock;
  #runs: CompareRunsStore;
  #local = $state.raw<OpenRunRecord[]>([]);
  #localDocs = $state.raw<{ doc: OpenRunExport; source: string }[]>([]);
  #pickA = $state('');
  #pickB = $state('');
  #score = $state<OpenScoreKey | ''>('');
  #docs = $state.raw<[OpenRunExport, OpenRunExport] | null>(null);
  #error = $state<string | null>(null);

  constructor(lock: PassphraseLock, runs: CompareRunsStore) {
    this.#lock = lock;
    this.#runs = runs;
  }

  #shared() {
    return this.#runs.shared.flatMap((r) => (r.kind === 'open-run' ? [r] : []));
  }

  get choices(): RunChoice[] {
    return [
      ...this.#local.map((r) => ({
        key: `local:${r.id}`,
        // A formatted string, not state: nothing reactive reads the Date.
        // eslint-disable-next-line svelte/prefer-svelte-reactivity
        label: `${r.model.name} · ${r.suite.name} · open-ended · ${r.itemIds.length} items · ${new Date(r.startedAt).toLocaleString()}`,
      })),
      ...this.#shared().map((r) => ({ key: `shared:${r.id}`, label: `${openRunLabel(r.doc)} · imported from ${r.fileName}` })),
    ];
  }
  get pickA() {
    return this.#pickA;
  }
  get pickB() {
    return this.#pickB;
  }
  get score() {
    return this.#score;
  }
  get error() {
    return this.#error;
  }
  /** The scores both picked runs have. */
  get scores(): OpenScoreKey[] {
    return this.#docs ? sharedOpenScores(...this.#docs) : [];
  }
  get paired(): PairedOpenOutcome | null {
    if (!this.#docs || !this.#score) return null;
    return comparePairedOpenRuns(this.#docs[0], this.#docs[1], this.#score);
  }
  get leaderboard(): OpenBoardGroup[] {
    return openLeaderboard([...this.#localDocs, ...this.#shared().map((r) => ({ doc: r.doc, source: r.fileName }))]);
  }

  async init(): Promise<void> {
    try {
      this.#local = (await listOpenRuns()).filter((r) => r.status === 'completed');
      const docs = await Promise.all(this.#local.map((r) => this.#localDoc(r)));
      this.#localDocs = docs.flatMap((doc) => (doc ? [{ doc, source: 'this browser' }] : []));
    } catch (e) {
      // A run's answers are sealed while the lock is locked: said, not shown as an empty board.
      this.#error = errorMessage(e);
    }
  }

  async #localDoc(run: OpenRunRecord): Promise<OpenRunExport | null> {
    const suite = await loadOpenSuite(run.suite.id);
    if (!suite) return null;
    const [results, grades] = await Promise.all([listOpenResults(run.id, this.#lock.key), listGrades(run.id, this.#lock.key)]);
    return openRunExport(run, suite.items, results, grades);
  }

  async #load(key: string): Promise<OpenRunExport | null> {
    const id = key.slice(key.indexOf(':') + 1);
    if (key.startsWith('shared:')) return this.#shared().find((r) => r.id === id)?.doc ?? null;
    const run = this.#local.find((r) => r.id === id);
    const doc = run ? await this.#localDoc(run) : null;
    if (run && !doc) throw new Error(`The suite “${run.suite.name}” of this run is no longer here: import it again to compare the run.`);
    return doc;
  }

  async pick(side: 'a' | 'b', key: string): Promise<void> {
    if (side === 'a') this.#pickA = key;
    else this.#pickB = key;
    this.#error = null;
    this.#docs = null;
    if (!this.#pickA || !this.#pickB) return;
    try {
      const [a, b] = await Promise.all([this.#load(this.#pickA), this.#load(this.#pickB)]);
      this.#docs = a && b ? [a, b] : null;
      const scores = this.scores;
      if (!scores.includes(this.#score as OpenScoreKey)) this.#score = scores[0] ?? '';
    } catch (e) {
      this.#error = errorMessage(e);
    }
  }

  pickScore(score: OpenScoreKey): void {
    this.#score = score;
  }
}

import type { Precision } from '../../../core/engine';
import type { RunProgress } from '../../../core/run';
import { formatSuiteError } from '../../../benchmarks/suites/parseSuite';
import type { ScoringMode, Suite, SuiteIndexEntry } from '../../../core/suite';
import { gpuLabel } from '../models/gpuLabel';
import { plural } from '../../../core/plural';
import type { ResultCounts } from '../../../benchmarks/metrics/accuracy';
import { deleteRun, getRun, listResults, listRuns, resultTallies } from '../../../storage/runs';
import { AVERAGED_SUITES, leaderboardRows, type LeaderboardRow } from './leaderboardRows';
import { deleteCustomSuite, listCustomSuites, putCustomSuite } from '../../../storage/customSuites';
import { carryItems, lessonsLeaningOn, listLessons } from '../../../storage/lessons';
import { carriedSuite } from '../classroom/lessonFile';
import { suiteDeletionQuestion } from './suiteDeletion';
import type { CustomSuiteRecord } from '../../../storage/records';
import type { RunRecord, StoredItemResult } from '../../../storage/records';
import { errorMessage } from '../shared/errorMessage';
import { createRun, executeRun, type RunEnd, type RunEnvironment } from '../runs/runSession';
import { heldRunLocks, runLockName } from '../runs/runLock';
import { loadBuiltinSuite, loadSuiteIndex, readSuiteFile } from './suiteLoader';
import { builtinChoice, customChoice, customRecord, type SuiteChoice } from '../../../benchmarks/suites/suiteChoice';
import { selectionFor, type ItemOrder } from '../../../benchmarks/runs/itemSelection';
import { eligibleItems } from '../../../benchmarks/runner/eligibility';
import { suiteLanguages, suitesInLanguage } from '../../../benchmarks/suites/suiteLanguages';
import { sortSound, type DamagedRecord } from '../../../storage/soundRecords';
import type { DeviceStore } from '../models/device.svelte';
import type { EngineSession } from '../models/engineSession.svelte';
import type { ModelLibrary } from '../models/library.svelte';
import type { PassphraseLock } from '../data/passphraseLock.svelte';
import { StorageFullStore } from '../data/storageFull.svelte';

export interface RunForm {
  suiteId: string;
  mode: ScoringMode;
  /** 0 = every item. */
  limit: number;
  /** How N items are picked: a seeded sample stratified by subject (the default), or the first N (lm-eval --limit). */
  order: ItemOrder;
  seed: number;
  maxTokens: number;
  stepByStep: boolean;
  /** GGUF models: exact precision (f32 KV cache, no flash attention), which matches native llama.cpp; else fast. */
  exact: boolean;
  /** A served model: items in flight at once, since servers batch; null keeps the engine's default (4). */
  concurrency: number | null;
  /** Exemplars per item: 0, or the n-shot protocol the suite offers (CMMLU: 5); log-prob modes only. */
  nShot: number;
  /** Keep the items that need a figure the suite does not ship (HEAD-QA); left out by default. */
  includeImageItems: boolean;
}

export interface OpenRun {
  run: RunRecord;
  results: StoredItemResult[];
}

/** Benchmark suites, the run being scored, and stored runs. The scoring itself runs in the worker. */
export class BenchmarksStore {
  #engine: EngineSession;
  #library: ModelLibrary;
  #device: DeviceStore;
  #index = $state<SuiteIndexEntry[]>([]);
  #custom = $state<CustomSuiteRecord[]>([]);
  #runs = $state<RunRecord[]>([]);
  #active = $state<{ runId: string; progress: RunProgress | null; stopRequested?: boolean } | null>(null);
  #open = $state<OpenRun | null>(null);
  #error = $state<string | null>(null);
  #importErrors = $state<{ file: string; lines: string[]; truncated: boolean } | null>(null);
  #notice = $state<string | null>(null);
  /** Finished and correct items per run, counted from the stored results (never from a copy on the run record). */
  #tallies = $state<Record<string, ResultCounts>>({});
  /** Runs another tab is driving now (it holds their Web Lock). */
  #elsewhere = $state<string[]>([]);
  #watch: ReturnType<typeof setInterval> | undefined;
  /** Stored records that fail their schema: listed as such, never rendered as if sound. */
  #damaged = $state<DamagedRecord[]>([]);
  form = $state<RunForm>({
    suiteId: 'medqa-usmle-4',
    mode: 'letter-logprob',
    limit: 30,
    order: 'stratified',
    seed: 1234,
    maxTokens: 32,
    stepByStep: false,
    exact: true,
    concurrency: null,
    nShot: 0,
    includeImageItems: false,
  });
  /** The Benchmarks page's language filter: a BCP 47 code, or '' for every language. */
  language = $state('');

  #storageFull: StorageFullStore;

  #lock: PassphraseLock;
  /** The run this tab drives, until its status is saved: "Lock now" waits for it to stop. */
  #driving: Promise<unknown> | null = null;

  constructor(
    engine: EngineSession,
    library: ModelLibrary,
    device: DeviceStore,
    lock: PassphraseLock,
    storageFull = new StorageFullStore(),
  ) {
    this.#engine = engine;
    this.#library = library;
    this.#device = device;
    this.#lock = lock;
    this.#storageFull = storageFull;
    lock.guard({
      // The worker seals a run's answers with the key it started with: the lock cannot change under it.
      busyReason: () =>
        this.#active ? 'A benchmark run is being scored: cancel it on the Benchmarks page or wait for it to end, then try again.' : null,
      settle: async () => {
        if (!this.#driving) return;
        await this.cancel();
        await this.#driving;
      },
      reload: async () => {
        // Locked: a run's generated answers leave the screen.
        if (this.#open) await (lock.status === 'locked' ? this.closeRun() : this.openRun(this.#open.run.id));
      },
    });
  }

  get suites(): SuiteChoice[] {
    return [...this.#index.map(builtinChoice), ...this.#custom.map(customChoice)];
  }
  /** The suites the picker lists: those in the language filter's language. */
  get shownSuites(): SuiteChoice[] {
    return suitesInLanguage(this.suites, this.language);
  }
  get languages() {
    return suiteLanguages(this.suites);
  }
  get runs() {
    return this.#runs;
  }
  get active() {
    return this.#active;
  }
  get open() {
    return this.#open;
  }
  get error() {
    return this.#error;
  }
  get importErrors() {
    return this.#importErrors;
  }
  get notice() {
    return this.#notice;
  }
  get damaged() {
    return this.#damaged;
  }

  async removeDamaged(record: DamagedRecord): Promise<void> {
    if (record.store === 'runs') await deleteRun(record.id);
    else await deleteCustomSuite(record.id);
    this.#damaged = this.#damaged.filter((d) => d !== record);
  }
  get selectedSuite(): SuiteChoice | undefined {
    return this.suites.find((s) => s.id === this.form.suiteId);
  }

  async init(): Promise<void> {
    try {
      const [index, custom, runs] = await Promise.all([loadSuiteIndex(), listCustomSuites(), listRuns()]);
      const suites = sortSound('suites', custom);
      const sound = sortSound('runs', runs);
      this.#index = index;
      this.#custom = suites.sound;
      this.#runs = sound.sound;
      this.#damaged = [...suites.damaged, ...sound.damaged];
      await this.#refreshCounts();
    } catch (e) {
      this.#error = errorMessage(e);
    }
  }

  /** Items finished and correct: live progress for the run this tab drives, else what storage holds. */
  countsOf(run: RunRecord): ResultCounts {
    const p = this.#active?.runId === run.id ? this.#active.progress : null;
    return p
      ? { done: p.done, correct: p.correct, failed: p.done - p.scored }
      : (this.#tallies[run.id] ?? { done: 0, correct: 0, failed: 0 });
  }

  /** What a run's status means here: a `running` run nobody drives was interrupted (reload, crash). */
  statusOf(run: RunRecord): string {
    // A cancelled run keeps its results and can be resumed: to the user it was stopped.
    if (run.status === 'cancelled') return 'stopped';
    if (run.status !== 'running' || this.#active?.runId === run.id) return run.status;
    return this.#elsewhere.includes(run.id) ? 'running in another tab' : 'interrupted';
  }

  /**
   * Counts and who drives each run, read again from storage. While another tab drives a run this repeats
   * every second, so its progress shows here live.
   */
  async #refreshCounts(): Promise<void> {
    const [tallies, held] = await Promise.all([resultTallies(), heldRunLocks()]);
    this.#tallies = Object.fromEntries(tallies);
    const elsewhere = this.#runs.filter((r) => r.status === 'running' && r.id !== this.#active?.runId && held.has(r.id)).map((r) => r.id);
    // Relisted while another tab drives a run, and once more when it ends, to show its final status.
    if (this.#elsewhere.length > 0 || elsewhere.length > 0) this.#runs = sortSound('runs', await listRuns()).sound;
    this.#elsewhere = elsewhere;
    if (elsewhere.length > 0) {
      this.#watch ??= setInterval(() => void this.#refreshCounts(), 1000);
    } else if (this.#watch) {
      clearInterval(this.#watch);
      this.#watch = undefined;
    }
  }

  pickSuite(id: string): void {
    const s = this.suites.find((x) => x.id === id);
    if (!s) return;
    this.form.suiteId = id;
    this.form.mode = s.defaultMode;
    this.form.nShot = 0;
    this.form.includeImageItems = false;
  }

  /** Filters the picker by language; a picked suite in another language gives way to the first in this one. */
  pickLanguage(language: string): void {
    this.language = language;
    const shown = this.shownSuites;
    if (!shown.some((s) => s.id === this.form.suiteId) && shown[0]) this.pickSuite(shown[0].id);
  }

  dismiss(): void {
    this.#error = null;
    this.#importErrors = null;
    this.#notice = null;
  }

  /** Validates the whole file first; a file with any error stores nothing. */
  async importSuite(file: File): Promise<boolean> {
    this.dismiss();
    const parsed = await readSuiteFile(file);
    if (!parsed.ok) {
      this.#importErrors = { file: file.name, lines: parsed.errors.map(formatSuiteError), truncated: parsed.truncated };
      return false;
    }
    const record = customRecord(parsed.suite, file.name, $state.snapshot(this.#custom) as CustomSuiteRecord[]);
    await putCustomSuite(record);
    this.#custom = [...this.#custom.filter((s) => s.id !== record.id), record];
    this.pickSuite(record.id);
    this.#notice = `Imported ${plural(record.items.length, 'item')} from ${file.name} as “${record.header.name}”.`;
    return true;
  }

  /** What deleting an imported suite does to the lessons and runs that use it, as the question to ask first. */
  async deletionQuestion(id: string): Promise<string> {
    const suite = this.#custom.find((s) => s.id === id);
    const leaning = await lessonsLeaningOn(id);
    const ids = leaning.map((l) => l.id);
    const lessons =
      this.#lock.status === 'locked'
        ? leaning.length
        : (await listLessons(this.#lock.key)).filter((l) => ids.includes(l.id)).map((l) => l.title);
    const runs = this.#runs.filter((r) => r.suite.id === id);
    return suiteDeletionQuestion(suite?.header.name ?? id, {
      lessons,
      runs: { total: runs.length, unfinished: runs.filter((r) => r.status !== 'completed').length },
    });
  }

  /** Deletes an imported suite; the lessons drawn from it first take along the items they use, so they still present. */
  async deleteSuite(id: string): Promise<void> {
    const suite = this.#custom.find((s) => s.id === id);
    if (suite) {
      const plain = $state.snapshot(suite) as CustomSuiteRecord;
      await carryItems((await lessonsLeaningOn(id)).map((lesson) => ({ lesson, suite: carriedSuite(plain, lesson.itemIds) })));
    }
    await deleteCustomSuite(id);
    this.#custom = this.#custom.filter((s) => s.id !== id);
    if (this.form.suiteId === id) this.pickSuite(this.#index[0]?.id ?? '');
  }

  async start(): Promise<void> {
    this.dismiss();
    const choice = this.selectedSuite;
    if (!(await this.#atPrecision(this.form.exact ? 'exact' : 'fast'))) return;
    const env = this.#environment();
    if (!choice || !env) return;
    try {
      const suite = await this.#loadSuite(choice);
      // N counts the items this run may score: multi-answer items in a log-prob mode, and figure items unless asked for, are not among them.
      const eligible = eligibleItems(suite.items, this.form.mode, this.form.includeImageItems).items.length;
      const selection = selectionFor(this.form.limit, this.form.order, eligible);
      const run = await createRun(
        {
          suite: choice,
          mode: this.form.mode,
          selection,
          seed: this.form.seed,
          maxTokens: this.form.maxTokens,
          stepByStep: this.form.stepByStep,
          nShot: this.form.mode === 'generative' ? 0 : this.form.nShot,
          includeImageItems: this.form.includeImageItems,
          ...(env.caps.endpoint ? { concurrency: this.form.concurrency ?? env.caps.endpoint.concurrency } : {}),
        },
        suite,
        env,
      );
      this.#runs = [run, ...this.#runs];
      await this.#execute(run, suite, env);
    } catch (e) {
      this.#error = await this.#storageFull.explain(e, 'the new run');
    }
  }

  /** Continues a stopped or interrupted run from its first unfinished item, loading its model if needed. */
  async resume(runId: string): Promise<void> {
    this.dismiss();
    const run = await getRun(runId);
    const choice = this.suites.find((s) => s.id === run?.suite.id);
    if (!run || !choice) {
      this.#error = 'This run’s suite is no longer available on this device.';
      return;
    }
    const precision = run.config.protocol?.precision?.precision;
    if (this.#engine.readyModelId !== run.model.id) {
      if (!this.#library.select(run.model.id) || !(await this.#engine.load(this.#library.selected, precision))) {
        this.#error = `Load ${run.model.name} to resume this run.`;
        return;
      }
    } else if (precision && !(await this.#atPrecision(precision))) return;
    const env = this.#environment();
    if (!env) return;
    try {
      await this.#execute(run, await this.#loadSuite(choice), env);
    } catch (e) {
      this.#error = await this.#storageFull.explain(e, 'the run’s status');
    }
  }

  async cancel(): Promise<void> {
    if (this.#active) this.#active = { ...this.#active, stopRequested: true };
    await this.#engine.interrupt();
  }

  /** A GGUF model loaded at another precision than the run needs is loaded again at that one first. */
  async #atPrecision(precision: Precision): Promise<boolean> {
    const caps = this.#engine.capabilities;
    if (!caps?.precision || caps.precision.precision === precision) return true;
    const entry = this.#library.entries.find((e) => e.id === caps.info.modelId);
    if (entry && (await this.#engine.load(entry, precision))) return true;
    this.#error = `${entry?.name ?? caps.info.modelId} could not be loaded at ${precision} precision for this run.`;
    return false;
  }

  /** The Open Medical-LLM Leaderboard average and the named group averages per model and protocol, from this device's complete runs. */
  async leaderboard(): Promise<LeaderboardRow[]> {
    const runs = this.#runs.filter((r) => AVERAGED_SUITES.has(r.suite.id));
    const key = this.#lock.key;
    try {
      return leaderboardRows(await Promise.all(runs.map(async (run) => ({ run, results: await listResults(run.id, key) }))));
    } catch (e) {
      // A generative run's answers are sealed while the lock is locked: said, not shown as an empty board.
      this.#error = errorMessage(e);
      return [];
    }
  }

  async openRun(id: string): Promise<void> {
    const run = await getRun(id);
    try {
      this.#open = run ? { run, results: await listResults(id, this.#lock.key) } : null;
    } catch (e) {
      this.#open = null;
      this.#error = errorMessage(e);
    }
  }

  closeRun(): void {
    this.#open = null;
  }

  async removeRun(id: string): Promise<void> {
    await deleteRun(id);
    this.#runs = this.#runs.filter((r) => r.id !== id);
    delete this.#tallies[id];
    if (this.#open?.run.id === id) this.#open = null;
  }

  async #loadSuite(choice: SuiteChoice): Promise<Suite> {
    if (choice.custom) {
      const s = this.#custom.find((x) => x.id === choice.id);
      if (!s) throw new Error(`The imported suite ${choice.name} is gone.`);
      // Plain data: the worker cannot be sent reactive proxies.
      return $state.snapshot(s) as CustomSuiteRecord;
    }
    const entry = this.#index.find((e) => e.id === choice.id);
    if (!entry) throw new Error(`Unknown suite ${choice.id}.`);
    return loadBuiltinSuite(entry);
  }

  #environment(): RunEnvironment | null {
    const caps = this.#engine.capabilities;
    const entry = this.#library.entries.find((e) => e.id === caps?.info.modelId);
    if (!caps || !entry) {
      this.#error = 'Load a model first: pick one under "Model" and press Load.';
      return null;
    }
    return {
      remote: this.#engine.client.remote,
      lockKey: this.#lock.key,
      proxy: (fn) => this.#engine.client.proxy(fn),
      caps,
      modelName: entry.name,
      modelSource: entry.url,
      gpu: gpuLabel(this.#device.report?.gpu ?? null),
    };
  }

  /**
   * Drives a run in this tab while holding its Web Lock, so no other tab scores it at the same time. If
   * the engine worker is lost mid-run, waits for the session to load the model again on a fresh worker
   * and continues from the first unfinished item: stored results are never scored again.
   */
  async #execute(run: RunRecord, suite: Suite, env: RunEnvironment): Promise<void> {
    const driving = navigator.locks.request(runLockName(run.id), { ifAvailable: true }, async (lock) => {
      if (!lock) return false;
      this.#active = { runId: run.id, progress: null };
      this.#engine.setRunActive(true);
      try {
        await this.openRun(run.id);
        const onProgress = (progress: RunProgress) => {
          if (this.#active?.runId === run.id) this.#active = { ...this.#active, progress };
        };
        const stopRequested = () => this.#active?.runId === run.id && this.#active.stopRequested === true;
        let end: RunEnd = await executeRun(run, suite, env, onProgress, stopRequested);
        while (end.status === 'lost') {
          this.#notice = `${end.error ?? 'The engine stopped.'} The run continues from its first unfinished item once ${run.model.name} is loaded again.`;
          const ready = await this.#engine.whenSettled();
          const fresh = ready === run.model.id ? this.#environment() : null;
          if (!fresh) {
            end = {
              status: 'failed',
              error: `The engine stopped and ${run.model.name} could not be loaded again. Load it, then press Resume.`,
            };
            break;
          }
          end = await executeRun(run, suite, fresh, onProgress, stopRequested);
        }
        if (end.storageFull) this.#storageFull.show();
        if (end.error && end.status !== 'lost') this.#error = end.error;
        else if (end.status === 'completed') this.#notice = null;
      } finally {
        this.#active = null;
        this.#engine.setRunActive(false);
      }
      return true;
    });
    this.#driving = driving;
    let driven: boolean;
    try {
      driven = await driving;
    } finally {
      if (this.#driving === driving) this.#driving = null;
    }
    if (!driven) this.#error = 'This run is being scored in another tab. Its progress shows here as it goes.';
    this.#runs = sortSound('runs', await listRuns()).sound;
    await this.#refreshCounts();
    await this.openRun(run.id);
  }
}

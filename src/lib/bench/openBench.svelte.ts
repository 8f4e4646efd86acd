import type { Grade, OpenSuite } from '../../../core/openEnded';
import type { JudgeProgress, OpenRunProgress, OpenRunRecord, StoredOpenResult } from '../../../core/openRunRecord';
import { formatSuiteError } from '../../../benchmarks/suites/parseSuite';
import { isOpenSuiteFile, parseOpenSuiteFile } from '../../../benchmarks/suites/openSuiteFile';
import { builtinOpenChoice, customOpenChoice, type OpenSuiteChoice } from '../../../benchmarks/suites/openSuiteChoice';
import { customRecord } from '../../../benchmarks/suites/suiteChoice';
import { selectionFor } from '../../../benchmarks/runs/itemSelection';
import { openRunExport, openRunFileName, openRunToCsv, openRunToJson, type OpenRunExport } from '../../../benchmarks/runs/openRunExport';
import { DEFAULT_MAX_RETRIES } from '../../../benchmarks/grading/modelJudge';
import {
  deleteCustomOpenSuite,
  deleteOpenRun,
  getOpenRun,
  listCustomOpenSuites,
  listOpenResults,
  listOpenRuns,
  openResultCounts,
  putCustomOpenSuite,
  type CustomOpenSuiteRecord,
} from '../../../storage/openRuns';
import { listGrades } from '../../../storage/grades';
import { sortSound } from '../../../storage/soundRecords';
import { createOpenRun, executeOpenRun, judgeOpenRun, type OpenWorkEnd } from '../runs/openRunSession';
import type { RunEnvironment } from '../runs/runSession';
import { heldRunLocks, runLockName } from '../runs/runLock';
import { loadOpenSuite, loadOpenSuiteIndex } from './suiteLoader';
import { errorMessage } from '../shared/errorMessage';
import { downloadFile } from '../shared/download';
import { gpuLabel } from '../models/gpuLabel';
import type { DeviceStore } from '../models/device.svelte';
import type { EngineSession } from '../models/engineSession.svelte';
import type { ModelLibrary } from '../models/library.svelte';
import type { PassphraseLock } from '../data/passphraseLock.svelte';
import { StorageFullStore } from '../data/storageFull.svelte';

export interface OpenRunForm {
  suiteId: string;
  /** 0 = every item; else a seeded sample of N. */
  limit: number;
  seed: number;
  temperature: number;
  topP: number;
  maxTokens: number;
  stemmer: boolean;
  /** A judge's asks after an invalid reply. */
  maxRetries: number;
}

/** What the page is doing in the worker now: answering a run's items, or judging its answers. */
export type OpenActivity =
  | { kind: 'run'; runId: string; progress: OpenRunProgress | null }
  | { kind: 'judge'; runId: string; judge: string; progress: JudgeProgress | null };

/**
 * Open-ended suites and runs on the Benchmarks page: import (routed here by isOpenSuiteFile), a run's
 * answers generated in the worker and stored as they arrive, model judges over a run, and the run's
 * result document (the same one `npm run bench` writes).
 */
export class OpenBenchStore {
  #engine: EngineSession;
  #library: ModelLibrary;
  #device: DeviceStore;
  #lock: PassphraseLock;
  #storageFull: StorageFullStore;
  #shipped = $state<OpenSuiteChoice[]>([]);
  #custom = $state.raw<CustomOpenSuiteRecord[]>([]);
  #runs = $state.raw<OpenRunRecord[]>([]);
  #counts = $state<Record<string, { done: number; failed: number }>>({});
  #elsewhere = $state<string[]>([]);
  #active = $state<OpenActivity | null>(null);
  #open = $state.raw<OpenRunExport | null>(null);
  #error = $state<string | null>(null);
  #importErrors = $state<{ file: string; lines: string[]; truncated: boolean } | null>(null);
  #notice = $state<string | null>(null);
  #driving: Promise<unknown> | null = null;
  form = $state<OpenRunForm>({
    suiteId: '',
    limit: 10,
    seed: 1234,
    temperature: 0,
    topP: 1,
    maxTokens: 256,
    stemmer: false,
    maxRetries: DEFAULT_MAX_RETRIES,
  });

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
      // The worker seals answers and explanations with the key the work started with.
      busyReason: () =>
        this.#active ? 'An open-ended run is being answered or judged: cancel it on the Benchmarks page or wait for it to end.' : null,
      settle: async () => {
        if (!this.#driving) return;
        await this.cancel();
        await this.#driving;
      },
      reload: async () => {
        if (this.#open) await (lock.status === 'locked' ? this.closeRun() : this.openRun(this.#open.run.id));
      },
    });
  }

  get suites(): OpenSuiteChoice[] {
    return [...this.#shipped, ...this.#custom.map(customOpenChoice)];
  }
  get selectedSuite(): OpenSuiteChoice | undefined {
    return this.suites.find((s) => s.id === this.form.suiteId);
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

  countsOf(run: OpenRunRecord): { done: number; failed: number } {
    const a = this.#active;
    if (a?.kind === 'run' && a.runId === run.id && a.progress) return { done: a.progress.done, failed: a.progress.failed };
    return this.#counts[run.id] ?? { done: 0, failed: 0 };
  }

  /** A `running` run nobody drives was interrupted (reload, crash). */
  statusOf(run: OpenRunRecord): string {
    if (run.status !== 'running' || (this.#active?.kind === 'run' && this.#active.runId === run.id)) return run.status;
    return this.#elsewhere.includes(run.id) ? 'running in another tab' : 'interrupted';
  }

  async init(): Promise<void> {
    try {
      const [index, custom, runs] = await Promise.all([loadOpenSuiteIndex(), listCustomOpenSuites(), listOpenRuns()]);
      this.#shipped = index.map(builtinOpenChoice);
      this.#custom = sortSound('openSuites', custom).sound;
      this.#runs = sortSound('openRuns', runs).sound;
      if (!this.suites.some((s) => s.id === this.form.suiteId)) this.form.suiteId = this.suites[0]?.id ?? '';
      await this.#refreshCounts();
    } catch (e) {
      this.#error = errorMessage(e);
    }
  }

  async #refreshCounts(): Promise<void> {
    const [counts, held] = await Promise.all([openResultCounts(), heldRunLocks()]);
    this.#counts = Object.fromEntries(counts);
    this.#elsewhere = this.#runs.filter((r) => r.status === 'running' && held.has(r.id)).map((r) => r.id);
  }

  dismiss(): void {
    this.#error = null;
    this.#importErrors = null;
    this.#notice = null;
  }

  /**
   * Takes a picked file if it is an open-ended suite (HealthBench, MedS-Bench, Bedside's open JSONL or CSV),
   * validating the whole file first: a file with any error stores nothing. False when it is not one.
   */
  async importIfOpen(file: File): Promise<boolean> {
    const text = await file.text();
    if (!isOpenSuiteFile(file.name, text)) return false;
    this.dismiss();
    const parsed = await parseOpenSuiteFile(file.name, text);
    if (!parsed.ok) {
      this.#importErrors = { file: file.name, lines: parsed.errors.map(formatSuiteError), truncated: parsed.truncated };
      return true;
    }
    const record: CustomOpenSuiteRecord = { ...customRecord(parsed.suite, file.name, this.#custom), format: parsed.format };
    await putCustomOpenSuite(record);
    this.#custom = [...this.#custom.filter((s) => s.id !== record.id), record];
    this.form.suiteId = record.id;
    this.#notice = `Imported ${record.items.length} open-ended items from ${file.name} as “${record.header.name}”.`;
    return true;
  }

  async deleteSuite(id: string): Promise<void> {
    await deleteCustomOpenSuite(id);
    this.#custom = this.#custom.filter((s) => s.id !== id);
    if (this.form.suiteId === id) this.form.suiteId = this.suites[0]?.id ?? '';
  }

  async #loadSuite(id: string): Promise<OpenSuite> {
    const suite = await loadOpenSuite(id);
    if (!suite) throw new Error('This run’s suite is no longer available on this device: import it again.');
    return suite;
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

  async start(): Promise<void> {
    this.dismiss();
    const choice = this.selectedSuite;
    const env = this.#environment();
    if (!choice || !env) return;
    try {
      const suite = await this.#loadSuite(choice.id);
      const f = this.form;
      const run = await createOpenRun(
        {
          suite: choice,
          selection: selectionFor(f.limit, 'stratified', suite.items.length),
          seed: f.seed,
          temperature: f.temperature,
          topP: f.topP,
          maxTokens: f.maxTokens,
          stemmer: f.stemmer,
        },
        suite,
        env,
      );
      this.#runs = [run, ...this.#runs];
      await this.#drive(run, suite);
    } catch (e) {
      this.#error = await this.#storageFull.explain(e, 'the new run');
    }
  }

  /** Continues a stopped or interrupted run from its first unanswered item, loading its model if needed. */
  async resume(runId: string): Promise<void> {
    this.dismiss();
    const run = await getOpenRun(runId);
    if (!run) return;
    if (this.#engine.readyModelId !== run.model.id) {
      if (!this.#library.select(run.model.id) || !(await this.#engine.load(this.#library.selected))) {
        this.#error = `Load ${run.model.name} to resume this run.`;
        return;
      }
    }
    try {
      await this.#drive(run, await this.#loadSuite(run.suite.id));
    } catch (e) {
      this.#error = await this.#storageFull.explain(e, 'the run’s status');
    }
  }

  /** The loaded model (in the browser or on an endpoint) judges every answer of the run it has not graded yet. */
  async judge(runId: string): Promise<void> {
    this.dismiss();
    const run = await getOpenRun(runId);
    const env = this.#environment();
    if (!run || !env) return;
    try {
      await this.#drive(run, await this.#loadSuite(run.suite.id), env.caps.info.modelId);
    } catch (e) {
      this.#error = await this.#storageFull.explain(e, 'the grades');
    }
  }

  async cancel(): Promise<void> {
    await this.#engine.interrupt();
  }

  /**
   * Answers (or, with `judge`, judges) a run in this tab while holding its Web Lock. A lost engine worker is
   * waited for: once the session has loaded the model again, the work continues where storage says it stopped.
   */
  async #drive(run: OpenRunRecord, suite: OpenSuite, judge?: string): Promise<void> {
    const driving = navigator.locks.request(runLockName(run.id), { ifAvailable: true }, async (lock) => {
      if (!lock) return false;
      this.#active = judge ? { kind: 'judge', runId: run.id, judge, progress: null } : { kind: 'run', runId: run.id, progress: null };
      this.#engine.setRunActive(true);
      try {
        await this.openRun(run.id);
        const modelId = judge ?? run.model.id;
        const name = this.#library.entries.find((e) => e.id === modelId)?.name ?? modelId;
        let end: OpenWorkEnd<unknown>;
        for (;;) {
          const env = this.#engine.readyModelId === modelId ? this.#environment() : null;
          if (!env) {
            end = { status: 'failed', error: `The engine stopped and ${name} could not be loaded again. Load it, then try again.` };
            break;
          }
          end = judge
            ? await judgeOpenRun(run, suite, env, this.form.maxRetries, (progress) => {
                if (this.#active?.runId === run.id) this.#active = { kind: 'judge', runId: run.id, judge, progress };
              })
            : await executeOpenRun(run, suite, env, (progress) => {
                if (this.#active?.runId === run.id) this.#active = { kind: 'run', runId: run.id, progress };
              });
          if (end.status !== 'lost') break;
          this.#notice = `${end.error ?? 'The engine stopped.'} The work continues where it stopped once ${name} is loaded again.`;
          await this.#engine.whenSettled();
        }
        if (end.storageFull) this.#storageFull.show();
        if (end.error) this.#error = end.error;
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
    if (!driven) this.#error = 'This run is being answered or judged in another tab.';
    this.#runs = sortSound('openRuns', await listOpenRuns()).sound;
    await this.#refreshCounts();
    await this.openRun(run.id);
  }

  /** The run's result document, read from storage: its answers, every grade, and the scores. */
  async #document(id: string): Promise<OpenRunExport | null> {
    const run = await getOpenRun(id);
    if (!run) return null;
    const [suite, results, grades] = await Promise.all([
      this.#loadSuite(run.suite.id),
      listOpenResults(id, this.#lock.key) as Promise<StoredOpenResult[]>,
      listGrades(id, this.#lock.key) as Promise<Grade[]>,
    ]);
    return openRunExport(run, suite.items, results, grades);
  }

  async openRun(id: string): Promise<void> {
    try {
      this.#open = await this.#document(id);
    } catch (e) {
      // Locked: the answers and explanations leave the screen, and the reason shows instead.
      this.#open = null;
      this.#error = errorMessage(e);
    }
  }

  closeRun(): void {
    this.#open = null;
  }

  async removeRun(id: string): Promise<void> {
    await deleteOpenRun(id);
    this.#runs = this.#runs.filter((r) => r.id !== id);
    if (this.#open?.run.id === id) this.#open = null;
  }

  exportJson(doc: OpenRunExport): void {
    downloadFile(openRunFileName(doc.run, 'json'), openRunToJson(doc), 'application/json');
  }

  exportCsv(doc: OpenRunExport): void {
    downloadFile(openRunFileName(doc.run, 'csv'), openRunToCsv(doc), 'text/csv');
  }
}

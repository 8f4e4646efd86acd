import type { RunProgress, ItemSelection } from '../../../core/run';
import { formatSuiteError } from '../../../benchmarks/suites/parseSuite';
import type { ScoringMode, Suite, SuiteIndexEntry } from '../../../core/suite';
import { gpuLabel } from '../capabilities/gpuLabel';
import { deleteRun, getRun, listResults, listRuns } from '../../../storage/runs';
import { deleteCustomSuite, listCustomSuites, putCustomSuite } from '../../../storage/customSuites';
import type { CustomSuiteRecord } from '../../../storage/records';
import type { RunRecord, StoredItemResult } from '../../../storage/records';
import { errorMessage } from '../errorMessage';
import { createRun, executeRun, type RunEnvironment } from '../runs/runSession';
import {
  builtinChoice,
  customChoice,
  customRecord,
  loadBuiltinSuite,
  loadSuiteIndex,
  readSuiteFile,
  type SuiteChoice,
} from '../suites/suiteSource';
import type { DeviceStore } from './device.svelte';
import type { EngineSession } from './engineSession.svelte';
import type { ModelLibrary } from './library.svelte';

export interface RunForm {
  suiteId: string;
  mode: ScoringMode;
  /** 0 = every item. */
  limit: number;
  /** Stratified by subject (quick mode) instead of the first N items. */
  quick: boolean;
  seed: number;
  maxTokens: number;
  stepByStep: boolean;
}

export interface OpenRun {
  run: RunRecord;
  results: StoredItemResult[];
}

/** Benchmark suites, the run being scored, and stored runs. The scoring itself runs in the worker. */
export class BenchStore {
  #engine: EngineSession;
  #library: ModelLibrary;
  #device: DeviceStore;
  #index = $state<SuiteIndexEntry[]>([]);
  #custom = $state<CustomSuiteRecord[]>([]);
  #runs = $state<RunRecord[]>([]);
  #active = $state<{ runId: string; progress: RunProgress | null } | null>(null);
  #open = $state<OpenRun | null>(null);
  #error = $state<string | null>(null);
  #importErrors = $state<{ file: string; lines: string[]; truncated: boolean } | null>(null);
  #notice = $state<string | null>(null);
  form = $state<RunForm>({
    suiteId: 'medqa-usmle-4',
    mode: 'letter-logprob',
    limit: 30,
    quick: false,
    seed: 1234,
    maxTokens: 32,
    stepByStep: false,
  });

  constructor(engine: EngineSession, library: ModelLibrary, device: DeviceStore) {
    this.#engine = engine;
    this.#library = library;
    this.#device = device;
  }

  get suites(): SuiteChoice[] {
    return [...this.#index.map(builtinChoice), ...this.#custom.map(customChoice)];
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
  get selectedSuite(): SuiteChoice | undefined {
    return this.suites.find((s) => s.id === this.form.suiteId);
  }

  async init(): Promise<void> {
    try {
      [this.#index, this.#custom, this.#runs] = await Promise.all([loadSuiteIndex(), listCustomSuites(), listRuns()]);
    } catch (e) {
      this.#error = errorMessage(e);
    }
  }

  pickSuite(id: string): void {
    const s = this.suites.find((x) => x.id === id);
    if (!s) return;
    this.form.suiteId = id;
    this.form.mode = s.defaultMode;
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
    const record = customRecord(parsed.suite, file.name);
    await putCustomSuite(record);
    this.#custom = [...this.#custom.filter((s) => s.id !== record.id), record];
    this.pickSuite(record.id);
    this.#notice = `Imported ${record.items.length} items from ${file.name} as “${record.header.name}”.`;
    return true;
  }

  async deleteSuite(id: string): Promise<void> {
    await deleteCustomSuite(id);
    this.#custom = this.#custom.filter((s) => s.id !== id);
    if (this.form.suiteId === id) this.pickSuite(this.#index[0]?.id ?? '');
  }

  async start(): Promise<void> {
    this.dismiss();
    const choice = this.selectedSuite;
    const env = this.#environment();
    if (!choice || !env) return;
    try {
      const suite = await this.#loadSuite(choice);
      const selection: ItemSelection =
        this.form.limit > 0 ? { kind: this.form.quick ? 'stratified' : 'limit', n: this.form.limit } : { kind: 'all' };
      const run = await createRun(
        {
          suite: choice,
          mode: this.form.mode,
          selection,
          seed: this.form.seed,
          maxTokens: this.form.maxTokens,
          stepByStep: this.form.stepByStep,
        },
        suite,
        env,
      );
      this.#runs = [run, ...this.#runs];
      await this.#execute(run, suite, env);
    } catch (e) {
      this.#error = errorMessage(e);
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
    if (this.#engine.readyModelId !== run.model.id) {
      if (!this.#library.select(run.model.id) || !(await this.#engine.load(this.#library.selected))) {
        this.#error = `Load ${run.model.name} to resume this run.`;
        return;
      }
    }
    const env = this.#environment();
    if (!env) return;
    try {
      await this.#execute(run, await this.#loadSuite(choice), env);
    } catch (e) {
      this.#error = errorMessage(e);
    }
  }

  async cancel(): Promise<void> {
    await this.#engine.interrupt();
  }

  async openRun(id: string): Promise<void> {
    const run = await getRun(id);
    this.#open = run ? { run, results: await listResults(id) } : null;
  }

  closeRun(): void {
    this.#open = null;
  }

  async removeRun(id: string): Promise<void> {
    await deleteRun(id);
    this.#runs = this.#runs.filter((r) => r.id !== id);
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
      proxy: (fn) => this.#engine.client.proxy(fn),
      caps,
      modelName: entry.name,
      modelSource: entry.url,
      gpu: gpuLabel(this.#device.report?.gpu ?? null),
    };
  }

  async #execute(run: RunRecord, suite: Suite, env: RunEnvironment): Promise<void> {
    this.#active = { runId: run.id, progress: null };
    await this.openRun(run.id);
    const end = await executeRun(run, suite, env, (progress) => {
      if (this.#active?.runId === run.id) this.#active = { runId: run.id, progress };
    });
    this.#active = null;
    if (end.error) this.#error = end.error;
    this.#runs = await listRuns();
    await this.openRun(run.id);
  }
}

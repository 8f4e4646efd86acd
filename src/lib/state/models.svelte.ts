import type { ChatMessage, ChatResult, GenerateOptions } from '../../../core/engine';
import type { EngineCapabilities, LoadProgress, ModelSpec } from '../../../core/engine';
import type { CachedModel } from '../../../core/workerApi';
import { availability, type Availability } from '../capabilities/availability';
import { probeCapabilities } from '../capabilities/probe';
import type { CapabilityReport } from '../capabilities/report';
import { deleteCustomModel, listCustomModels, putCustomModel } from '../../../storage/customModels';
import { EngineClient } from '../engineClient';
import { errorMessage } from '../errorMessage';
import { RateMeter } from '../format';
import { catalog } from '../models/catalog';
import type { CatalogEntry } from '../../../core/catalogEntry';
import { buildCustomModel, type CustomModelInput } from '../models/customModel';
import { specFor } from '../models/modelSpec';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface LoadView extends LoadProgress {
  percent: number;
  perSecond: number;
  etaSeconds: number;
}

/** Which model is picked, loading it in the engine worker, and what this browser can run. */
export class ModelStore {
  readonly client = new EngineClient((message) => this.#crashed(message));
  #custom = $state<CatalogEntry[]>([]);
  #selectedId = $state<string>(catalog[0]!.id);
  #status = $state<LoadStatus>('idle');
  #progress = $state<LoadView | null>(null);
  #error = $state<string | null>(null);
  #caps = $state<EngineCapabilities | null>(null);
  #report = $state<CapabilityReport | null>(null);
  // Not state: the UI never renders these files, it only hands them to the engine on load.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #localFiles = new Map<string, File>();
  #cached = $state<CachedModel[]>([]);

  get entries(): CatalogEntry[] {
    return [...catalog, ...this.#custom];
  }
  get selectedId() {
    return this.#selectedId;
  }
  get selected(): CatalogEntry | undefined {
    return this.entries.find((e) => e.id === this.#selectedId);
  }
  get status() {
    return this.#status;
  }
  get progress() {
    return this.#progress;
  }
  get error() {
    return this.#error;
  }
  get capabilities() {
    return this.#caps;
  }
  get report() {
    return this.#report;
  }
  get cached() {
    return this.#cached;
  }
  /** The model the engine holds now, if it is usable. */
  get readyModelId(): string | null {
    return this.#caps?.info.modelId ?? null;
  }

  availabilityOf(entry: CatalogEntry): Availability | null {
    return this.#report ? availability(this.#report, entry) : null;
  }

  async probe(): Promise<void> {
    this.#report = await probeCapabilities();
  }

  async refreshCache(): Promise<void> {
    try {
      this.#cached = await this.client.remote.listCachedModels();
    } catch (e) {
      this.#error = `Could not list cached models: ${errorMessage(e)}`;
    }
  }

  async deleteCached(model: CachedModel): Promise<void> {
    await this.client.remote.deleteCachedModel({ backend: model.backend, url: model.url });
    await this.refreshCache();
    await this.probe();
  }

  /** Asks the browser not to evict downloaded weights under storage pressure. */
  async requestPersistence(): Promise<boolean> {
    const granted = (await navigator.storage?.persist?.()) ?? false;
    await this.probe();
    return granted;
  }

  select(id: string): boolean {
    if (!this.entries.some((e) => e.id === id)) return false;
    this.#selectedId = id;
    return true;
  }

  /** Custom models from earlier visits, with their picked files. */
  async restoreCustom(): Promise<void> {
    for (const record of await listCustomModels()) {
      if (record.file) this.#localFiles.set(record.id, record.file);
      this.#custom = [...this.#custom.filter((e) => e.id !== record.id), record.entry];
    }
  }

  /** Validates and stores a model the user added, and selects it. Returns an error sentence or null. */
  async addCustom(input: CustomModelInput, file?: File): Promise<string | null> {
    const built = buildCustomModel(input);
    if (!built.ok) return built.error;
    const entry = built.entry;
    await putCustomModel({ id: entry.id, entry, file });
    if (file) this.#localFiles.set(entry.id, file);
    this.#custom = [...this.#custom.filter((e) => e.id !== entry.id), entry];
    this.#selectedId = entry.id;
    return null;
  }

  async removeCustom(id: string): Promise<void> {
    await deleteCustomModel(id);
    this.#localFiles.delete(id);
    this.#custom = this.#custom.filter((e) => e.id !== id);
    if (this.#selectedId === id) this.#selectedId = catalog[0]!.id;
  }

  dismissError(): void {
    this.#error = null;
    if (this.#status === 'error') this.#status = this.#caps ? 'ready' : 'idle';
  }

  async load(): Promise<boolean> {
    const entry = this.selected;
    if (!entry) return false;
    const verdict = this.availabilityOf(entry);
    if (verdict && !verdict.runnable) {
      this.#error = verdict.reason;
      this.#status = 'error';
      return false;
    }
    this.#status = 'loading';
    this.#error = null;
    const meter = new RateMeter();
    this.#progress = { stage: 'download', loaded: 0, total: entry.sizeBytes, text: 'Starting', percent: 0, perSecond: 0, etaSeconds: NaN };
    const onProgress = (p: LoadProgress) => {
      const percent = p.stage === 'ready' ? 100 : p.total > 0 ? Math.min(100, (100 * p.loaded) / p.total) : 0;
      const rate = meter.add(performance.now(), p.loaded, p.total);
      this.#progress = { ...p, percent, ...rate };
    };
    try {
      this.#caps = await this.client.remote.load(this.#spec(entry), this.client.proxy(onProgress));
      this.#status = 'ready';
      void this.refreshCache();
      return true;
    } catch (e) {
      this.#error = errorMessage(e);
      this.#status = 'error';
      this.#progress = null;
      // The engine keeps what it had before a failed load.
      this.#caps = await this.client.remote.current().catch(() => null);
      return false;
    }
  }

  async interrupt(): Promise<void> {
    await this.client.remote.interrupt();
  }

  async chat(history: ChatMessage[], options: GenerateOptions, onToken: (piece: string) => void): Promise<ChatResult> {
    const modelId = this.readyModelId;
    if (!modelId) throw new Error('Load a model first.');
    return this.client.remote.chat(modelId, history, options, this.client.proxy(onToken));
  }

  #spec(entry: CatalogEntry): ModelSpec {
    const file = this.#localFiles.get(entry.id);
    if (entry.local && !file) throw new Error(`${entry.name}: the picked file is no longer available; add it again.`);
    return specFor(entry, file);
  }

  #crashed(message: string): void {
    this.#caps = null;
    this.#status = 'error';
    this.#error = message;
  }
}

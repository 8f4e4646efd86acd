import type { CatalogEntry, LicenceGate } from '../../../core/catalogEntry';
import type {
  ChatMessage,
  ChatResult,
  EngineCapabilities,
  GenerateOptions,
  LoadProgress,
  ModelSpec,
  Precision,
} from '../../../core/engine';
import { isBedsideError } from '../../../core/errors';
import type { Availability } from '../../../models/availability';
import { EngineClient, isWorkerLost } from '../shared/engineClient';
import { errorMessage } from '../shared/errorMessage';
import { RateMeter } from '../shared/format';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface LoadView extends LoadProgress {
  percent: number;
  perSecond: number;
  etaSeconds: number;
}

/** How the session learns what it may load and how: from the library and the device stores. */
export interface EngineSessionDeps {
  specFor(entry: CatalogEntry, precision: Precision): ModelSpec;
  availabilityOf(entry: CatalogEntry, precision: Precision): Availability | null;
  /** Whether the user accepted a model's licence gate (MedGemma's HAI-DEF terms); gated models load only then. */
  hasAccepted?(gate: LicenceGate): boolean;
  /** After a successful load, e.g. to list the newly cached weights. */
  onLoaded?(): void;
  /** A load ran out of browser storage: show what can be deleted. */
  onStorageFull?(): void;
}

/** The worker is pinged this often; one ping unanswered this long means it is dead or hung. */
export const LIVENESS = { everyMs: 1000, deadAfterMs: 8000 };
/** More restarts than this within a minute means the model itself kills the worker: stop retrying. */
const MAX_RESTARTS_PER_MINUTE = 5;

/** The engine worker and the model it holds: loading with progress, chat, stop, and recovery from a lost worker. */
export class EngineSession {
  readonly client = new EngineClient((message) => this.#lost(message), undefined, {
    ping: (remote) => remote.current(),
    ...LIVENESS,
  });
  #status = $state<LoadStatus>('idle');
  #progress = $state<LoadView | null>(null);
  #error = $state<string | null>(null);
  #notice = $state<string | null>(null);
  // Raw: replaced whole, never mutated, and handed to the worker and to IndexedDB, which cannot clone proxies.
  #caps = $state.raw<EngineCapabilities | null>(null);
  #runActive = $state(false);
  #deps: EngineSessionDeps;
  /** The model the user asked for last, and its precision, so a restarted worker can load it again. */
  #wanted: { entry: CatalogEntry; precision: Precision } | null = null;
  #loading: Promise<boolean> | null = null;
  /** Set from the moment a lost worker is noticed until its model is loaded again (or that failed). */
  #recovery: Promise<unknown> | null = null;
  #restarts: number[] = [];

  constructor(deps: EngineSessionDeps) {
    this.#deps = deps;
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
  /** Something the user should know that is not a failure, e.g. that the engine was restarted. */
  get notice() {
    return this.#notice;
  }
  get capabilities() {
    return this.#caps;
  }
  /** The model the engine holds now, if it is usable. */
  get readyModelId(): string | null {
    return this.#caps?.info.modelId ?? null;
  }
  /** A benchmark run holds the engine: the worker refuses chat and load until it ends. */
  get runActive() {
    return this.#runActive;
  }

  setRunActive(active: boolean): void {
    this.#runActive = active;
  }

  dismissError(): void {
    this.#error = null;
    this.#notice = null;
    if (this.#status === 'error') this.#status = this.#caps ? 'ready' : 'idle';
  }

  /** Waits for a load in progress (a user's, or one after a lost worker) and says which model is ready then. */
  async whenSettled(): Promise<string | null> {
    while (this.#loading || this.#recovery) await (this.#loading ?? this.#recovery);
    return this.readyModelId;
  }

  /** Loads `entry`; a GGUF at `precision`: `fast` (llama.cpp's defaults) unless a benchmark asks for `exact`. */
  load(entry: CatalogEntry | undefined, precision: Precision = 'fast'): Promise<boolean> {
    if (!entry) return Promise.resolve(false);
    const loading = this.#load(entry, precision).finally(() => {
      if (this.#loading === loading) this.#loading = null;
    });
    this.#loading = loading;
    return loading;
  }

  async #load(entry: CatalogEntry, precision: Precision): Promise<boolean> {
    const verdict = this.#deps.availabilityOf(entry, precision);
    if (verdict && !verdict.runnable) {
      this.#error = verdict.reason;
      this.#status = 'error';
      return false;
    }
    const gate = entry.licenceGate;
    if (gate && !this.#deps.hasAccepted?.(gate)) {
      // Refused before the worker is asked, so not one byte is downloaded without the terms accepted.
      this.#error = `${entry.name} is offered under the ${gate.name}. Read and accept them on the Models page before it downloads.`;
      this.#status = 'error';
      return false;
    }
    this.#wanted = { entry, precision };
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
      this.#caps = await this.client.remote.load(this.#deps.specFor(entry, precision), this.client.proxy(onProgress));
      this.#status = 'ready';
      this.#deps.onLoaded?.();
      return true;
    } catch (e) {
      this.#progress = null;
      if (isWorkerLost(e)) return false; // #lost reports it and loads again.
      // Whatever the engine still holds after the failure (wllama keeps the old model, WebLLM does not).
      this.#caps = await this.client.remote.current().catch(() => null);
      if (isBedsideError(e, 'AbortError')) {
        // The user pressed Cancel: nothing failed, so nothing is shown as an error.
        this.#status = this.#caps ? 'ready' : 'idle';
        return false;
      }
      this.#error = errorMessage(e);
      if (isBedsideError(e, 'QuotaExceeded')) this.#deps.onStorageFull?.();
      this.#status = 'error';
      return false;
    }
  }

  /** Frees the model the engine holds (it is being removed), so nothing reads as loaded that is gone. */
  async unload(): Promise<void> {
    await this.whenSettled();
    await this.client.remote.unload();
    this.#caps = null;
    this.#wanted = null;
    this.#progress = null;
    this.#status = 'idle';
  }

  async interrupt(): Promise<void> {
    await this.client.remote.interrupt();
  }

  async chat(history: ChatMessage[], options: GenerateOptions, onToken: (piece: string) => void): Promise<ChatResult> {
    const modelId = this.readyModelId;
    if (!modelId) throw new Error('Load a model first.');
    return this.client.remote.chat(modelId, history, options, this.client.proxy(onToken));
  }

  /** The worker died or hung: the client already discarded it. Load the model again on a fresh one. */
  #lost(message: string): void {
    this.#caps = null;
    const wanted = this.#wanted;
    const now = Date.now();
    this.#restarts = [...this.#restarts.filter((t) => now - t < 60_000), now];
    if (!wanted || this.#restarts.length > MAX_RESTARTS_PER_MINUTE) {
      this.#status = 'error';
      this.#error = `${message} Load the model again to continue.`;
      return;
    }
    const { entry, precision } = wanted;
    this.#notice = `${message} Bedside started a fresh engine and is loading ${entry.name} again.`;
    const recovery = (async () => {
      // After the lost load (if any) has settled, so the two never race.
      while (this.#loading) await this.#loading;
      if (!this.#caps && (await this.load(entry, precision)))
        this.#notice = `${message} Bedside started a fresh engine and loaded ${entry.name} again.`;
    })().finally(() => {
      if (this.#recovery === recovery) this.#recovery = null;
    });
    this.#recovery = recovery;
  }
}

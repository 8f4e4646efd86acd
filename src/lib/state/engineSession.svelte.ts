import type { CatalogEntry } from '../../../core/catalogEntry';
import type { ChatMessage, ChatResult, EngineCapabilities, GenerateOptions, LoadProgress, ModelSpec } from '../../../core/engine';
import type { Availability } from '../capabilities/availability';
import { EngineClient } from '../engineClient';
import { errorMessage } from '../errorMessage';
import { RateMeter } from '../format';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface LoadView extends LoadProgress {
  percent: number;
  perSecond: number;
  etaSeconds: number;
}

/** How the session learns what it may load and how: from the library and the device stores. */
export interface EngineSessionDeps {
  specFor(entry: CatalogEntry): ModelSpec;
  availabilityOf(entry: CatalogEntry): Availability | null;
  /** After a successful load, e.g. to list the newly cached weights. */
  onLoaded?(): void;
}

/** The engine worker and the model it holds: loading with progress, chat, stop. */
export class EngineSession {
  readonly client = new EngineClient((message) => this.#crashed(message));
  #status = $state<LoadStatus>('idle');
  #progress = $state<LoadView | null>(null);
  #error = $state<string | null>(null);
  #caps = $state<EngineCapabilities | null>(null);
  #deps: EngineSessionDeps;

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
  get capabilities() {
    return this.#caps;
  }
  /** The model the engine holds now, if it is usable. */
  get readyModelId(): string | null {
    return this.#caps?.info.modelId ?? null;
  }

  dismissError(): void {
    this.#error = null;
    if (this.#status === 'error') this.#status = this.#caps ? 'ready' : 'idle';
  }

  async load(entry: CatalogEntry | undefined): Promise<boolean> {
    if (!entry) return false;
    const verdict = this.#deps.availabilityOf(entry);
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
      this.#caps = await this.client.remote.load(this.#deps.specFor(entry), this.client.proxy(onProgress));
      this.#status = 'ready';
      this.#deps.onLoaded?.();
      return true;
    } catch (e) {
      this.#error = errorMessage(e);
      this.#status = 'error';
      this.#progress = null;
      // Whatever the engine still holds after the failure (wllama keeps the old model, WebLLM does not).
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

  #crashed(message: string): void {
    this.#caps = null;
    this.#status = 'error';
    this.#error = message;
  }
}

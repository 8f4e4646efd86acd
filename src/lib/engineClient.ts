import * as Comlink from 'comlink';
import type { EngineWorkerApi } from '../../workers/engine.worker';

export type EngineRemote = Comlink.Remote<EngineWorkerApi>;

/**
 * Holds the engine worker. If the worker dies (crash, out of memory) the next call gets a fresh one;
 * requests name their model, so the fresh worker refuses until the model is loaded again.
 */
export class EngineClient {
  #worker: Worker | null = null;
  #remote: EngineRemote | null = null;
  #onCrash: (message: string) => void;

  constructor(onCrash: (message: string) => void) {
    this.#onCrash = onCrash;
  }

  get remote(): EngineRemote {
    if (!this.#remote) {
      const worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'bedside-engine' });
      worker.addEventListener('error', (e) => {
        this.#discard();
        this.#onCrash(`The engine stopped unexpectedly${e.message ? `: ${e.message}` : ''}. Load the model again to continue.`);
      });
      this.#worker = worker;
      this.#remote = Comlink.wrap<EngineWorkerApi>(worker);
    }
    return this.#remote;
  }

  /** Ends the worker at once, e.g. when a stuck load must be abandoned. */
  #discard(): void {
    this.#remote?.[Comlink.releaseProxy]();
    this.#worker?.terminate();
    this.#worker = null;
    this.#remote = null;
  }

  proxy<T extends object>(fn: T): T {
    return Comlink.proxy(fn);
  }
}

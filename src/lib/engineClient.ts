import * as Comlink from 'comlink';
import type { EngineWorkerApi } from '../../core/workerApi';

export type EngineRemote = Comlink.Remote<EngineWorkerApi>;

function appWorker(): Worker {
  return new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'bedside-engine' });
}

/**
 * Holds the engine worker. If the worker dies (crash, out of memory) the next call gets a fresh one;
 * requests name their model, so the fresh worker refuses until the model is loaded again.
 */
export class EngineClient<Api extends object = EngineWorkerApi> {
  #worker: Worker | null = null;
  #remote: Comlink.Remote<Api> | null = null;
  #onCrash: (message: string) => void;
  #spawn: () => Worker;

  /** `spawn` starts the worker; the app's engine worker unless another entry (the perf harness) is given. */
  constructor(onCrash: (message: string) => void, spawn: () => Worker = appWorker) {
    this.#onCrash = onCrash;
    this.#spawn = spawn;
  }

  get remote(): Comlink.Remote<Api> {
    if (!this.#remote) {
      const worker = this.#spawn();
      worker.addEventListener('error', (e) => {
        this.#discard();
        this.#onCrash(`The engine stopped unexpectedly${e.message ? `: ${e.message}` : ''}. Load the model again to continue.`);
      });
      this.#worker = worker;
      this.#remote = Comlink.wrap<Api>(worker);
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

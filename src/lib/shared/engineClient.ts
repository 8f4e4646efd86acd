import * as Comlink from 'comlink';
import type { EngineWorkerApi } from '../../../core/workerApi';

export type EngineRemote = Comlink.Remote<EngineWorkerApi>;

function appWorker(): Worker {
  return new Worker(new URL('../../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'bedside-engine' });
}

/**
 * Thrown on the page (never in the worker) for every call that was waiting on a worker that died or
 * stopped answering: a comlink call to a dead worker would otherwise wait forever.
 */
export class WorkerLostError extends Error {
  override name = 'WorkerLost';
}

export function isWorkerLost(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'WorkerLost';
}

/** How the client tells a live worker from a dead or hung one. */
export interface Liveness<Api> {
  /** A cheap call the worker answers at once, even while it runs a benchmark. */
  ping(remote: Comlink.Remote<Api>): Promise<unknown>;
  everyMs: number;
  /** A ping unanswered for this long means the worker is gone. */
  deadAfterMs: number;
}

/**
 * Holds the engine worker. A worker that crashes, is closed, or stops answering its liveness ping is
 * discarded: every call still waiting on it rejects with WorkerLostError, `onLost` is told, and the next
 * call gets a fresh worker. Requests name their model, so the fresh worker refuses until the model is
 * loaded again.
 */
export class EngineClient<Api extends object = EngineWorkerApi> {
  #worker: Worker | null = null;
  #remote: Comlink.Remote<Api> | null = null;
  #onLost: (message: string) => void;
  #spawn: () => Worker;
  #liveness: Liveness<Api> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #pingSentAt: number | null = null;
  #lose: ((error: WorkerLostError) => void) | null = null;

  /** `spawn` starts the worker; the app's engine worker unless another entry (the perf harness) is given. */
  constructor(onLost: (message: string) => void, spawn: () => Worker = appWorker, liveness?: Liveness<Api>) {
    this.#onLost = onLost;
    this.#spawn = spawn;
    this.#liveness = liveness;
  }

  get remote(): Comlink.Remote<Api> {
    if (!this.#remote) {
      const worker = this.#spawn();
      const inner = Comlink.wrap<Api>(worker);
      const lost = new Promise<never>((_, reject) => (this.#lose = reject));
      lost.catch(() => undefined);
      worker.addEventListener('error', (e) => this.#declareLost(`The engine stopped unexpectedly${e.message ? `: ${e.message}` : ''}.`));
      this.#worker = worker;
      this.#remote = guarded(inner, lost);
      this.#startPinging(inner);
    }
    return this.#remote;
  }

  /** Ends the worker on purpose (its memory is freed, `onLost` is not told); a later call starts a fresh one. */
  dispose(): void {
    this.#end('The engine was closed.');
  }

  proxy<T extends object>(fn: T): T {
    return Comlink.proxy(fn);
  }

  #startPinging(inner: Comlink.Remote<Api>): void {
    const liveness = this.#liveness;
    if (!liveness) return;
    this.#pingSentAt = null;
    this.#timer = setInterval(() => {
      const now = performance.now();
      // Measured from the unanswered ping, not the last answer, so a throttled background tab is not taken for a dead worker.
      if (this.#pingSentAt !== null) {
        if (now - this.#pingSentAt > liveness.deadAfterMs) {
          this.#declareLost(`The engine stopped responding for ${Math.round(liveness.deadAfterMs / 1000)} s.`);
        }
        return;
      }
      this.#pingSentAt = now;
      liveness.ping(inner).then(
        () => (this.#pingSentAt = null),
        () => undefined,
      );
    }, liveness.everyMs);
  }

  #declareLost(message: string): void {
    if (this.#end(message)) this.#onLost(message);
  }

  /** Rejects every call still waiting on the worker and ends it; false if there was none. */
  #end(message: string): boolean {
    if (!this.#worker) return false;
    clearInterval(this.#timer);
    this.#lose?.(new WorkerLostError(message));
    this.#lose = null;
    this.#worker.terminate();
    this.#worker = null;
    this.#remote = null;
    return true;
  }
}

/** Each method call on the remote settles when the worker answers, or rejects as soon as the worker is lost. */
function guarded<Api extends object>(inner: Comlink.Remote<Api>, lost: Promise<never>): Comlink.Remote<Api> {
  return new Proxy(inner, {
    get(target, prop) {
      const member = (target as Record<PropertyKey, unknown>)[prop];
      if (typeof prop === 'symbol' || typeof member !== 'function') return member;
      return (...args: unknown[]) => Promise.race([(member as (...a: unknown[]) => Promise<unknown>)(...args), lost]);
    },
  });
}

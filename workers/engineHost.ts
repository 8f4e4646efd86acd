import type { ChatResult, ChoiceScore, Engine, EngineCapabilities, ModelSpec } from '../core/engine';
import { BedsideError, isBedsideError } from '../core/errors';
import type { LockKey } from '../core/lockKey';
import type { ItemResult } from '../core/run';
import type { CachedModel, EngineWorkerApi } from '../core/workerApi';
import { runBench } from '../benchmarks/runner/runBench';
import { runOpen } from '../benchmarks/runner/runOpen';
import { chatJudge, judgeRun } from '../benchmarks/grading/judgeRun';
import type { Grade, OpenItemResult } from '../core/openEnded';
import { isQuotaError, recordBytes, storageFullError } from '../core/storageFull';
import { cacheEntriesOf } from './modelCache';

/** What the host needs from outside the engine: storage for results and the weight caches. */
export interface EngineHostDeps {
  createEngine(backend: ModelSpec['backend']): Promise<Engine>;
  listResults(runId: string, key: LockKey | null): Promise<ItemResult[]>;
  putResult(runId: string, result: ItemResult, key: LockKey | null): Promise<void>;
  listOpenResults(runId: string, key: LockKey | null): Promise<OpenItemResult[]>;
  putOpenResult(runId: string, result: OpenItemResult, key: LockKey | null): Promise<void>;
  listGrades(runId: string, key: LockKey | null): Promise<Grade[]>;
  putGrades(grades: readonly Grade[], key: LockKey | null): Promise<void>;
  listCachedModels(): Promise<CachedModel[]>;
  deleteCachedModel(model: Pick<CachedModel, 'backend' | 'url'>): Promise<void>;
  now(): number;
  /** Least time between two batches of streamed text. */
  streamFlushMs?: number;
}

/** Items a run keeps in flight: a served model's setting (or its probed default), one on an in-browser engine. */
function inFlight(caps: EngineCapabilities | null, asked?: number): number {
  const endpoint = caps?.endpoint;
  if (!endpoint) return 1;
  return Math.max(1, Math.floor(asked ?? endpoint.concurrency));
}

export interface EngineHost {
  api: EngineWorkerApi;
  /** The loaded engine, if it holds `modelId`; for other entries (the perf harness) built on this host. */
  engineFor(modelId: string): Engine;
  /** A fresh abort signal for the next operation; `interrupt` aborts it. */
  begin(): AbortSignal;
}

/**
 * The worker's request handler, kept apart from `Comlink.expose` so it can be tested with a fake
 * engine in Node. It owns at most one engine, refuses requests for a model it does not hold, and
 * refuses other work while a benchmark runs (see EngineWorkerApi).
 */
export function createEngineHost(deps: EngineHostDeps): EngineHost {
  let engine: Engine | null = null;
  let active: AbortController | null = null;
  let benchRunning = false;
  const flushMs = deps.streamFlushMs ?? 40;

  function current(): EngineCapabilities | null {
    return engine?.loaded() ?? null;
  }

  function refuseWhileBenchRuns(what: string): void {
    if (benchRunning) {
      throw new BedsideError(
        'EngineBusy',
        `A benchmark run is using the model, so ${what} has to wait. Cancel the run on the Benchmarks page, or wait for it to finish.`,
      );
    }
  }

  function engineFor(modelId: string): Engine {
    const caps = current();
    if (!engine || !caps) throw new BedsideError('ModelNotLoaded', 'No model is loaded. Pick a model and press Load.');
    if (caps.info.modelId !== modelId) {
      throw new BedsideError('ModelMismatch', `The engine holds ${caps.info.modelId}, not ${modelId}. Load ${modelId} again.`);
    }
    return engine;
  }

  function begin(): AbortSignal {
    active?.abort();
    active = new AbortController();
    return active.signal;
  }

  /**
   * Stores one item's result. Storage running out is said with the item the run stopped at and the size
   * refused; the run then stops (runBench), keeping every result saved, and a resume scores only the rest.
   */
  async function saveResult(runId: string, result: ItemResult, total: number, key: LockKey | null): Promise<void> {
    try {
      await deps.putResult(runId, result, key);
    } catch (e) {
      if (!isQuotaError(e)) throw e;
      throw await storageFullError(
        `the result of item ${result.index + 1} of ${total} (${result.itemId})`,
        recordBytes(result),
        `The run stopped at that item. Every result saved before it is kept, and Resume scores only the items not saved yet.`,
      );
    }
  }

  /** A write that storage refused for room: said with what was being saved; what was saved before is kept. */
  async function saving(what: string, bytes: number, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (e) {
      if (!isQuotaError(e)) throw e;
      throw await storageFullError(what, bytes, 'The run stopped there. Everything saved before is kept, and Resume goes on from there.');
    }
  }

  /** Holds the engine for a long job (a run, a judging) so nothing else uses it meanwhile. */
  async function exclusively<T>(what: string, modelId: string, job: (model: Engine, signal: AbortSignal) => Promise<T>): Promise<T> {
    refuseWhileBenchRuns(what);
    const model = engineFor(modelId);
    const signal = begin();
    benchRunning = true;
    try {
      return await job(model, signal);
    } finally {
      benchRunning = false;
    }
  }

  const api: EngineWorkerApi = {
    async load(spec, onProgress) {
      refuseWhileBenchRuns('loading another model');
      const signal = begin();
      const reuse = engine && engine.loaded()?.info.backend === spec.backend;
      const next = reuse && engine ? engine : await deps.createEngine(spec.backend);
      let caps: EngineCapabilities;
      try {
        caps = await next.load(spec, onProgress, signal);
      } catch (e) {
        // Storage ran out mid-download: what was written is removed, so no partial download counts as
        // cached, and its room is free again.
        if (isBedsideError(e, 'QuotaExceeded')) {
          for (const entry of cacheEntriesOf(spec)) await deps.deleteCachedModel(entry).catch(() => undefined);
        }
        throw e;
      }
      if (engine && engine !== next) await engine.unload().catch(() => undefined);
      engine = next;
      return caps;
    },

    current,

    /**
     * Streams text to the page in batches at most every `flushMs` rather than per token: one message
     * and one re-render per batch keeps the page responsive (and Stop prompt) at high token rates.
     */
    async chat(modelId, messages, options, onText): Promise<ChatResult> {
      refuseWhileBenchRuns('this message');
      const model = engineFor(modelId);
      let pending = '';
      let timer: ReturnType<typeof setTimeout> | undefined;
      const flush = () => {
        timer = undefined;
        if (pending) onText(pending);
        pending = '';
      };
      try {
        return await model.chat(
          messages,
          options,
          (piece) => {
            pending += piece;
            timer ??= setTimeout(flush, flushMs);
          },
          begin(),
        );
      } finally {
        clearTimeout(timer);
        flush();
      }
    },

    async scoreChoices(modelId, prompt, choices): Promise<ChoiceScore[]> {
      refuseWhileBenchRuns('scoring');
      return engineFor(modelId).scoreChoices(prompt, choices, begin());
    },

    /**
     * Runs a benchmark next to the engine: results go straight to storage as each item completes, and
     * the page only hears progress. Items already stored for this run are skipped.
     */
    async runBench(modelId, runId, items, config, template, onProgress, lockKey, concurrency) {
      refuseWhileBenchRuns('another run');
      const model = engineFor(modelId);
      const signal = begin();
      benchRunning = true;
      try {
        const finished = await deps.listResults(runId, lockKey);
        return await runBench({
          engine: model,
          items,
          config,
          template,
          done: new Set(finished.map((r) => r.itemId)),
          prior: { scored: finished.filter((r) => r.error === undefined).length, correct: finished.filter((r) => r.correct).length },
          sink: { put: (result) => saveResult(runId, result, items.length, lockKey) },
          onProgress,
          signal,
          now: deps.now,
          // A served model takes several items at once; an in-browser engine one.
          concurrency: inFlight(model.loaded(), concurrency),
        });
      } finally {
        benchRunning = false;
      }
    },

    runOpen(modelId, runId, items, config, onProgress, lockKey) {
      return exclusively('another run', modelId, async (model, signal) => {
        const finished = await deps.listOpenResults(runId, lockKey);
        return runOpen({
          engine: model,
          items,
          config,
          done: new Set(finished.map((r) => r.itemId)),
          priorFailed: finished.filter((r) => r.error !== undefined).length,
          sink: {
            put: (result) =>
              saving(`the answer to item ${result.index + 1} of ${items.length} (${result.itemId})`, recordBytes(result), () =>
                deps.putOpenResult(runId, result, lockKey),
              ),
          },
          onProgress,
          signal,
          now: deps.now,
        });
      });
    },

    judgeOpenRun(modelId, runId, items, options, onProgress, lockKey) {
      return exclusively('judging', modelId, async (model, signal) =>
        judgeRun({
          runId,
          model: modelId,
          ask: chatJudge(model),
          items,
          results: await deps.listOpenResults(runId, lockKey),
          existing: await deps.listGrades(runId, lockKey),
          sink: (grades) =>
            saving(`the grades of item ${grades[0]?.itemId ?? ''}`, recordBytes(grades), () => deps.putGrades(grades, lockKey)),
          onProgress,
          maxRetries: options.maxRetries,
          signal,
          now: () => new Date().toISOString(),
        }),
      );
    },

    interrupt() {
      active?.abort();
    },

    // Probing runs beside whatever the engine does: it only reads from the server the user named.
    async listEndpointModels(baseUrl, apiKey) {
      return (await import('./engines/endpoint/endpointEngine')).listEndpointModels(baseUrl, apiKey);
    },

    async probeEndpoint(endpoint) {
      return (await (await import('./engines/endpoint/endpointEngine')).probeEndpoint(endpoint)).info;
    },

    listCachedModels: () => deps.listCachedModels(),
    deleteCachedModel: (model) => deps.deleteCachedModel(model),

    async unload() {
      refuseWhileBenchRuns('unloading');
      await engine?.unload();
      engine = null;
    },
  };

  return { api, engineFor, begin };
}

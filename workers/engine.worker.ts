import * as Comlink from 'comlink';
import type { ChatMessage, ChatResult, ChoiceScore, GenerateOptions } from '../benchmarks/engine';
import type { PromptTemplate } from '../benchmarks/prompts/templates';
import { runBench, type RunBenchOutcome } from '../benchmarks/runner/runBench';
import type { RunConfig, RunProgress } from '../benchmarks/runner/types';
import type { SuiteItem } from '../benchmarks/suites/schema';
import { listResults, putResult } from '../src/lib/db/runs';
import type { Engine, EngineCapabilities, LoadProgress, ModelSpec } from './engine';
import { BedsideError } from './errors';
import { deleteCachedModel, listCachedModels, type CachedModel } from './modelCache';

/**
 * The one worker that owns the engine. Engines load lazily (dynamic import) so the page shell never
 * carries their code. Every request names the model it expects, so a page talking to a worker that
 * restarted or loaded something else gets ModelMismatch instead of an answer from the wrong model.
 */
let engine: Engine | null = null;
let current: EngineCapabilities | null = null;
let active: AbortController | null = null;

const STREAM_FLUSH_MS = 40;

async function createEngine(backend: ModelSpec['backend']): Promise<Engine> {
  if (backend === 'webllm') return (await import('./engines/webllm')).createWebLlmEngine();
  return (await import('./engines/wllama')).createWllamaEngine();
}

function engineFor(modelId: string): Engine {
  if (!engine || !current) throw new BedsideError('ModelNotLoaded', 'No model is loaded. Pick a model and press Load.');
  if (current.info.modelId !== modelId) {
    throw new BedsideError('ModelMismatch', `The engine holds ${current.info.modelId}, not ${modelId}. Load ${modelId} again.`);
  }
  return engine;
}

function begin(): AbortSignal {
  active?.abort();
  active = new AbortController();
  return active.signal;
}

const api = {
  async load(spec: ModelSpec, onProgress: (p: LoadProgress) => void): Promise<EngineCapabilities> {
    const signal = begin();
    const sameBackend = engine && current?.info.backend === spec.backend;
    const next = sameBackend && engine ? engine : await createEngine(spec.backend);
    const caps = await next.load(spec, onProgress, signal);
    if (engine && engine !== next) await engine.unload().catch(() => undefined);
    engine = next;
    current = caps;
    return caps;
  },

  current(): EngineCapabilities | null {
    return current;
  },

  /**
   * Streams text to the page in batches at most every STREAM_FLUSH_MS rather than per token: one
   * message and one re-render per batch keeps the page responsive (and Stop prompt) at high token rates.
   */
  async chat(modelId: string, messages: ChatMessage[], options: GenerateOptions, onText: (text: string) => void): Promise<ChatResult> {
    const model = engineFor(modelId);
    let pending = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      if (pending) onText(pending);
      pending = '';
    };
    try {
      return await model.chat(messages, options, (piece) => {
        pending += piece;
        timer ??= setTimeout(flush, STREAM_FLUSH_MS);
      }, begin());
    } finally {
      clearTimeout(timer);
      flush();
    }
  },

  async scoreChoices(modelId: string, prompt: string, choices: string[]): Promise<ChoiceScore[]> {
    return engineFor(modelId).scoreChoices(prompt, choices, begin());
  },

  /**
   * Runs a benchmark here, next to the engine: results go straight to IndexedDB as each item
   * completes, and the page only hears progress. Items already stored for this run are skipped.
   */
  async runBench(
    modelId: string,
    runId: string,
    items: SuiteItem[],
    config: RunConfig,
    template: PromptTemplate,
    onProgress: (p: RunProgress) => void,
  ): Promise<RunBenchOutcome> {
    const model = engineFor(modelId);
    const signal = begin();
    const finished = await listResults(runId);
    return runBench({
      engine: model,
      items,
      config,
      template,
      done: new Set(finished.map((r) => r.itemId)),
      prior: { scored: finished.length, correct: finished.filter((r) => r.correct).length },
      sink: { put: (result) => putResult(runId, result) },
      onProgress,
      signal,
      now: () => performance.now(),
    });
  },

  /** Stops whatever runs now: a download, a generation or a benchmark. */
  interrupt(): void {
    active?.abort();
  },

  listCachedModels(): Promise<CachedModel[]> {
    return listCachedModels();
  },

  deleteCachedModel(model: Pick<CachedModel, 'backend' | 'url'>): Promise<void> {
    return deleteCachedModel(model);
  },

  async unload(): Promise<void> {
    await engine?.unload();
    engine = null;
    current = null;
  },

  /**
   * The baseline the benchmark runner's overhead is measured against: the same scoring calls with no
   * runner, storage or progress in between, timed here so no worker messaging is counted.
   */
  async scoreBare(modelId: string, prompts: string[], choices: string[][]): Promise<{ ms: number }> {
    const model = engineFor(modelId);
    const signal = begin();
    const started = performance.now();
    for (const [i, prompt] of prompts.entries()) await model.scoreChoices(prompt, choices[i] ?? [], signal);
    return { ms: performance.now() - started };
  },
};

export type EngineWorkerApi = typeof api;

Comlink.expose(api);

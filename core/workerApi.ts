import type {
  ChatMessage,
  ChatResult,
  ChoiceScore,
  EndpointInfo,
  EndpointModel,
  EndpointSpec,
  EngineCapabilities,
  GenerateOptions,
  LoadProgress,
  ModelSpec,
} from './engine';
import type { LockKey } from './lockKey';
import type { OpenItem, OpenRunConfig } from './openEnded';
import type { JudgeOutcome, JudgeProgress, OpenRunOutcome, OpenRunProgress } from './openRunRecord';
import type { PromptTemplate, RunBenchOutcome, RunConfig, RunProgress } from './run';
import type { SuiteItem } from './suite';

/** Model weights kept by the browser: wllama's cache (OPFS) and WebLLM's (Cache API). */
export interface CachedModel {
  backend: 'wllama' | 'webllm';
  /** The URL the weights were fetched from (a GGUF file, or an MLC weights folder). */
  url: string;
  sizeBytes: number;
  /** Kept by the app's service worker with the app itself (the bundled model): it goes only with the app. */
  withApp?: true;
}

/**
 * What the engine worker answers, and all the page may ask of it. The worker implements this
 * interface and the page's comlink client is typed by it, so neither side can drift.
 *
 * Every model-bound call names the model the caller expects: a worker that restarted or holds another
 * model refuses with `ModelMismatch` / `ModelNotLoaded` instead of answering from the wrong one.
 * While a benchmark runs, chat, scoreChoices and load are refused with `EngineBusy`; only `interrupt`
 * (which stops the run) gets through. A run is long and resumable, so silently cancelling it for a
 * chat message would lose the user's place without telling them.
 */
export interface EngineWorkerApi {
  load(spec: ModelSpec, onProgress: (p: LoadProgress) => void): Promise<EngineCapabilities>;
  /** The model the engine holds now, or null: after a failed load this is whatever truly survived. */
  current(): EngineCapabilities | null;
  /** Streams text in batches (at most one message per flush interval), then resolves with the result. */
  chat(modelId: string, messages: ChatMessage[], options: GenerateOptions, onText: (text: string) => void): Promise<ChatResult>;
  scoreChoices(modelId: string, prompt: string, choices: string[]): Promise<ChoiceScore[]>;
  /** Scores the items not yet stored for `runId`, writing each result to storage as it completes. */
  runBench(
    modelId: string,
    runId: string,
    items: SuiteItem[],
    config: RunConfig,
    template: PromptTemplate,
    onProgress: (p: RunProgress) => void,
    /** The passphrase lock's session key, or null while the lock is off: generated answers are stored sealed with it. */
    lockKey: LockKey | null,
    /** A served model: items in flight at once (the run's setting); the probed default when absent. In-browser engines take one. */
    concurrency?: number,
  ): Promise<RunBenchOutcome>;
  /**
   * Answers the items of an open-ended run not yet stored for `runId`, storing each answer (sealed with
   * `lockKey` while the lock is on) with its reference metrics as it arrives. Refuses other work meanwhile, as runBench.
   */
  runOpen(
    modelId: string,
    runId: string,
    items: OpenItem[],
    config: OpenRunConfig,
    onProgress: (p: OpenRunProgress) => void,
    lockKey: LockKey | null,
  ): Promise<OpenRunOutcome>;
  /**
   * The loaded model judges every stored answer of an open-ended run that it has not graded yet (rubric
   * criteria, or a 1–5 rating), storing each answer's grades as they are made.
   */
  judgeOpenRun(
    modelId: string,
    runId: string,
    items: OpenItem[],
    options: { maxRetries: number },
    onProgress: (p: JudgeProgress) => void,
    lockKey: LockKey | null,
  ): Promise<JudgeOutcome>;
  /** Stops whatever runs now: a download, a generation or a benchmark. */
  interrupt(): void;
  /** The models a server lists, to pick one when adding an endpoint; contacts that server's host only. */
  listEndpointModels(baseUrl: string, apiKey?: string): Promise<EndpointModel[]>;
  /**
   * What answers at an endpoint and what it can do with the model (per capability: ok, or why not),
   * without loading it: the Models page shows this before the user adds the model.
   */
  probeEndpoint(endpoint: EndpointSpec): Promise<EndpointInfo>;
  listCachedModels(): Promise<CachedModel[]>;
  deleteCachedModel(model: Pick<CachedModel, 'backend' | 'url'>): Promise<void>;
  unload(): Promise<void>;
}

import type { EngineCapabilities, GenerationUsage, Precision } from './engine';
import type { ScoringMode } from './suite';

/**
 * What `npm run bench:perf` (scripts/perf/benchPerf.ts) and the performance page it drives in Chromium
 * (harness/perfPage.ts) agree on.
 */

type PerfModelOrigin =
  /** A catalog model, loaded as the app loads it: by URL, through the engine's cache. */
  | { kind: 'catalog'; id: string }
  /** A GGUF fetched into memory first, so the timed load is the engine's alone, as native reads from the page cache. */
  | { kind: 'file'; id: string; url: string; quant: string; contextSize: number };

/** A model to load, and the precision to load it at (benchmarks run `exact`, chat `fast`). */
export type PerfModelSource = PerfModelOrigin & { precision: Precision };

export interface PerfLoad {
  caps: EngineCapabilities;
  loadMs: number;
}

export interface SuiteRunOptions {
  suiteId: string;
  n: number;
  mode: ScoringMode;
  maxTokens: number;
  seed: number;
}

export interface SuiteTiming {
  ms: number;
  items: number;
  /** Sum of the runner's per-item latencies (the engine call alone): the rest of `ms` is the harness's. */
  scoringMs: number;
  /** Mean completion tokens per item (generative mode), to show what a generative item cost. */
  meanCompletionTokens: number | null;
}

export interface GenerationTiming {
  text: string;
  finishReason: string;
  usage: GenerationUsage;
  wallMs: number;
}

export interface ScalePoint {
  parameters: number;
  tokensPerSecond: number;
  series: string;
  phase: 'prompt' | 'decode';
}

export interface BedsidePerf {
  environment(): { crossOriginIsolated: boolean; hardwareConcurrency: number; userAgent: string };
  load(source: PerfModelSource): Promise<PerfLoad>;
  unload(): Promise<void>;
  /** The app's run path: createRun + executeRun (worker runner, IndexedDB, progress on this page). */
  fullRun(options: SuiteRunOptions): Promise<SuiteTiming>;
  /**
   * The same items' letter-logprob scoring in a plain loop inside the worker.
   */
  bareScore(options: Omit<SuiteRunOptions, 'mode' | 'maxTokens'>): Promise<SuiteTiming>;
  /**
   * The floor a log-prob item cannot go below: each item's prompt, as the run renders it, evaluated
   * afresh plus one forced token (a one-token completion), in a plain loop inside the worker.
   */
  prefillOnly(options: Omit<SuiteRunOptions, 'maxTokens'>): Promise<SuiteTiming>;
  /** One greedy generation of one user message, with the engine's own timings. */
  generate(prompt: string, maxTokens: number): Promise<GenerationTiming>;
  plotScale(points: ScalePoint[]): string;
}

declare global {
  interface Window {
    bedsidePerf: BedsidePerf;
  }
}

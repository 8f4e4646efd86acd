import type { GpuLayersChoice, Precision } from './engine';
import type { ItemSelection } from './run';
import type { ScoringMode } from './suite';

/**
 * What `npm run bench` (scripts/benchmarkCli.ts) and the headless benchmark page it drives in Chromium
 * (harness/benchmarkPage.ts) agree on. The page runs the Benchmarks view's own run code; the CLI
 * only passes options in and writes the document that comes back.
 */

export type BenchSuiteSource = { kind: 'builtin'; id: string } | { kind: 'file'; fileName: string; text: string };

export interface BenchOptions {
  modelId: string;
  suite: BenchSuiteSource;
  /** The suite's default mode when absent. */
  mode?: ScoringMode;
  selection: ItemSelection;
  seed: number;
  maxTokens: number;
  /** GGUF layers on WebGPU (`npm run bench -- --gpu-layers`); Auto when absent. */
  gpuLayers?: GpuLayersChoice;
  /** GGUF models: `exact` unless asked (`npm run bench -- --precision fast`), so runs match native llama.cpp. */
  precision?: Precision;
  /** Exemplars per item where the suite offers an n-shot protocol (`--num-fewshot`); zero-shot when absent. */
  nShot?: number;
  /** Keep items that need a figure (`--include-image-items`); left out when absent. */
  includeImageItems?: boolean;
}

/** An open-ended run (`npm run bench -- --suite-file F` with an open-ended file, or `--suite` a shipped open one). */
export interface OpenBenchOptions {
  modelId: string;
  suite: BenchSuiteSource;
  selection: ItemSelection;
  seed: number;
  maxTokens: number;
  gpuLayers?: GpuLayersChoice;
  precision?: Precision;
  /** A catalog model that judges the answers once they are all written (`--judge`), and its asks after an invalid reply. */
  judge?: { modelId: string; maxRetries: number };
}

export interface BenchOutcome {
  /**
   * The finished run as the Benchmarks view's "Export JSON" writes it (benchmarks/runs/runExport.ts; for
   * an open-ended run, benchmarks/runs/openRunExport.ts).
   */
  json: string;
}

declare global {
  interface Window {
    bedsideBench: { run(options: BenchOptions): Promise<BenchOutcome>; runOpen(options: OpenBenchOptions): Promise<BenchOutcome> };
  }
}

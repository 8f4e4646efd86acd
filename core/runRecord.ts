import type { ComputePlacement, EndpointInfo, GpuLayersSetting } from './engine';
import type { ItemResult, RunConfig } from './run';

/**
 * A benchmark run as it is stored and exported. Here in core/ because the page, the Node CLIs and the
 * run-export code in benchmarks/ all read the same record.
 */

export type RunStatus = 'running' | 'cancelled' | 'completed' | 'failed';

/** A benchmark run and everything that produced its numbers, so each number can be traced back to it. */
export interface RunRecord {
  id: string;
  status: RunStatus;
  config: RunConfig;
  /** As the suite stated when the run began; `language` and `use_restriction` are absent on runs stored before they were recorded. */
  suite: {
    id: string;
    name: string;
    version: number;
    sha256: string;
    source: string;
    licence: string;
    custom: boolean;
    language?: string;
    use_restriction?: string;
  };
  model: {
    id: string;
    name: string;
    source: string;
    backend: string;
    quant: string;
    engineVersion: string;
    threads: number;
    /** Where the layers ran, from the engine's own report (wllama: llama.cpp's load log). */
    compute?: ComputePlacement;
    /** The GPU-layers choice the run was loaded with, and the n_gpu_layers it became. */
    gpuLayers?: GpuLayersSetting;
    /** A served model: where its prompts went, what served them, and the precision the server reports. */
    endpoint?: EndpointRunInfo;
  };
  env: { appVersion: string; gitHash: string; userAgent: string; gpu: string | null; crossOriginIsolated: boolean };
  /** The selected items in scoring order, fixed at creation so a resume scores the same set. */
  itemIds: string[];
  startedAt: number;
  endedAt?: number;
  error?: string;
  /** Items finished and correct when the run last stopped, for the runs list. */
  tally?: { done: number; correct: number };
}

/** What a run records of a served model; never its API key. */
export type EndpointRunInfo = Pick<EndpointInfo, 'host' | 'baseUrl' | 'server' | 'modelId' | 'precision' | 'concurrency'>;

/** The probe's findings as a run records them, with the items in flight it ran with. */
export function endpointRunInfo(info: EndpointInfo, concurrency = info.concurrency): EndpointRunInfo {
  return { host: info.host, baseUrl: info.baseUrl, server: info.server, modelId: info.modelId, precision: info.precision, concurrency };
}

export type StoredItemResult = ItemResult & { runId: string };

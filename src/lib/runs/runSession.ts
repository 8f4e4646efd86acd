import type { RunBenchOutcome } from '../../../core/run';
import { selectItems } from '../../../benchmarks/runner/sampling';
import type { ItemSelection, RunConfig, RunProgress } from '../../../core/run';
import { promptRef, templateHash } from '../../../benchmarks/prompts/templates';
import type { ScoringMode, Suite } from '../../../core/suite';
import type { EngineCapabilities } from '../../../core/engine';
import type { EngineRemote } from '../engineClient';
import { listResults, patchRun, putRun } from '../../../storage/runs';
import type { RunRecord } from '../../../storage/records';
import { errorMessage } from '../errorMessage';
import { recordedTemplate, templateFor, type SuiteChoice } from '../suites/suiteSource';

declare const __APP_VERSION__: string;
declare const __GIT_HASH__: string;

export interface RunRequest {
  suite: SuiteChoice;
  mode: ScoringMode;
  selection: ItemSelection;
  seed: number;
  /** Generative mode: token budget and whether to ask for reasoning first. */
  maxTokens: number;
  stepByStep: boolean;
}

export interface RunEnvironment {
  remote: EngineRemote;
  proxy: <T extends object>(fn: T) => T;
  caps: EngineCapabilities;
  modelName: string;
  modelSource: string;
  gpu: string | null;
}

/** Creates the run record: its config, the fixed item list and where every number will come from. */
export async function createRun(req: RunRequest, suite: Suite, env: RunEnvironment, now = Date.now()): Promise<RunRecord> {
  const template = templateFor(suite, req.suite.id, req.mode, req.stepByStep);
  const items = selectItems(suite.items, req.selection, req.seed);
  const config: RunConfig = {
    suite: { id: req.suite.id, version: req.suite.version, sha256: req.suite.sha256 },
    prompt: await promptRef(template),
    mode: req.mode,
    generation: { temperature: 0, topP: 1, maxTokens: req.maxTokens, seed: req.seed },
    seed: req.seed,
    selection: req.selection,
    nShot: 0,
  };
  const run: RunRecord = {
    id: crypto.randomUUID(),
    status: 'running',
    config,
    suite: {
      id: req.suite.id,
      name: req.suite.name,
      version: req.suite.version,
      sha256: req.suite.sha256,
      source: req.suite.source,
      licence: req.suite.licence,
      custom: req.suite.custom,
    },
    model: {
      id: env.caps.info.modelId,
      name: env.modelName,
      source: env.modelSource,
      backend: env.caps.info.backend,
      quant: env.caps.info.quant,
      engineVersion: env.caps.info.engineVersion,
      threads: env.caps.threads,
    },
    env: {
      appVersion: __APP_VERSION__,
      gitHash: __GIT_HASH__,
      userAgent: navigator.userAgent,
      gpu: env.gpu,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
    },
    itemIds: items.map((i) => i.id),
    startedAt: now,
  };
  await putRun(run);
  return run;
}

export type RunEnd = { status: 'completed' | 'cancelled' | 'failed'; outcome?: RunBenchOutcome; error?: string };

/**
 * Scores the run's unfinished items in the engine worker. Safe to call again after a reload or a
 * crash: the worker skips items whose results are stored.
 */
export async function executeRun(run: RunRecord, suite: Suite, env: RunEnvironment, onProgress: (p: RunProgress) => void): Promise<RunEnd> {
  if (env.caps.info.modelId !== run.model.id) {
    return { status: 'failed', error: `This run belongs to ${run.model.name}; load that model to resume it.` };
  }
  const template = recordedTemplate(suite, run.config.prompt.id);
  if (!template || (await templateHash(template)) !== run.config.prompt.hash) {
    return {
      status: 'failed',
      error: `The prompt template ${run.config.prompt.id} changed since this run started, so it cannot be resumed comparably.`,
    };
  }
  const byId = new Map(suite.items.map((i) => [i.id, i]));
  const items = run.itemIds.flatMap((id) => byId.get(id) ?? []);
  if (items.length !== run.itemIds.length) {
    return { status: 'failed', error: `The suite ${run.suite.name} no longer holds every item of this run.` };
  }
  await patchRun(run.id, { status: 'running', error: undefined });
  let end: RunEnd;
  try {
    const outcome = await env.remote.runBench(run.model.id, run.id, items, run.config, template, env.proxy(onProgress));
    end = { status: 'completed', outcome };
  } catch (e) {
    const stopped = (e as { name?: string })?.name === 'AbortError';
    end = stopped ? { status: 'cancelled' } : { status: 'failed', error: errorMessage(e) };
  }
  const results = await listResults(run.id);
  const tally = { done: results.length, correct: results.filter((r) => r.correct).length };
  await patchRun(run.id, { status: end.status, endedAt: Date.now(), error: end.error, tally });
  return end;
}

import type { RunBenchOutcome } from '../../../core/run';
import { selectItems } from '../../../benchmarks/runner/sampling';
import type { ItemSelection, RunProgress } from '../../../core/run';
import { templateHash } from '../../../benchmarks/prompts/templates';
import { runConfigFor } from '../../../benchmarks/runner/runConfig';
import type { ScoringMode, Suite } from '../../../core/suite';
import type { EngineCapabilities } from '../../../core/engine';
import { isWorkerLost, type EngineRemote } from '../shared/engineClient';
import { listResults, patchRun, putRun } from '../../../storage/runs';
import type { RunRecord } from '../../../storage/records';
import { endpointRunInfo } from '../../../core/runRecord';
import { isBedsideError } from '../../../core/errors';
import type { LockKey } from '../../../storage/passphraseLock';
import { errorMessage } from '../shared/errorMessage';
import { isQuotaError } from '../../../core/storageFull';
import { modeRefusal, nShotRefusal } from '../../../benchmarks/suites/modes';
import { eligibleItems } from '../../../benchmarks/runner/eligibility';
import { servedModeRefusal } from '../../../benchmarks/runner/servedModes';
import { recordedTemplate, templateFor, type SuiteChoice } from '../../../benchmarks/suites/suiteChoice';

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
  /** Exemplars per item, where the suite offers an n-shot protocol (CMMLU: 5); zero-shot when absent. */
  nShot?: number;
  /** Keep items that need a figure the suite does not ship (HEAD-QA); left out when absent. */
  includeImageItems?: boolean;
  /** A served model: items in flight at once; the probed default (4) when absent. */
  concurrency?: number;
}

export interface RunEnvironment {
  remote: EngineRemote;
  /** The passphrase lock's session key (null while off): the worker stores generated answers sealed with it. */
  lockKey: LockKey | null;
  proxy: <T extends object>(fn: T) => T;
  caps: EngineCapabilities;
  modelName: string;
  modelSource: string;
  gpu: string | null;
}

/**
 * What every run records of where its numbers came from, multiple-choice and open-ended alike: the suite
 * as it stated itself, the model and engine, and the browser.
 */
export function runProvenance(
  choice: Pick<SuiteChoice, 'id' | 'name' | 'version' | 'sha256' | 'source' | 'licence' | 'custom' | 'language' | 'useRestriction'>,
  env: RunEnvironment,
  concurrency?: number,
): Pick<RunRecord, 'suite' | 'model' | 'env'> {
  return {
    suite: {
      id: choice.id,
      name: choice.name,
      version: choice.version,
      sha256: choice.sha256,
      source: choice.source,
      licence: choice.licence,
      custom: choice.custom,
      ...(choice.language === undefined ? {} : { language: choice.language }),
      ...(choice.useRestriction === undefined ? {} : { use_restriction: choice.useRestriction }),
    },
    model: {
      id: env.caps.info.modelId,
      name: env.modelName,
      source: env.modelSource,
      backend: env.caps.info.backend,
      quant: env.caps.info.quant,
      engineVersion: env.caps.info.engineVersion,
      threads: env.caps.threads,
      ...(env.caps.compute ? { compute: env.caps.compute } : {}),
      ...(env.caps.gpuLayers ? { gpuLayers: env.caps.gpuLayers } : {}),
      ...(env.caps.endpoint ? { endpoint: endpointRunInfo(env.caps.endpoint, concurrency) } : {}),
    },
    env: {
      appVersion: __APP_VERSION__,
      gitHash: __GIT_HASH__,
      userAgent: navigator.userAgent,
      gpu: env.gpu,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
    },
  };
}

/** Creates the run record: its config, the fixed item list and where every number will come from. */
export async function createRun(req: RunRequest, suite: Suite, env: RunEnvironment, now = Date.now()): Promise<RunRecord> {
  const refused =
    modeRefusal(req.suite, req.mode) ??
    nShotRefusal(req.suite.id, req.mode, req.nShot ?? 0) ??
    servedModeRefusal(env.caps.endpoint, req.mode);
  if (refused) throw new Error(refused);
  const template = templateFor(suite, req.suite.id, req.mode, req.stepByStep, req.nShot ?? 0);
  const eligible = eligibleItems(suite.items, req.mode, req.includeImageItems === true);
  const config = await runConfigFor({
    suite: { id: req.suite.id, version: req.suite.version, sha256: req.suite.sha256 },
    mode: req.mode,
    selection: req.selection,
    seed: req.seed,
    maxTokens: req.maxTokens,
    template,
    addsBos: env.caps.addsBos,
    truncation: env.caps.truncation,
    precision: env.caps.precision,
    nShot: req.nShot ?? 0,
    includeImageItems: req.includeImageItems === true,
    excluded: eligible.excluded,
  });
  const items = selectItems(eligible.items, config.selection, req.seed);
  const run: RunRecord = {
    id: crypto.randomUUID(),
    status: 'running',
    config,
    ...runProvenance(req.suite, env, req.concurrency),
    itemIds: items.map((i) => i.id),
    startedAt: now,
  };
  await putRun(run);
  return run;
}

/**
 * `lost`: the engine worker died mid-run; the run stays `running` with its finished items, to be resumed.
 * `storageFull`: the run stopped because browser storage refused a result.
 */
export type RunEnd = {
  status: 'completed' | 'cancelled' | 'failed' | 'lost';
  outcome?: RunBenchOutcome;
  error?: string;
  storageFull?: boolean;
};

/**
 * Scores the run's unfinished items in the engine worker. Safe to call again after a reload or a
 * crash: the worker skips items whose results are stored.
 */
/**
 * `stopRequested` is asked once more right before the worker is handed the run: a Stop pressed while the run was
 * still being prepared aborted nothing in the worker yet (it aborts only what it is doing), so it would be lost.
 */
export async function executeRun(
  run: RunRecord,
  suite: Suite,
  env: RunEnvironment,
  onProgress: (p: RunProgress) => void,
  stopRequested: () => boolean = () => false,
): Promise<RunEnd> {
  if (env.caps.info.modelId !== run.model.id) {
    return { status: 'failed', error: `This run belongs to ${run.model.name}; load that model to resume it.` };
  }
  const recorded = run.config.protocol?.precision?.precision;
  if (recorded && env.caps.precision && env.caps.precision.precision !== recorded) {
    return {
      status: 'failed',
      error: `This run was scored at ${recorded} precision; load ${run.model.name} at ${recorded} precision to resume it.`,
    };
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
  let end: RunEnd & { status: 'completed' | 'cancelled' | 'failed' };
  try {
    if (stopRequested()) throw new DOMException('Stopped before it started.', 'AbortError');
    const outcome = await env.remote.runBench(
      run.model.id,
      run.id,
      items,
      run.config,
      template,
      env.proxy(onProgress),
      env.lockKey,
      run.model.endpoint?.concurrency,
    );
    end = { status: 'completed', outcome };
  } catch (e) {
    if (isWorkerLost(e)) return { status: 'lost', error: errorMessage(e) };
    const stopped = (e as { name?: string })?.name === 'AbortError';
    end = stopped
      ? { status: 'cancelled' }
      : { status: 'failed', error: failureMessage(e), ...(isQuotaError(e) ? { storageFull: true } : {}) };
  }
  const results = await listResults(run.id, env.lockKey);
  const tally = { done: results.length, correct: results.filter((r) => r.correct).length };
  try {
    await patchRun(run.id, { status: end.status, endedAt: Date.now(), error: end.error, tally });
  } catch (e) {
    // A full storage may refuse even the run's new status: it stays `running` in storage, which reads as
    // interrupted, so Resume continues it. What stopped it is still said (`end`).
    if (!isQuotaError(e)) throw e;
  }
  return end;
}

/** A server that stayed down pauses the run: what is stored stays, and Resume scores only the rest. */
function failureMessage(e: unknown): string {
  if (!isBedsideError(e, 'EndpointUnreachable')) return errorMessage(e);
  return `The run was paused: ${errorMessage(e)} Every result stored so far is kept; once the server answers again, press Resume to score only the items left.`;
}

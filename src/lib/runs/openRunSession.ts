import type { OpenSuite } from '../../../core/openEnded';
import type { JudgeOutcome, JudgeProgress, OpenRunOutcome, OpenRunProgress, OpenRunRecord } from '../../../core/openRunRecord';
import type { ItemSelection } from '../../../core/run';
import { isQuotaError } from '../../../core/storageFull';
import { openRunConfigFor, selectOpenItems } from '../../../benchmarks/runner/runOpen';
import type { OpenSuiteChoice } from '../../../benchmarks/suites/openSuiteChoice';
import { patchOpenRun, putOpenRun } from '../../../storage/openRuns';
import { isWorkerLost } from '../shared/engineClient';
import { errorMessage } from '../shared/errorMessage';
import { runProvenance, type RunEnvironment } from './runSession';

export interface OpenRunRequest {
  suite: OpenSuiteChoice;
  selection: ItemSelection;
  seed: number;
  temperature: number;
  topP: number;
  maxTokens: number;
  /** Porter stemming for ROUGE-L (rouge-score's use_stemmer); recorded with the run. */
  stemmer: boolean;
}

/** Creates an open-ended run's record: its sampling, its metrics' definitions and the fixed item list. */
export async function createOpenRun(req: OpenRunRequest, suite: OpenSuite, env: RunEnvironment, now = Date.now()): Promise<OpenRunRecord> {
  const config = openRunConfigFor({
    suite: { id: req.suite.id, version: req.suite.version, sha256: req.suite.sha256 },
    metrics: suite.header.metrics,
    selection: req.selection,
    seed: req.seed,
    generation: { temperature: req.temperature, topP: req.topP, maxTokens: req.maxTokens },
    stemmer: req.stemmer,
  });
  const run: OpenRunRecord = {
    id: crypto.randomUUID(),
    kind: 'open-ended',
    status: 'running',
    config,
    ...runProvenance(req.suite, env),
    itemIds: selectOpenItems(suite.items, config.selection, req.seed).map((i) => i.id),
    startedAt: now,
  };
  await putOpenRun(run);
  return run;
}

/** How a call into the worker ended; `lost`: the worker died, and the work resumes once the model is loaded again. */
export type OpenWorkEnd<T> = {
  status: 'completed' | 'cancelled' | 'failed' | 'lost';
  outcome?: T;
  error?: string;
  storageFull?: boolean;
};

async function inWorker<T>(call: () => Promise<T>): Promise<OpenWorkEnd<T>> {
  try {
    return { status: 'completed', outcome: await call() };
  } catch (e) {
    if (isWorkerLost(e)) return { status: 'lost', error: errorMessage(e) };
    if ((e as { name?: string })?.name === 'AbortError') return { status: 'cancelled' };
    return { status: 'failed', error: errorMessage(e), ...(isQuotaError(e) ? { storageFull: true } : {}) };
  }
}

function runItems(run: OpenRunRecord, suite: OpenSuite) {
  const byId = new Map(suite.items.map((i) => [i.id, i]));
  const items = run.itemIds.flatMap((id) => byId.get(id) ?? []);
  return items.length === run.itemIds.length ? items : null;
}

/** Answers the run's unfinished items in the engine worker; safe to call again after a reload or a crash. */
export async function executeOpenRun(
  run: OpenRunRecord,
  suite: OpenSuite,
  env: RunEnvironment,
  onProgress: (p: OpenRunProgress) => void,
): Promise<OpenWorkEnd<OpenRunOutcome>> {
  if (env.caps.info.modelId !== run.model.id) {
    return { status: 'failed', error: `This run belongs to ${run.model.name}; load that model to resume it.` };
  }
  const items = runItems(run, suite);
  if (!items) return { status: 'failed', error: `The suite ${run.suite.name} no longer holds every item of this run.` };
  await patchOpenRun(run.id, { status: 'running', error: undefined });
  const end = await inWorker(() => env.remote.runOpen(run.model.id, run.id, items, run.config, env.proxy(onProgress), env.lockKey));
  if (end.status === 'lost') return end;
  try {
    await patchOpenRun(run.id, { status: end.status, endedAt: Date.now(), error: end.error });
  } catch (e) {
    // Storage too full even for the status: the run stays `running`, which reads as interrupted, so Resume continues it.
    if (!isQuotaError(e)) throw e;
  }
  return end;
}

/** The loaded model judges the run's answers it has not graded yet; the grades are stored as they are made. */
export async function judgeOpenRun(
  run: OpenRunRecord,
  suite: OpenSuite,
  env: RunEnvironment,
  maxRetries: number,
  onProgress: (p: JudgeProgress) => void,
): Promise<OpenWorkEnd<JudgeOutcome>> {
  const items = runItems(run, suite);
  if (!items) return { status: 'failed', error: `The suite ${run.suite.name} no longer holds every item of this run.` };
  return inWorker(() => env.remote.judgeOpenRun(env.caps.info.modelId, run.id, items, { maxRetries }, env.proxy(onProgress), env.lockKey));
}

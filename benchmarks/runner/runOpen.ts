/**
 * The open-ended run loop: one generated answer per item, with the run's recorded sampling, its reference
 * metrics computed at once, each result handed to the sink as it arrives. Items already stored are never
 * answered again, so a run stopped by Cancel, a reload or a crashed worker resumes where it stopped.
 */
import type { GenerateOptions, ModelCaller } from '../../core/engine';
import { REFERENCE_METRICS, type OpenItem, type OpenItemResult, type OpenRunConfig, type ReferenceMetric } from '../../core/openEnded';
import type { OpenRunOutcome, OpenRunProgress } from '../../core/openRunRecord';
import type { ItemSelection } from '../../core/run';
import { promptMessages } from '../grading/judgePrompts';
import { referenceMetricDefinitions, referenceMetrics } from '../metrics/referenceMetrics';
import { FAILURE_STREAK_LIMIT, ITEM_ERRORS, namedError } from './runBench';
import { selectItems } from './sampling';

export interface OpenRunConfigRequest {
  suite: { id: string; version: number; sha256: string };
  /** The suite header's metrics: the reference metrics among them are computed for every answer. */
  metrics: readonly string[];
  selection: ItemSelection;
  seed: number;
  generation: Omit<GenerateOptions, 'seed'>;
  /** rouge-score's Porter stemming for ROUGE-L; off unless asked. */
  stemmer?: boolean;
}

/** An open-ended run's config: its sampling (the run's seed as the generation seed) and what each metric means. */
export function openRunConfigFor(req: OpenRunConfigRequest): OpenRunConfig {
  const stemmer = req.stemmer === true;
  const metrics = REFERENCE_METRICS.filter((m) => req.metrics.includes(m));
  const all = referenceMetricDefinitions({ stemmer });
  return {
    kind: 'open-ended',
    suite: { ...req.suite },
    generation: { ...req.generation, seed: req.seed },
    seed: req.seed,
    selection: req.selection,
    referenceMetrics: {
      metrics,
      stemmer,
      definitions: Object.fromEntries(metrics.map((m) => [m, all[m]])) as Partial<Record<ReferenceMetric, string>>,
    },
  };
}

/** The items a run covers, in suite order; a sample is stratified by each item's first `theme:` tag. */
export function selectOpenItems(items: readonly OpenItem[], selection: ItemSelection, seed: number): OpenItem[] {
  const strata = items.map((item) => ({ item, subject: item.tags?.find((t) => t.startsWith('theme:')) }));
  return selectItems(strata, selection, seed).map((s) => s.item);
}

/** Answers one item; a generation cut short by abort throws instead of returning a partial answer. */
export async function answerItem(
  engine: ModelCaller,
  item: OpenItem,
  index: number,
  config: OpenRunConfig,
  now: () => number,
  signal?: AbortSignal,
): Promise<OpenItemResult> {
  const prompt = promptMessages(item);
  const started = now();
  const reply = await engine.chat(prompt, config.generation, undefined, signal);
  if (reply.finishReason === 'abort' || signal?.aborted) throw namedError('AbortError', 'The run was stopped.');
  const { metrics, stemmer } = config.referenceMetrics;
  return {
    itemId: item.id,
    index,
    prompt,
    answer: reply.text,
    finishReason: reply.finishReason,
    metrics: item.references?.length ? referenceMetrics(reply.text, item.references, metrics, { stemmer }) : {},
    latencyMs: now() - started,
    timeToFirstTokenMs: reply.usage.timeToFirstTokenMs,
    promptTokens: reply.usage.promptTokens,
    completionTokens: reply.usage.completionTokens,
  };
}

export interface RunOpenArgs {
  engine: ModelCaller;
  /** The run's items, in the order to answer them. */
  items: readonly OpenItem[];
  config: OpenRunConfig;
  /** Ids of items already finished (from storage); never answered again. */
  done: ReadonlySet<string>;
  /** Items among `done` that failed, so the progress after a resume counts them. */
  priorFailed?: number;
  sink: { put(result: OpenItemResult): Promise<void> | void };
  onProgress?: (progress: OpenRunProgress) => void;
  signal?: AbortSignal;
  now: () => number;
  progressIntervalMs?: number;
  /** Consecutive items failing with one error that pause the run; FAILURE_STREAK_LIMIT when absent. */
  failureStreakLimit?: number;
}

/**
 * Answers the items not in `done`, one at a time, storing each result before the next item. An item whose
 * prompt or inference fails is stored as failed with its reason and the run goes on; `failureStreakLimit`
 * items in a row failing with the same error pause the run (`RunPaused`) without storing them, since that
 * is the engine failing, so a resume asks them again. Stops with `AbortError` when `signal` aborts.
 */
export async function runOpen(args: RunOpenArgs): Promise<OpenRunOutcome> {
  const { engine, items, config, done, sink, onProgress, signal, now } = args;
  const interval = args.progressIntervalMs ?? 250;
  const streakLimit = Math.max(1, Math.floor(args.failureStreakLimit ?? FAILURE_STREAK_LIMIT));
  const ids = new Set<string>();
  for (const item of items) {
    if (ids.has(item.id)) throw namedError('SuiteInvalid', `Duplicate item id ${item.id}; resume needs unique ids.`);
    ids.add(item.id);
  }
  const total = items.length;
  const skipped = items.filter((i) => done.has(i.id)).length;
  const started = now();
  let answered = 0;
  let failed = 0;
  let lastReport = -Infinity;
  const report = (force: boolean) => {
    const time = now();
    if (!onProgress || (!force && time - lastReport < interval)) return;
    lastReport = time;
    const finished = skipped + answered + failed;
    const seconds = (time - started) / 1000;
    const itemsPerSecond = answered + failed > 0 && seconds > 0 ? (answered + failed) / seconds : null;
    onProgress({
      done: finished,
      total,
      failed: (args.priorFailed ?? 0) + failed,
      answeredThisCall: answered,
      itemsPerSecond,
      etaSeconds: itemsPerSecond === null ? null : (total - finished) / itemsPerSecond,
    });
  };
  const store = async (result: OpenItemResult) => {
    await sink.put(result);
    if (result.error === undefined) answered++;
    else failed++;
  };

  // Failures with one error, held back until the streak breaks (stored) or reaches the limit (the run pauses).
  let streak: OpenItemResult[] = [];
  report(true);
  for (const [index, item] of items.entries()) {
    if (done.has(item.id)) continue;
    if (signal?.aborted) throw namedError('AbortError', 'The run was stopped.');
    const itemStarted = now();
    let result: OpenItemResult;
    try {
      result = await answerItem(engine, item, index, config, now, signal);
    } catch (error) {
      if (signal?.aborted || !ITEM_ERRORS.has((error as { name?: string }).name ?? '')) throw error;
      result = {
        itemId: item.id,
        index,
        prompt: promptMessages(item),
        answer: null,
        finishReason: null,
        metrics: {},
        latencyMs: now() - itemStarted,
        timeToFirstTokenMs: null,
        promptTokens: null,
        completionTokens: null,
        error: error instanceof Error ? error.message : String(error),
      };
    }
    if (result.error === undefined) {
      for (const held of streak) await store(held);
      streak = [];
      await store(result);
    } else {
      if (streak[0] && streak[0].error !== result.error) {
        for (const held of streak) await store(held);
        streak = [];
      }
      streak.push(result);
      if (streak.length >= streakLimit) {
        throw namedError(
          'RunPaused',
          `The run was paused: ${streak.length} items in a row failed with the same error, so the engine, not the items, is at fault. ${result.error} Fix the cause, then Resume: those items are answered again.`,
        );
      }
    }
    report(false);
  }
  for (const held of streak) await store(held);
  report(true);
  return { answered, failed, skipped };
}

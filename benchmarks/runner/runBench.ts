import type { ModelCaller } from '../../core/engine';
import { wilsonInterval } from '../metrics/wilson';
import { buildChatMessages, optionLetters, renderPrompt, templateHash } from '../prompts/templates';
import { extractItemAnswer } from '../scoring/answerExtraction';
import { answerLetters, isMultiAnswer } from '../suites/answers';
import { letterLogprobChoices, scoreLetterLogprob } from '../scoring/letterLogprob';
import { optionLogprobChoices, scoreOptionLogprob } from '../scoring/optionLogprob';
import type { SuiteItem } from '../../core/suite';
import type { ItemResult, PromptTemplate, ResultSink, RunBenchOutcome, RunConfig, RunProgress } from '../../core/run';

/** Errors are matched by `name` across the worker boundary (docs/architecture.md, "The worker protocol"). */
export function namedError(name: 'AbortError' | 'SuiteInvalid' | 'RunPaused', message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw namedError('AbortError', 'The benchmark run was stopped.');
}

export interface ScoreItemArgs {
  engine: ModelCaller;
  item: SuiteItem;
  index: number;
  config: RunConfig;
  template: PromptTemplate;
  signal?: AbortSignal;
  now: () => number;
}

/** Scores one item in the run's mode. A generation cut short by abort throws instead of returning a partial result. */
export async function scoreItem({ engine, item, index, config, template, signal, now }: ScoreItemArgs): Promise<ItemResult> {
  const letters = optionLetters(item);
  if (!answerLetters(item).every((letter) => letters.includes(letter))) {
    throw namedError('SuiteInvalid', `Item ${item.id}: answer ${item.answer} is not one of ${letters.join(', ')}.`);
  }
  // Never scored as if one of its letters were the answer: eligibleItems keeps such items out of log-prob runs.
  if (config.mode !== 'generative' && isMultiAnswer(item)) {
    throw namedError('SuiteInvalid', `Item ${item.id} has several right answers (${item.answer}); only generative mode scores it.`);
  }
  const base = { itemId: item.id, index, subject: item.subject ?? null, mode: config.mode, gold: item.answer };
  const started = now();

  if (config.mode === 'generative') {
    const messages = buildChatMessages(template, item);
    const reply = await engine.chat(messages, config.generation, undefined, signal);
    if (reply.finishReason === 'abort' || signal?.aborted) throw namedError('AbortError', 'The benchmark run was stopped.');
    const latencyMs = now() - started;
    const { letter } = extractItemAnswer(reply.text, item);
    return {
      ...base,
      prompt: messages[0]?.content ?? '',
      pred: letter,
      correct: letter === item.answer,
      predNorm: null,
      correctNorm: null,
      probs: null,
      logprobs: null,
      generatedText: reply.text,
      finishReason: reply.finishReason,
      invalid: letter === null,
      latencyMs,
      timeToFirstTokenMs: reply.usage.timeToFirstTokenMs,
      promptTokens: reply.usage.promptTokens,
      completionTokens: reply.usage.completionTokens,
    };
  }

  const prompt = renderPrompt(template, item);
  const byLetter = config.mode === 'letter-logprob';
  const choices = byLetter ? letterLogprobChoices(letters) : optionLogprobChoices(item);
  const scores = await engine.scoreChoices(prompt, choices, signal);
  throwIfAborted(signal);
  const truncatedTokens = Math.max(0, ...scores.map((s) => s.truncatedTokens ?? 0));
  const truncatedBeyondLmEval = Math.max(0, ...scores.map((s) => s.truncatedBeyondLmEval ?? 0));
  const prefixKnown = scores.some((s) => s.contextIsPrefix !== undefined);
  const latencyMs = now() - started;
  const prediction = byLetter ? scoreLetterLogprob(letters, scores) : scoreOptionLogprob(item, scores);
  return {
    ...base,
    prompt,
    pred: prediction.pred,
    correct: prediction.pred === item.answer,
    predNorm: prediction.predNorm,
    correctNorm: prediction.predNorm === item.answer,
    probs: prediction.probs,
    logprobs: prediction.logprobs,
    generatedText: null,
    finishReason: null,
    invalid: false,
    latencyMs,
    timeToFirstTokenMs: null,
    promptTokens: scores[0]?.contextTokens ?? null,
    completionTokens: null,
    ...(truncatedTokens > 0 ? { truncatedTokens } : {}),
    ...(truncatedBeyondLmEval > 0 ? { truncatedBeyondLmEval } : {}),
    ...(prefixKnown ? { contextIsPrefix: scores.every((s) => s.contextIsPrefix !== false) } : {}),
  };
}

/**
 * Errors that concern one item (its prompt, its data, one inference) rather than the engine or the
 * run: the item is recorded as failed with the reason, and the run goes on to the next one.
 */
export const ITEM_ERRORS: ReadonlySet<string> = new Set(['ContextWindowExceeded', 'InferenceFailed', 'SuiteInvalid']);

function failedItem(item: SuiteItem, index: number, config: RunConfig, error: unknown, latencyMs: number): ItemResult {
  return {
    itemId: item.id,
    index,
    subject: item.subject ?? null,
    mode: config.mode,
    prompt: '',
    pred: null,
    gold: item.answer,
    correct: false,
    predNorm: null,
    correctNorm: null,
    probs: null,
    logprobs: null,
    generatedText: null,
    finishReason: null,
    invalid: false,
    latencyMs,
    timeToFirstTokenMs: null,
    promptTokens: null,
    completionTokens: null,
    error: error instanceof Error ? error.message : String(error),
  };
}

export interface RunBenchArgs {
  engine: ModelCaller;
  /** The run's items, already selected, in the order to score them. */
  items: readonly SuiteItem[];
  config: RunConfig;
  /** Must hash to `config.prompt.hash`, so a resumed run cannot switch templates midway. */
  template: PromptTemplate;
  /** Ids of items already finished (from storage); they are never scored again. */
  done: ReadonlySet<string>;
  /** Tally of the finished items, so running accuracy after a resume covers the whole run. */
  prior?: { scored: number; correct: number };
  sink: ResultSink;
  onProgress?: (progress: RunProgress) => void;
  signal?: AbortSignal;
  now: () => number;
  /** Least time between progress reports; the start and the last item are always reported. */
  progressIntervalMs?: number;
  /**
   * Items scored at once; 1 when absent. A served model batches concurrent requests, an in-browser
   * engine cannot. Results still reach the sink in item order.
   */
  concurrency?: number;
  /** Consecutive items failing with the same error that pause the run; {@link FAILURE_STREAK_LIMIT} when absent. */
  failureStreakLimit?: number;
}

/**
 * This many items in a row failing with one and the same error is the engine failing, not the items:
 * the run pauses with that error rather than recording every remaining item as failed.
 */
export const FAILURE_STREAK_LIMIT = 5;

/**
 * Scores the items not in `done`, up to `concurrency` at a time, handing results to the sink in item
 * order: a result finished early waits for those before it. The sink's promise does not hold up the
 * next item, but every `put` is awaited before this resolves or throws, so a stop or an error never
 * drops a stored result. A failed `put` stops the run and is rethrown (it outranks an abort: it means
 * a lost result). Stops with an error named `AbortError` when `signal` aborts, and with `RunPaused`
 * when `failureStreakLimit` items in a row fail with the same error; those items are not stored, so a
 * resume scores them again. Results finished after an unstored one are dropped too: storage holds a
 * prefix of the work, and nothing stored is ever scored twice.
 */
export async function runBench(args: RunBenchArgs): Promise<RunBenchOutcome> {
  const { engine, items, config, template, done, sink, onProgress, signal, now } = args;
  const interval = args.progressIntervalMs ?? 250;
  const concurrency = Math.max(1, Math.floor(args.concurrency ?? 1));
  const streakLimit = Math.max(1, Math.floor(args.failureStreakLimit ?? FAILURE_STREAK_LIMIT));
  if (template.id !== config.prompt.id || (await templateHash(template)) !== config.prompt.hash) {
    throw new Error(`Template ${template.id} does not match the run's prompt ${config.prompt.id} (${config.prompt.hash}).`);
  }
  const ids = new Set<string>();
  for (const item of items) {
    if (ids.has(item.id)) throw namedError('SuiteInvalid', `Duplicate item id ${item.id}; resume needs unique ids.`);
    ids.add(item.id);
  }

  const pending = new Set<Promise<void>>();
  // Objects, not `let`s: they are set inside callbacks, which TypeScript's narrowing does not see.
  const sinkState: { failed: boolean; error: unknown } = { failed: false, error: undefined };
  const stop: { error: unknown; stopped: boolean } = { error: undefined, stopped: false };
  const halt = (error: unknown) => {
    if (stop.stopped) return;
    stop.stopped = true;
    stop.error = error;
  };
  const put = (result: ItemResult) => {
    let written: Promise<void>;
    try {
      written = Promise.resolve(sink.put(result));
    } catch (error) {
      written = Promise.reject(error);
    }
    const tracked: Promise<void> = written.then(
      () => void pending.delete(tracked),
      (error: unknown) => {
        pending.delete(tracked);
        if (!sinkState.failed) {
          sinkState.failed = true;
          sinkState.error = error;
        }
      },
    );
    pending.add(tracked);
  };
  const settle = async () => {
    while (pending.size > 0) await Promise.all([...pending]);
  };

  const total = items.length;
  const skipped = items.filter((item) => done.has(item.id)).length;
  const started = now();
  let scoredThisCall = 0;
  let failedThisCall = 0;
  let correctThisCall = 0;
  let lastReport = -Infinity;
  const report = (force: boolean) => {
    const time = now();
    if (!onProgress || (!force && time - lastReport < interval)) return;
    lastReport = time;
    const scored = (args.prior?.scored ?? 0) + scoredThisCall;
    const correct = (args.prior?.correct ?? 0) + correctThisCall;
    const elapsedSeconds = (time - started) / 1000;
    const itemsPerSecond = scoredThisCall > 0 && elapsedSeconds > 0 ? scoredThisCall / elapsedSeconds : null;
    const finished = skipped + scoredThisCall + failedThisCall;
    onProgress({
      done: finished,
      total,
      scoredThisCall,
      itemsPerSecond,
      etaSeconds: itemsPerSecond === null ? null : (total - finished) / itemsPerSecond,
      correct,
      scored,
      accuracy: scored > 0 ? correct / scored : null,
      ci: wilsonInterval(correct, scored),
    });
  };
  const store = (result: ItemResult) => {
    put(result);
    if (result.error === undefined) scoredThisCall += 1;
    else failedThisCall += 1;
    if (result.correct) correctThisCall += 1;
  };

  const todo = items.flatMap((item, index) => (done.has(item.id) ? [] : [{ item, index }]));
  const finishedAt = new Map<number, ItemResult>();
  let committed = 0;
  // Failures with one error, in item order, held back until the streak breaks or reaches the limit.
  let streak: ItemResult[] = [];
  const flushStreak = () => {
    for (const result of streak) store(result);
    streak = [];
  };
  /** Hands on every result whose predecessors are all handed on. */
  const commit = () => {
    for (let result = finishedAt.get(committed); result && !stop.stopped; result = finishedAt.get(committed)) {
      finishedAt.delete(committed);
      committed += 1;
      if (result.error === undefined) {
        flushStreak();
        store(result);
      } else {
        if (streak[0] && streak[0].error !== result.error) flushStreak();
        streak.push(result);
        if (streak.length >= streakLimit) {
          halt(
            namedError(
              'RunPaused',
              `The run was paused: ${streak.length} items in a row failed with the same error, so the engine, not the items, is at fault. ${result.error} Fix the cause, then Resume: those items are scored again.`,
            ),
          );
          return;
        }
      }
      // The last item is reported once the held-back failures are stored too, below.
      if (committed < todo.length) report(false);
    }
  };

  let next = 0;
  const lane = async () => {
    while (!stop.stopped && next < todo.length) {
      if (sinkState.failed) return halt(sinkState.error);
      if (signal?.aborted) return halt(namedError('AbortError', 'The benchmark run was stopped.'));
      const position = next++;
      const { item, index } = todo[position]!;
      const itemStarted = now();
      let result: ItemResult;
      try {
        result = await scoreItem({ engine, item, index, config, template, signal, now });
      } catch (error) {
        if (signal?.aborted || !ITEM_ERRORS.has((error as { name?: string }).name ?? '')) return halt(error);
        result = failedItem(item, index, config, error, now() - itemStarted);
      }
      finishedAt.set(position, result);
      commit();
    }
  };

  report(true);
  await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, lane));
  if (!stop.stopped) flushStreak();
  if (todo.length > 0 && !stop.stopped) report(true);
  await settle();
  if (sinkState.failed) throw sinkState.error;
  if (stop.stopped) throw stop.error;
  return { scored: scoredThisCall, failed: failedThisCall, skipped, correct: correctThisCall };
}

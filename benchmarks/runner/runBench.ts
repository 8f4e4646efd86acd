import type { ModelCaller } from '../../core/engine';
import { wilsonInterval } from '../metrics/wilson';
import { buildChatMessages, optionLetters, renderPrompt, templateHash } from '../prompts/templates';
import { extractAnswer } from '../scoring/answerExtraction';
import { letterLogprobChoices, scoreLetterLogprob } from '../scoring/letterLogprob';
import { optionLogprobChoices, scoreOptionLogprob } from '../scoring/optionLogprob';
import type { SuiteItem } from '../../core/suite';
import type { ItemResult, PromptTemplate, ResultSink, RunBenchOutcome, RunConfig, RunProgress } from '../../core/run';

/** Errors are matched by `name` across the worker boundary (conventions rule 7). */
function namedError(name: 'AbortError' | 'SuiteInvalid', message: string): Error {
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
  if (!letters.includes(item.answer)) {
    throw namedError('SuiteInvalid', `Item ${item.id}: answer ${item.answer} is not one of ${letters.join(', ')}.`);
  }
  const base = { itemId: item.id, index, subject: item.subject ?? null, mode: config.mode, gold: item.answer };
  const started = now();

  if (config.mode === 'generative') {
    const messages = buildChatMessages(template, item);
    const reply = await engine.chat(messages, config.generation, undefined, signal);
    if (reply.finishReason === 'abort' || signal?.aborted) throw namedError('AbortError', 'The benchmark run was stopped.');
    const latencyMs = now() - started;
    const { letter } = extractAnswer(reply.text, item.options);
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
  };
}

/**
 * Errors that concern one item (its prompt, its data, one inference) rather than the engine or the
 * run: the item is recorded as failed with the reason, and the run goes on to the next one.
 */
const ITEM_ERRORS: ReadonlySet<string> = new Set(['ContextWindowExceeded', 'InferenceFailed', 'SuiteInvalid']);

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
}

/**
 * Scores the items not in `done`, in order, handing each result to the sink as it completes.
 * The sink's promise does not hold up the next item, but every `put` is awaited before this
 * resolves or throws, so a stop or an error never drops a finished result. A failed `put` stops
 * the run at the next item and is rethrown (it outranks an abort: it means a lost result).
 * Stops with an error named `AbortError` when `signal` aborts.
 */
export async function runBench(args: RunBenchArgs): Promise<RunBenchOutcome> {
  const { engine, items, config, template, done, sink, onProgress, signal, now } = args;
  const interval = args.progressIntervalMs ?? 250;
  if (template.id !== config.prompt.id || (await templateHash(template)) !== config.prompt.hash) {
    throw new Error(`Template ${template.id} does not match the run's prompt ${config.prompt.id} (${config.prompt.hash}).`);
  }
  const ids = new Set<string>();
  for (const item of items) {
    if (ids.has(item.id)) throw namedError('SuiteInvalid', `Duplicate item id ${item.id}; resume needs unique ids.`);
    ids.add(item.id);
  }

  const pending = new Set<Promise<void>>();
  // An object, not a `let`: it is set inside callbacks, which TypeScript's narrowing does not see.
  const sinkState: { failed: boolean; error: unknown } = { failed: false, error: undefined };
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

  const todo = items.flatMap((item, index) => (done.has(item.id) ? [] : [{ item, index }]));
  try {
    report(true);
    for (const [position, { item, index }] of todo.entries()) {
      if (sinkState.failed) throw sinkState.error;
      throwIfAborted(signal);
      const itemStarted = now();
      let result: ItemResult;
      try {
        result = await scoreItem({ engine, item, index, config, template, signal, now });
      } catch (error) {
        if (signal?.aborted || !ITEM_ERRORS.has((error as { name?: string }).name ?? '')) throw error;
        result = failedItem(item, index, config, error, now() - itemStarted);
      }
      put(result);
      if (result.error === undefined) scoredThisCall += 1;
      else failedThisCall += 1;
      if (result.correct) correctThisCall += 1;
      report(position === todo.length - 1);
    }
  } catch (error) {
    await settle();
    throw sinkState.failed ? sinkState.error : error;
  }
  await settle();
  if (sinkState.failed) throw sinkState.error;
  return { scored: scoredThisCall, failed: failedThisCall, skipped, correct: correctThisCall };
}

import { continuationTokens } from '../tokenizer/canonicalSplit';
import { BedsideError, abortError } from '../../core/errors';

/**
 * Log-probability of `index` under softmax(logits), computed as logit - logsumexp(logits) with the
 * maximum subtracted first so large logits (fp16 models reach the hundreds) never overflow exp().
 * Accumulates in float64: a 150k-entry vocabulary summed in float32 loses several digits.
 */
export function logSoftmaxAt(logits: Float32Array, index: number): number {
  if (!Number.isInteger(index) || index < 0 || index >= logits.length) {
    throw new BedsideError('InferenceFailed', `Token id ${index} is outside the vocabulary of ${logits.length} logits.`);
  }
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i] as number;
    if (v > max) max = v;
  }
  // A row of -Infinity (everything masked) has no distribution to read from.
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp((logits[i] as number) - max);
  return (logits[index] as number) - max - Math.log(sum);
}

export function sumLogprobs(tokenLogprobs: readonly number[]): number {
  let total = 0;
  for (const lp of tokenLogprobs) total += lp;
  return total;
}

export interface ContinuationTokens {
  /** What the model is conditioned on (BOS prefix included). Same for every choice of one prompt. */
  contextIds: number[];
  continuationIds: number[];
}

/**
 * Tokenizes a (prompt, choice) pair the way lm-evaluation-harness does (workers/tokenizer/canonicalSplit),
 * with WebLLM's tokenizer, and puts the conversation template's prefix (BOS) before the context.
 */
export function splitContinuation(
  encode: (text: string) => ArrayLike<number>,
  prompt: string,
  choice: string,
  prefixIds: readonly number[] = [],
): ContinuationTokens {
  const split = continuationTokens({ encode: (text) => Array.from(encode(text)) }, prompt, choice);
  if (split.continuation.length === 0) {
    throw new BedsideError(
      'InferenceFailed',
      `The choice ${JSON.stringify(choice)} encodes to no tokens after the prompt; it cannot be scored.`,
    );
  }
  return { contextIds: [...prefixIds, ...split.context], continuationIds: split.continuation };
}

/**
 * Runs a causal model one step at a time. `forward` appends tokens to the model's state and returns
 * the raw logits for the next position; `reset` empties the state.
 */
export interface LogitStepper {
  reset(): Promise<void>;
  forward(tokenIds: number[], isPrefill: boolean): Promise<Float32Array>;
}

export interface ScoredContinuation {
  tokenIds: number[];
  tokenLogprobs: number[];
  logprob: number;
}

/**
 * Exact log-likelihood of each continuation after one shared context. The context is prefilled once;
 * every single-token continuation is read from that one row of logits. A multi-token continuation
 * feeds its own tokens one by one, so the next one needs the context prefilled again first.
 */
export async function scoreContinuations(
  stepper: LogitStepper,
  contextIds: number[],
  continuations: number[][],
  contextWindow: number,
  signal?: AbortSignal,
): Promise<ScoredContinuation[]> {
  if (contextIds.length === 0) {
    throw new BedsideError(
      'InferenceFailed',
      'Cannot score a choice after an empty prompt on this model (it has no beginning-of-text token).',
    );
  }
  const longest = Math.max(0, ...continuations.map((c) => c.length));
  if (contextIds.length + longest > contextWindow) {
    throw new BedsideError(
      'ContextWindowExceeded',
      `The question and its longest choice take ${contextIds.length + longest} tokens, more than this model's context window of ${contextWindow}. Shorten the prompt (fewer few-shot examples) or load the model with a larger context.`,
    );
  }
  const prefill = async () => {
    if (signal?.aborted) throw abortError();
    await stepper.reset();
    return stepper.forward(contextIds, true);
  };
  const contextLogits = await prefill();
  let stateIsContextOnly = true;
  const results: ScoredContinuation[] = [];
  for (const ids of continuations) {
    if (signal?.aborted) throw abortError();
    const first = ids[0];
    if (first === undefined) throw new BedsideError('InferenceFailed', 'A choice with no tokens cannot be scored.');
    const tokenLogprobs = [logSoftmaxAt(contextLogits, first)];
    if (ids.length > 1) {
      if (!stateIsContextOnly) await prefill();
      stateIsContextOnly = false;
      for (let i = 1; i < ids.length; i++) {
        if (signal?.aborted) throw abortError();
        const logits = await stepper.forward([ids[i - 1] as number], false);
        tokenLogprobs.push(logSoftmaxAt(logits, ids[i] as number));
      }
    }
    results.push({ tokenIds: [...ids], tokenLogprobs, logprob: sumLogprobs(tokenLogprobs) });
  }
  return results;
}

/**
 * A web-llm LogitProcessor that keeps a copy of the raw next-token logits, only while armed, and
 * hands them back unchanged. web-llm calls it before logit_bias and penalties are applied, so the
 * copy is the model's own distribution. Disarmed during chat, it costs one comparison per token.
 */
export class LogitCapture {
  #armed = false;
  #last: Float32Array | null = null;

  arm(): void {
    this.#armed = true;
    this.#last = null;
  }

  disarm(): void {
    this.#armed = false;
    this.#last = null;
  }

  /** The logits of the latest forward pass; each forward pass may be read once. */
  take(): Float32Array {
    const last = this.#last;
    if (!last) throw new BedsideError('InferenceFailed', 'The engine produced no logits for this step.');
    this.#last = null;
    return last;
  }

  processLogits = (logits: Float32Array): Float32Array => {
    if (this.#armed) this.#last = logits.slice();
    return logits;
  };

  processSampledToken = (): void => {};

  resetState = (): void => {
    this.#last = null;
  };
}

import { describe, expect, it } from 'vitest';
import { isBedsideError } from '../../core/errors';
import { LogitCapture, logSoftmaxAt, scoreContinuations, splitContinuation, sumLogprobs, type LogitStepper } from './logitScoring';

describe('logSoftmaxAt', () => {
  it('matches hand-computed log-softmax of [1, 2, 3]', () => {
    // logsumexp([1,2,3]) = 3 + ln(1 + e^-1 + e^-2) = 3.40760596444438
    const logits = new Float32Array([1, 2, 3]);
    expect(logSoftmaxAt(logits, 0)).toBeCloseTo(-2.40760596444438, 10);
    expect(logSoftmaxAt(logits, 1)).toBeCloseTo(-1.40760596444438, 10);
    expect(logSoftmaxAt(logits, 2)).toBeCloseTo(-0.40760596444438, 10);
  });

  it('stays finite for logits too large for exp()', () => {
    const logits = new Float32Array([1000, 1000, -1000]);
    expect(logSoftmaxAt(logits, 0)).toBeCloseTo(-Math.LN2, 10);
    expect(logSoftmaxAt(logits, 2)).toBeCloseTo(-2000 - Math.LN2, 6);
  });

  it('gives probabilities that sum to one over a whole vocabulary row', () => {
    const logits = new Float32Array(3_000).map((_, i) => Math.sin(i) * 20);
    let total = 0;
    for (let i = 0; i < logits.length; i++) total += Math.exp(logSoftmaxAt(logits, i));
    expect(total).toBeCloseTo(1, 9);
  });

  it('treats a masked-out token as impossible', () => {
    const logits = new Float32Array([0, -Infinity]);
    expect(logSoftmaxAt(logits, 1)).toBe(-Infinity);
    expect(logSoftmaxAt(logits, 0)).toBe(0);
  });

  it('refuses a token id outside the vocabulary', () => {
    expect(() => logSoftmaxAt(new Float32Array([0, 1]), 2)).toThrow(/outside the vocabulary/);
  });

  it('sums per-token log-probs into the continuation log-likelihood', () => {
    expect(sumLogprobs([-0.5, -1.25, -2])).toBeCloseTo(-3.75, 12);
    expect(sumLogprobs([])).toBe(0);
  });
});

/** Word-level tokenizer: every whitespace-led word is one token, as BPE vocabularies often make them. */
function wordTokenizer() {
  const vocab = new Map<string, number>();
  const encode = (text: string) =>
    (text.match(/\s*\S+|\s+$/g) ?? []).map((w) => {
      if (!vocab.has(w)) vocab.set(w, vocab.size + 10);
      return vocab.get(w) as number;
    });
  return { encode, vocab };
}

describe('splitContinuation', () => {
  it('scores the tokens that encode(prompt + choice) adds after the prompt', () => {
    const { encode } = wordTokenizer();
    const split = splitContinuation(encode, 'Question: which? Answer:', ' B');
    expect(split.contextIds).toEqual(encode('Question: which? Answer:'));
    expect(split.continuationIds).toEqual([encode(' B')[0]]);
  });

  it('moves trailing whitespace of the prompt into the choice, as lm-evaluation-harness does', () => {
    const { encode } = wordTokenizer();
    const withSpace = splitContinuation(encode, 'Answer: ', 'B');
    const without = splitContinuation(encode, 'Answer:', ' B');
    expect(withSpace).toEqual(without);
  });

  it('puts the model prefix (begin-of-text ids) in front of the context only', () => {
    const { encode } = wordTokenizer();
    const split = splitContinuation(encode, 'Answer:', ' yes', [1]);
    expect(split.contextIds[0]).toBe(1);
    expect(split.continuationIds).not.toContain(1);
  });

  it('refuses a choice that adds no tokens', () => {
    const { encode } = wordTokenizer();
    expect(() => splitContinuation(encode, 'Answer:', '')).toThrow(/no tokens/);
  });
});

/**
 * A tiny causal "model": the next-token logits depend on the whole sequence so far (sum of ids mod 4
 * picks a row), which makes any mistake in what was fed before a step show up in the score.
 */
function toyModel() {
  const rows = [
    new Float32Array([0.1, 2.0, -1.0, 0.5, 0.0, 1.5]),
    new Float32Array([1.0, 0.0, 0.3, -0.2, 2.2, 0.0]),
    new Float32Array([-0.5, 0.5, 1.5, 0.0, 0.7, -1.0]),
    new Float32Array([0.0, 0.0, 0.0, 3.0, -2.0, 1.0]),
  ];
  const rowFor = (seq: number[]) => rows[seq.reduce((a, b) => a + b, 0) % 4] as Float32Array;
  let seq: number[] = [];
  const calls = { resets: 0, forwards: 0, prefills: 0 };
  const stepper: LogitStepper = {
    reset: async () => {
      calls.resets++;
      seq = [];
    },
    forward: async (ids, isPrefill) => {
      calls.forwards++;
      if (isPrefill) calls.prefills++;
      seq = [...seq, ...ids];
      return rowFor(seq);
    },
  };
  const bruteForce = (context: number[], cont: number[]) => {
    let lp = 0;
    for (let i = 0; i < cont.length; i++) lp += logSoftmaxAt(rowFor([...context, ...cont.slice(0, i)]), cont[i] as number);
    return lp;
  };
  return { stepper, calls, bruteForce };
}

describe('scoreContinuations', () => {
  it('equals the brute-force log-likelihood for single- and multi-token choices', async () => {
    const { stepper, bruteForce } = toyModel();
    const context = [1, 3];
    const conts = [[4], [2, 5], [1, 0, 3], [5]];
    const scored = await scoreContinuations(stepper, context, conts, 64);
    scored.forEach((s, i) => {
      const cont = conts[i] as number[];
      expect(s.tokenIds).toEqual(cont);
      expect(s.tokenLogprobs).toHaveLength(cont.length);
      expect(s.logprob).toBeCloseTo(bruteForce(context, cont), 10);
    });
  });

  it('reads every single-token choice from one forward pass over the prompt', async () => {
    const { stepper, calls } = toyModel();
    await scoreContinuations(stepper, [1, 2, 3], [[0], [1], [2], [3]], 64);
    expect(calls.forwards).toBe(1);
  });

  it('prefills the prompt again only for the second and later multi-token choices', async () => {
    const { stepper, calls } = toyModel();
    await scoreContinuations(stepper, [1], [[2, 3], [4], [5, 0, 1]], 64);
    expect(calls.prefills).toBe(2);
    expect(calls.forwards).toBe(2 + 1 + 2);
  });

  it('refuses a prompt plus choice longer than the context window before running the model', async () => {
    const { stepper, calls } = toyModel();
    const error = await scoreContinuations(stepper, [1, 2, 3], [[1, 2]], 4).catch((e: unknown) => e);
    expect(isBedsideError(error, 'ContextWindowExceeded')).toBe(true);
    expect(calls.forwards).toBe(0);
  });

  it('stops with an AbortError when the signal is already aborted', async () => {
    const { stepper } = toyModel();
    const controller = new AbortController();
    controller.abort();
    const error = await scoreContinuations(stepper, [1], [[2]], 64, controller.signal).catch((e: unknown) => e);
    expect(isBedsideError(error, 'AbortError')).toBe(true);
  });
});

describe('LogitCapture', () => {
  it('returns the logits unchanged and keeps a copy only while armed', () => {
    const capture = new LogitCapture();
    const logits = new Float32Array([1, 2]);
    expect(capture.processLogits(logits)).toBe(logits);
    expect(() => capture.take()).toThrow(/no logits/);
    capture.arm();
    capture.processLogits(logits);
    logits[0] = 99;
    expect(Array.from(capture.take())).toEqual([1, 2]);
  });

  it('hands each captured row out once, so a missed forward pass cannot reuse stale logits', () => {
    const capture = new LogitCapture();
    capture.arm();
    capture.processLogits(new Float32Array([0]));
    capture.take();
    expect(() => capture.take()).toThrow(/no logits/);
  });

  it('forgets captured logits when disarmed or reset', () => {
    const capture = new LogitCapture();
    capture.arm();
    capture.processLogits(new Float32Array([0]));
    capture.resetState();
    expect(() => capture.take()).toThrow();
    capture.processLogits(new Float32Array([0]));
    capture.disarm();
    expect(() => capture.take()).toThrow();
  });
});

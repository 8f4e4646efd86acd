import { describe, expect, it } from 'vitest';
import type { ItemResult } from '../../core/run';
import { averageAcrossSuites, summarizeRun } from './summary';

function result(overrides: Partial<ItemResult>): ItemResult {
  return {
    itemId: 'x',
    index: 0,
    subject: null,
    mode: 'generative',
    prompt: 'p',
    pred: 'A',
    gold: 'A',
    correct: true,
    predNorm: null,
    correctNorm: null,
    probs: null,
    logprobs: null,
    generatedText: 'A',
    finishReason: 'stop',
    invalid: false,
    latencyMs: 100,
    timeToFirstTokenMs: 10,
    promptTokens: 50,
    completionTokens: 5,
    ...overrides,
  };
}

describe('summarizeRun', () => {
  const results: ItemResult[] = [
    result({ itemId: '1', subject: 'cardio', correct: true, latencyMs: 100, promptTokens: 50, completionTokens: 5 }),
    result({ itemId: '2', subject: 'cardio', correct: false, pred: 'B', latencyMs: 200, promptTokens: 60, completionTokens: 10 }),
    result({ itemId: '3', subject: 'renal', correct: true, latencyMs: 300, promptTokens: 70, completionTokens: 15 }),
    result({
      itemId: '4',
      subject: 'renal',
      correct: false,
      pred: null,
      invalid: true,
      latencyMs: 400,
      promptTokens: 80,
      completionTokens: 20,
    }),
  ];

  it('computes accuracy, invalid rate, per-subject rows, tokens and rates', () => {
    // 2/4 correct; invalid 1/4 (item 4, counted wrong).
    // stderr: values [1,0,1,0], mean .5, sample var (4·.25)/3 = 1/3, sd .57735, /2 = .288675.
    // latency: [100,200,300,400] → p50 rank 2 = 200, p95 rank ceil(3.8) = 4 → 400, mean 250.
    // tokens: prompt 260, completion 50; summed latency 1.0 s → 50 tok/s and 4 items/s.
    const s = summarizeRun(results);
    expect(s).toMatchObject({ n: 4, correct: 2, accuracy: 0.5, invalid: 1, invalidRate: 0.25 });
    expect(s.stderr).toBeCloseTo(0.288675, 6);
    expect(s.latencyMs).toEqual({ p50: 200, p95: 400, mean: 250 });
    expect(s.promptTokens).toBe(260);
    expect(s.completionTokens).toBe(50);
    expect(s.completionTokensPerSecond).toBeCloseTo(50, 12);
    expect(s.itemsPerSecond).toBeCloseTo(4, 12);
    expect(s.perSubject.map((r) => [r.subject, r.n, r.correct, r.accuracy])).toEqual([
      ['cardio', 2, 1, 0.5],
      ['renal', 2, 1, 0.5],
    ]);
    expect(s.accNorm).toBeNull();
    expect(s.calibration).toBeNull();
  });

  it('reports acc_norm and calibration for log-prob runs', () => {
    // acc: item a right, b wrong → 1/2; acc_norm: a wrong, b right... both → 1/2 each, distinct items.
    const logprob = [
      result({
        mode: 'option-logprob',
        correct: true,
        correctNorm: false,
        probs: { A: 0.9, B: 0.1 },
        gold: 'A',
        completionTokens: null,
        promptTokens: null,
      }),
      result({
        mode: 'option-logprob',
        correct: false,
        correctNorm: true,
        probs: { A: 0.6, B: 0.4 },
        gold: 'B',
        completionTokens: null,
        promptTokens: null,
      }),
    ];
    const s = summarizeRun(logprob);
    expect(s.accNorm).toMatchObject({ n: 2, correct: 1, accuracy: 0.5 });
    // ECE = ½|1−.9| + ½|0−.6| = .35 (bins 8 and 5).
    expect(s.calibration?.ece).toBeCloseTo(0.35, 12);
    expect(s.completionTokensPerSecond).toBeNull();
  });

  it('handles an empty run', () => {
    expect(summarizeRun([])).toMatchObject({ n: 0, accuracy: null, ci: null, invalidRate: null, latencyMs: null, itemsPerSecond: null });
  });
});

describe('averageAcrossSuites', () => {
  it('gives macro and item-weighted averages', () => {
    // 90/100 = .9 and 5/10 = .5 → macro (.9+.5)/2 = .7; weighted 95/110 = .863636…
    const avg = averageAcrossSuites([
      { n: 100, correct: 90 },
      { n: 10, correct: 5 },
      { n: 0, correct: 0 },
    ]);
    expect(avg.macro).toBeCloseTo(0.7, 12);
    expect(avg.weighted).toBeCloseTo(95 / 110, 12);
    expect(averageAcrossSuites([])).toEqual({ macro: null, weighted: null });
  });

  it('leaves failed items out of accuracy and counts them, and counts truncated ones', () => {
    const summary = summarizeRun([
      result({ itemId: 'a', correct: true, truncatedTokens: 40 }),
      result({ itemId: 'b', correct: false, pred: 'B' }),
      result({ itemId: 'c', correct: false, pred: null, error: 'request exceeds the context' }),
    ]);
    expect([summary.n, summary.correct, summary.accuracy]).toEqual([2, 1, 0.5]);
    expect(summary.failed).toBe(1);
    expect(summary.truncated).toBe(1);
  });
});

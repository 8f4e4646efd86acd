import { expect, test } from 'vitest';
import type { ItemResult } from '../../../core/run';
import { chanceLevel, formatAccuracy, formatMs, formatPercent } from './resultFormat';

test('accuracy is shown with its Wilson interval', () => {
  expect(formatAccuracy({ accuracy: 0.412, ci: { lower: 0.35, upper: 0.4771 } })).toBe('41.2% (95% CI 35.0–47.7%)');
  expect(formatAccuracy({ accuracy: null, ci: null })).toBe('—');
  expect(formatPercent(1)).toBe('100.0%');
});

test('milliseconds switch to seconds from one second', () => {
  expect(formatMs(812.4)).toBe('812 ms');
  expect(formatMs(1500)).toBe('1.50 s');
});

function item(probs: Record<string, number> | null): ItemResult {
  return {
    itemId: 'x',
    index: 0,
    subject: null,
    mode: probs ? 'letter-logprob' : 'generative',
    prompt: '',
    pred: null,
    gold: 'A',
    correct: false,
    predNorm: null,
    correctNorm: null,
    probs,
    logprobs: null,
    generatedText: null,
    finishReason: null,
    invalid: false,
    latencyMs: 1,
    timeToFirstTokenMs: null,
    promptTokens: null,
    completionTokens: null,
  };
}

test('chance level is 1/k only when every item has the same k choices', () => {
  const four = { A: 0.25, B: 0.25, C: 0.25, D: 0.25 };
  expect(chanceLevel([item(four), item(four)])).toBe(0.25);
  expect(chanceLevel([item(four), item({ A: 0.5, B: 0.5 })])).toBeNull();
  expect(chanceLevel([item(null)])).toBeNull();
  expect(chanceLevel([])).toBeNull();
});

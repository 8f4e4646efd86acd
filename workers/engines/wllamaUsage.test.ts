import { expect, test } from 'vitest';
import { usageFromTimings } from './wllamaUsage';

test('rates come from the engine timings when it reports them', () => {
  const u = usageFromTimings(
    { prompt_n: 50, prompt_ms: 100, predicted_n: 20, predicted_ms: 400 },
    { prompt_tokens: 52, completion_tokens: 20 },
    1000,
    1150,
    1600,
  );
  expect(u).toEqual({
    promptTokens: 52,
    completionTokens: 20,
    timeToFirstTokenMs: 150,
    prefillTokensPerSecond: 500,
    decodeTokensPerSecond: 50,
    totalMs: 600,
  });
});

test('without timings the rates fall back to our clock, counting decode after the first token', () => {
  const u = usageFromTimings(undefined, { prompt_tokens: 10, completion_tokens: 11 }, 0, 200, 1200);
  expect(u.prefillTokensPerSecond).toBe(50);
  expect(u.decodeTokensPerSecond).toBe(10);
});

test('nothing generated gives zero rates, not Infinity or NaN', () => {
  const u = usageFromTimings(undefined, null, 0, 0, 0);
  expect(u.decodeTokensPerSecond).toBe(0);
  expect(u.prefillTokensPerSecond).toBe(0);
  expect(u.timeToFirstTokenMs).toBe(0);
});

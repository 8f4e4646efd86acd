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

test('a stopped reply, which ends without usage or timings, counts the tokens it streamed and their rate', () => {
  // 9 tokens streamed; the first at 300 ms, the stop at 1100 ms: 8 decoded tokens in 0.8 s.
  const u = usageFromTimings(undefined, null, 100, 300, 1100, 9);
  expect(u.completionTokens).toBe(9);
  expect(u.decodeTokensPerSecond).toBe(10);
  expect(u.timeToFirstTokenMs).toBe(200);
});

test('one generated token has no decode rate, however small the engine says its time was', () => {
  const u = usageFromTimings({ prompt_n: 5, prompt_ms: 10, predicted_n: 1, predicted_ms: 0.001 }, null, 0, 10, 11, 1);
  expect(u.completionTokens).toBe(1);
  expect(u.decodeTokensPerSecond).toBe(0);
});

import type { GenerationUsage } from '../../core/engine';

/** The `timings` object llama.cpp's server code attaches to the last chunk. */
export interface WllamaTimings {
  prompt_n: number;
  prompt_ms: number;
  predicted_n: number;
  predicted_ms: number;
}

/**
 * Usage from the engine's own timings where present (they exclude worker messaging), otherwise from
 * our clock and the tokens streamed so far (a stopped reply ends without usage or timings).
 * Rates are 0 rather than Infinity when nothing was measured, and the decode rate needs two tokens:
 * the first one comes out of prefill, so one token has no decode time to divide by.
 */
export function usageFromTimings(
  timings: WllamaTimings | undefined,
  usage: { prompt_tokens: number; completion_tokens: number } | null,
  startedMs: number,
  firstTokenMs: number,
  endedMs: number,
  streamedTokens = 0,
): GenerationUsage {
  const rate = (n: number, ms: number) => (n > 0 && ms > 0 ? (n * 1000) / ms : 0);
  const promptTokens = usage?.prompt_tokens ?? timings?.prompt_n ?? 0;
  const completionTokens = usage?.completion_tokens ?? timings?.predicted_n ?? streamedTokens;
  const ttft = firstTokenMs ? firstTokenMs - startedMs : 0;
  const decode =
    completionTokens < 2
      ? 0
      : timings
        ? rate(timings.predicted_n, timings.predicted_ms)
        : rate(completionTokens - 1, endedMs - (firstTokenMs || endedMs));
  return {
    promptTokens,
    completionTokens,
    timeToFirstTokenMs: ttft,
    prefillTokensPerSecond: timings ? rate(timings.prompt_n, timings.prompt_ms) : rate(promptTokens, ttft),
    decodeTokensPerSecond: decode,
    totalMs: endedMs - startedMs,
  };
}

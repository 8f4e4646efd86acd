import { describe, expect, it } from 'vitest';
import { finishReasonFromWebLlm, usageFromWebLlm } from './webllmUsage';

describe('usageFromWebLlm', () => {
  it('takes token counts and rates from web-llm and TTFT from our own clock', () => {
    const usage = usageFromWebLlm(
      {
        prompt_tokens: 120,
        completion_tokens: 40,
        extra: { prefill_tokens_per_s: 800, decode_tokens_per_s: 25, time_to_first_token_s: 0.01 },
      },
      { startedAt: 1000, firstTokenAt: 1300, endedAt: 3000, piecesSeen: 38 },
    );
    expect(usage).toEqual({
      promptTokens: 120,
      completionTokens: 40,
      timeToFirstTokenMs: 300,
      prefillTokensPerSecond: 800,
      decodeTokensPerSecond: 25,
      totalMs: 2000,
    });
  });

  it('falls back to counted pieces and our own decode rate when a stopped stream sent no usage', () => {
    const usage = usageFromWebLlm(null, { startedAt: 0, firstTokenAt: 100, endedAt: 1100, piecesSeen: 11 });
    expect(usage.completionTokens).toBe(11);
    expect(usage.decodeTokensPerSecond).toBeCloseTo(10, 10);
    expect(usage.promptTokens).toBe(0);
    expect(usage.prefillTokensPerSecond).toBe(0);
  });

  it('reports the whole wait as TTFT when no token ever arrived', () => {
    const usage = usageFromWebLlm(null, { startedAt: 0, firstTokenAt: 0, endedAt: 500, piecesSeen: 0 });
    expect(usage.timeToFirstTokenMs).toBe(500);
    expect(usage.decodeTokensPerSecond).toBe(0);
  });
});

describe('finishReasonFromWebLlm', () => {
  it('maps web-llm reasons onto stop, length and abort', () => {
    expect(finishReasonFromWebLlm('stop', false)).toBe('stop');
    expect(finishReasonFromWebLlm('length', false)).toBe('length');
    expect(finishReasonFromWebLlm('abort', false)).toBe('abort');
    expect(finishReasonFromWebLlm('tool_calls', false)).toBe('stop');
    expect(finishReasonFromWebLlm(null, false)).toBe('stop');
  });

  it('reports abort whenever our signal fired, whatever web-llm said', () => {
    expect(finishReasonFromWebLlm('stop', true)).toBe('abort');
  });
});

import type { FinishReason, GenerationUsage } from '../../core/engine';

/** The usage block web-llm 0.2.86 sends in the last chunk when stream_options.include_usage is set. */
export interface WebLlmUsage {
  prompt_tokens: number;
  completion_tokens: number;
  extra?: {
    prefill_tokens_per_s?: number;
    decode_tokens_per_s?: number;
    time_to_first_token_s?: number;
    e2e_latency_s?: number;
  };
}

export interface MeasuredTimes {
  startedAt: number;
  /** 0 when no token arrived. */
  firstTokenAt: number;
  endedAt: number;
  /** Streamed pieces counted by us; used when an interrupted stream never sent its usage chunk. */
  piecesSeen: number;
}

/**
 * TTFT is always our own measurement (request to first streamed piece, including queueing in the
 * worker), so it compares across engines; web-llm's rates are used where it reports them.
 */
export function usageFromWebLlm(usage: WebLlmUsage | null | undefined, times: MeasuredTimes): GenerationUsage {
  const totalMs = Math.max(0, times.endedAt - times.startedAt);
  const timeToFirstTokenMs = times.firstTokenAt ? Math.max(0, times.firstTokenAt - times.startedAt) : totalMs;
  const completionTokens = usage?.completion_tokens ?? times.piecesSeen;
  const decodeMs = times.firstTokenAt ? times.endedAt - times.firstTokenAt : 0;
  const ownDecodeRate = decodeMs > 0 && completionTokens > 1 ? ((completionTokens - 1) * 1000) / decodeMs : 0;
  return {
    promptTokens: usage?.prompt_tokens ?? 0,
    completionTokens,
    timeToFirstTokenMs,
    prefillTokensPerSecond: finite(usage?.extra?.prefill_tokens_per_s) ?? 0,
    decodeTokensPerSecond: finite(usage?.extra?.decode_tokens_per_s) ?? ownDecodeRate,
    totalMs,
  };
}

/** web-llm finish reasons: stop | length | tool_calls | abort. */
export function finishReasonFromWebLlm(reason: string | null | undefined, aborted: boolean): FinishReason {
  if (aborted || reason === 'abort') return 'abort';
  return reason === 'length' ? 'length' : 'stop';
}

function finite(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

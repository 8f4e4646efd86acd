import type { ChatMessage } from '../../../core/engine';

/** What the engine reported when a request did not fit its context window. */
export interface Overflow {
  /** Tokens the request needs (the prompt plus the room kept for the reply). */
  requested: number;
  /** The context window, in tokens. */
  limit: number;
}

/** llama.cpp (through wllama) refuses with "request (2078 tokens) exceeds the available context size (2048 tokens)". */
const LLAMA_OVERFLOW = /request \((\d+) tokens?\) exceeds the available context size \((\d+) tokens?\)/i;

export function contextOverflow(e: unknown): Overflow | null {
  const message = typeof e === 'object' && e !== null ? String((e as { message?: unknown }).message ?? '') : String(e);
  const m = LLAMA_OVERFLOW.exec(message);
  return m ? { requested: Number(m[1]), limit: Number(m[2]) } : null;
}

/**
 * Drops the oldest turns (never the system prompt, never the newest message) so that a request that
 * overflowed by `overflow` fits. The engine exposes no tokenizer, so the tokens a turn holds are
 * estimated from the request's own characters-per-token ratio, with a margin; the caller retries with
 * the result and calls again if it still overflows. Returns null when nothing more can be dropped.
 */
export function dropOldestTurns(history: ChatMessage[], overflow: Overflow): ChatMessage[] | null {
  const system = history[0]?.role === 'system' ? [history[0]] : [];
  const turns = history.slice(system.length);
  if (turns.length <= 1) return null;
  const chars = history.reduce((n, m) => n + m.content.length, 0);
  const tokensPerChar = overflow.requested / Math.max(1, chars);
  // 10% more than the estimate, and at least one turn, so retries converge quickly.
  let toFree = (overflow.requested - overflow.limit) * 1.1;
  let drop = 0;
  while (drop < turns.length - 1 && (drop === 0 || toFree > 0)) {
    toFree -= turns[drop]!.content.length * tokensPerChar + 4;
    drop++;
  }
  // A reply without the question it answers confuses the model: start the view at a user turn.
  while (drop < turns.length - 1 && turns[drop]!.role !== 'user') drop++;
  return [...system, ...turns.slice(drop)];
}

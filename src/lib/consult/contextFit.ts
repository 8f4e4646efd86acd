import type { ChatMessage } from '../../../core/engine';

/** What the engine reported when a request did not fit its context window. */
export interface Overflow {
  /** Tokens of the prompt: llama.cpp refuses one that fills the whole window (its server's context check). */
  requested: number;
  /** The context window, in tokens. */
  limit: number;
}

/**
 * A prompt past the window, as the engine refuses it: llama.cpp's own words ("request (2078 tokens) exceeds the
 * available context size (2048 tokens)", a served llama-server), or the worker's ContextWindowExceeded that
 * wllama's refusal is mapped to ("The prompt is 2078 tokens, more than this model's 2048-token context window").
 */
const OVERFLOW_MESSAGES = [
  /request \((\d+) tokens?\) exceeds the available context size \((\d+) tokens?\)/i,
  /The prompt is (\d+) tokens, more than this model's (\d+)-token context window/,
];

export function contextOverflow(e: unknown): Overflow | null {
  const message = typeof e === 'object' && e !== null ? String((e as { message?: unknown }).message ?? '') : String(e);
  for (const pattern of OVERFLOW_MESSAGES) {
    const m = pattern.exec(message);
    if (m) return { requested: Number(m[1]), limit: Number(m[2]) };
  }
  return null;
}

/** Tokens a message costs beyond its text (the chat template's role markers), roughly. */
const MESSAGE_TOKENS = 4;

/** Estimates are taken 10% high: a turn the estimate lets through must not be one the engine refuses. */
const MARGIN = 1.1;

/**
 * After a trim the prompt and the reply's room fill at most this share of the window. Cutting the oldest
 * turns changes the prompt's start, so the engine reads all of it again (its cache keeps only a shared
 * prefix); cutting to half the window makes that happen once per half a window of new text, rather than
 * at every turn once the consultation is past the limit.
 */
export const TRIMMED_SHARE = 0.5;

/** What a consultation knows of its model's counting. */
export interface ContextBudget {
  /** The context window, in tokens. */
  limit: number;
  /** Tokens per character of this consultation's text, as the engine last counted them. */
  tokensPerChar: number;
  /** Tokens kept free for the reply: the engine stops a reply where the window ends. */
  replyRoom: number;
}

const chars = (history: readonly ChatMessage[]) => history.reduce((n, m) => n + m.content.length, 0);

/** The tokens `history` takes, estimated from a known ratio. */
export function estimateTokens(history: readonly ChatMessage[], tokensPerChar: number): number {
  return Math.ceil(chars(history) * tokensPerChar + MESSAGE_TOKENS * history.length);
}

/** The ratio the engine counted for `history` (its prompt tokens); null when it counted none. */
export function tokensPerCharOf(history: readonly ChatMessage[], promptTokens: number): number | null {
  const text = chars(history);
  if (promptTokens <= 0 || text === 0) return null;
  return Math.max(1, promptTokens - MESSAGE_TOKENS * history.length) / text;
}

/** Room for a reply of `maxTokens`, never more than a quarter of the window (a long reply stops at its end). */
export function replyRoom(maxTokens: number, limit: number): number {
  return Math.min(maxTokens, Math.floor(limit / 4));
}

function fits(history: readonly ChatMessage[], budget: ContextBudget, share = 1): boolean {
  return estimateTokens(history, budget.tokensPerChar) * MARGIN + budget.replyRoom <= budget.limit * share;
}

/**
 * The turns to send. `history` itself when, by the estimate, it fits the window with room for the
 * reply; otherwise without its oldest turns (never the system prompt, never the newest message) until
 * it fills no more than `TRIMMED_SHARE` of the window, so that the next turns fit too. The view starts
 * at a user turn. When nothing but the system prompt and the newest message is left, those are
 * returned, fitting or not: the engine's count decides.
 */
export function fitHistory(history: ChatMessage[], budget: ContextBudget): ChatMessage[] {
  if (fits(history, budget)) return history;
  const system = history[0]?.role === 'system' ? [history[0]] : [];
  const turns = history.slice(system.length);
  let drop = 0;
  while (drop < turns.length - 1 && !fits([...system, ...turns.slice(drop)], budget, TRIMMED_SHARE)) drop++;
  // A reply without the question it answers confuses the model: start the view at a user turn.
  while (drop < turns.length - 1 && turns[drop]!.role !== 'user') drop++;
  return drop === 0 ? history : [...system, ...turns.slice(drop)];
}

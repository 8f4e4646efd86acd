import type { ChoiceScore } from '../../core/engine';
import { continuationTokens } from '../tokenizer/canonicalSplit';
import type { Tokenizer } from '../tokenizer/tokenizer';
import { gbnfLiteral } from './gbnf';

/** One decoded position as llama.cpp reports it: the token taken, and the top alternatives there. */
export interface PathStep {
  id: number;
  logprob: number;
  top_logprobs?: { id: number; logprob: number }[];
}

/** Top-k log-probs kept per decoded position. ≥ ~400 crashed wllama on byte tokens (design.md); 100 is safe. */
export const TOP_LOGPROBS = 100;

/**
 * Decodes exactly `ids` after the plan's context. `fresh`: evaluate the whole context anew (an item's
 * first decode); otherwise keep it and re-evaluate only its last token, as llama.cpp's prompt cache
 * does. Engines must batch this way: llama.cpp's numbers depend slightly on how tokens are batched,
 * and the browser and native engines only agree to 1e-3 when they batch alike.
 */
export type ForcedDecode = (ids: readonly number[], fresh: boolean) => Promise<PathStep[]>;

/**
 * Scores every choice of a plan, decoding only those that cannot be read from an earlier decode's
 * top-k lists, with the context tokens and truncation recorded on each score.
 */
export async function scorePlan(plan: ScoringPlan, addsBos: boolean, decode: ForcedDecode, signal?: AbortSignal): Promise<ChoiceScore[]> {
  const contextTokens = plan.contextTokens.length + (addsBos ? 1 : 0);
  const paths: PathStep[][] = [];
  const scores: ChoiceScore[] = [];
  for (const choice of plan.choices) {
    if (signal?.aborted) throw Object.assign(new Error('Stopped.'), { name: 'AbortError' });
    let score = paths.map((p) => scoreFromTokenPath(choice, p)).find((s) => s !== null) ?? null;
    if (!score) {
      const path = await decode(choice.continuation, paths.length === 0);
      paths.push(path);
      score = scoreFromTokenPath(choice, path);
    }
    if (!score) throw new Error(`The engine did not follow the tokens of ${JSON.stringify(choice.choice)}.`);
    scores.push({ ...score, contextTokens, truncatedTokens: plan.truncatedTokens });
  }
  return scores;
}

/** One choice as lm-eval scores it: the canonical tokens of its continuation after the context. */
export interface ChoicePlan {
  choice: string;
  continuation: number[];
}

/**
 * How one item is scored. The context is the prompt with trailing whitespace moved into the choices
 * (lm-eval `_encode_pair`); when it does not fit the window next to the longest continuation, its
 * oldest tokens are dropped, as lm-eval truncates from the left and keeps continuations whole.
 */
export interface ScoringPlan {
  /** The text the engine is sent; it tokenizes to `contextTokens` (BOS excluded). */
  contextText: string;
  contextTokens: number[];
  /** Context tokens dropped from the left to fit the window; 0 when the prompt fits. */
  truncatedTokens: number;
  choices: ChoicePlan[];
}

/** What planning needs of a tokenizer; the browser's GGUF tokenizer and native llama.cpp both provide it. */
export interface ScoringTokenizer extends Pick<Tokenizer, 'encode' | 'addBos'> {
  /** The text these tokens spell where they follow `before`, for a context cut from the left. */
  textOf(ids: readonly number[], before: readonly number[]): string;
}

/** Bedside's GGUF tokenizer as a ScoringTokenizer. */
export function scoringTokenizer(tokenizer: Tokenizer): ScoringTokenizer {
  return {
    encode: (text, options) => tokenizer.encode(text, options),
    addBos: tokenizer.addBos,
    textOf: (ids) => bytesToText(tokenizer, ids),
  };
}

function bytesToText(tokenizer: Tokenizer, ids: readonly number[]): string {
  const parts = ids.map((id) => tokenizer.tokenBytes(id));
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  // A cut may fall inside a character spelled by byte tokens: drop the orphaned continuation bytes.
  let start = 0;
  while (start < bytes.length && (bytes[start]! & 0xc0) === 0x80) start++;
  return new TextDecoder().decode(bytes.subarray(start));
}

export function planScoring(tokenizer: ScoringTokenizer, prompt: string, choices: readonly string[], contextSize: number): ScoringPlan {
  const splits = choices.map((choice) => ({ choice, split: continuationTokens(tokenizer, prompt, choice) }));
  const first = splits[0]?.split;
  if (!first) throw new Error('There are no choices to score.');
  const plans = splits.map(({ choice, split }) => {
    if (split.continuation.length === 0) throw new Error(`The choice ${JSON.stringify(choice)} adds no token after the prompt.`);
    return { choice, continuation: split.continuation };
  });
  const bos = tokenizer.addBos ? 1 : 0;
  const longest = Math.max(...plans.map((p) => p.continuation.length));
  const budget = contextSize - bos - longest;
  if (budget < 1) throw new Error(`A choice of ${longest} tokens does not fit a ${contextSize}-token window.`);
  if (first.context.length <= budget) {
    return { contextText: first.contextText, contextTokens: first.context, truncatedTokens: 0, choices: plans };
  }
  // Re-tokenizing a cut text can differ at its start (a space prefix, a merge), so shrink until it fits.
  for (let keep = budget; keep > 0; keep--) {
    const cut = first.context.length - keep;
    const text = tokenizer.textOf(first.context.slice(cut), first.context.slice(Math.max(0, cut - 8), cut));
    const tokens = tokenizer.encode(text, { addBos: false, addEos: false });
    if (tokens.length <= budget) {
      return { contextText: text, contextTokens: tokens, truncatedTokens: first.context.length - keep, choices: plans };
    }
  }
  throw new Error(`The prompt cannot be cut to fit a ${contextSize}-token window.`);
}

/** A GBNF grammar admitting exactly these token ids, in order (llama.cpp's `<[id]>` token terminals). */
export function tokenSequenceGrammar(ids: readonly number[]): string {
  return `root ::= ${ids.map((id) => `<[${id}]>`).join(' ')}`;
}

/** How an engine is made to decode exactly `ids`: a grammar, and where needed a bias towards them. */
export interface DecodeConstraint {
  grammar: string;
  logitBias?: Record<number, number>;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function isWholeText(bytes: Uint8Array): boolean {
  try {
    STRICT_UTF8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Token-id grammars are exact, but llama.cpp (wllama b12211) fails on them with byte-fallback tokens,
 * pieces that are part of a UTF-8 character ("Unexpected empty grammar stack"). Those continuations
 * are forced by their text instead, with a bias towards their canonical ids; the log-probs read are the
 * model's, before grammar and bias, and the decoded ids are checked against the canonical ones.
 */
export function decodeConstraint(tokenizer: Pick<Tokenizer, 'tokenBytes'>, ids: readonly number[]): DecodeConstraint {
  const pieces = ids.map((id) => tokenizer.tokenBytes(id));
  if (pieces.every(isWholeText)) return { grammar: tokenSequenceGrammar(ids) };
  const bytes = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    bytes.set(p, at);
    at += p.length;
  }
  return { grammar: `root ::= ${gbnfLiteral(new TextDecoder().decode(bytes))}`, logitBias: Object.fromEntries(ids.map((id) => [id, 100])) };
}

/**
 * Scores `plan` from a path already decoded after the same context: its tokens must follow the path
 * and its last token be the one taken, or one of the top-k alternatives, at that position. The
 * log-probs there are those a separate decode would report, so letters that are single tokens cost
 * one decode per item, not one each.
 */
export function scoreFromTokenPath(plan: ChoicePlan, path: readonly PathStep[]): ChoiceScore | null {
  const ids = plan.continuation;
  if (path.length < ids.length) return null;
  const tokenLogprobs: number[] = [];
  for (const [i, id] of ids.entries()) {
    const step = path[i]!;
    const last = i === ids.length - 1;
    const hit = step.id === id ? step : last ? step.top_logprobs?.find((t) => t.id === id) : undefined;
    if (!hit) return null;
    tokenLogprobs.push(hit.logprob);
  }
  return { choice: plan.choice, logprob: tokenLogprobs.reduce((a, b) => a + b, 0), tokenIds: [...ids], tokenLogprobs };
}

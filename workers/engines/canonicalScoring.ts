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

/** Top-k log-probs kept per decoded position. ≥ ~400 crashed wllama on byte tokens; 100 is safe. */
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

/** The text `ids` spell from their pieces' bytes, for a context cut from the left. */
export function bytesToText(tokenizer: Pick<Tokenizer, 'tokenBytes'>, ids: readonly number[]): string {
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

/**
 * One choice as lm-eval scores it: its own request, `tokens(context + choice) − tokens(context)` after
 * the context, cut on its own to max_length + 1 tokens (`_loglikelihood_tokens`), so a short choice keeps
 * more context than a long one.
 */
export interface ChoiceRequest extends ChoicePlan {
  /** The text the engine is sent before the choice; it tokenizes to exactly `contextTokens` (BOS excluded). */
  contextText: string;
  contextTokens: number[];
  /** Context tokens dropped from the left; 0 when the request fits. */
  truncatedTokens: number;
  /** Of those, how many lm-eval would have kept: the cut moved right until the kept text re-tokenizes to itself. */
  truncatedBeyondLmEval: number;
  /** Whether tokens(context) is a prefix of tokens(context + choice); lm-eval slices regardless. */
  contextIsPrefix: boolean;
}

type ContextCut = Pick<ChoiceRequest, 'contextText' | 'contextTokens' | 'truncatedTokens' | 'truncatedBeyondLmEval'>;

/**
 * Each choice's request: `[BOS] + context + choice` keeps its last `maxLength + 1` tokens with BOS still
 * first. `text`, for an engine that takes text and puts BOS before it (llama.cpp's server in wllama): the
 * kept context goes as text, so the cut moves right until that text tokenizes to exactly the kept tokens.
 * `tokens`, for an engine that takes token ids (a served model): lm-eval's cut exactly, nothing beyond it.
 */
export function planRequests(
  tokenizer: ScoringTokenizer,
  prompt: string,
  choices: readonly string[],
  maxLength: number,
  sentAs: 'text' | 'tokens' = 'text',
): ChoiceRequest[] {
  if (choices.length === 0) throw new Error('There are no choices to score.');
  const bos = tokenizer.addBos ? 1 : 0;
  const cuts = new Map<number, ContextCut>();
  return choices.map((choice) => {
    const split = continuationTokens(tokenizer, prompt, choice);
    const length = split.continuation.length;
    if (length === 0) throw new Error(`The choice ${JSON.stringify(choice)} adds no token after the prompt.`);
    const room = maxLength + 1 - bos - length;
    if (room < 1) throw new Error(`A choice of ${length} tokens does not fit a ${maxLength + 1}-token request.`);
    let cut = cuts.get(room);
    if (!cut) {
      cut =
        sentAs === 'text'
          ? cutContext(tokenizer, split.contextText, split.context, room)
          : cutTokens(tokenizer, split.contextText, split.context, room);
      cuts.set(room, cut);
    }
    return { choice, continuation: split.continuation, contextIsPrefix: split.contextIsPrefix, ...cut };
  });
}

function cutContext(tokenizer: ScoringTokenizer, text: string, context: number[], room: number): ContextCut {
  if (context.length <= room) return { contextText: text, contextTokens: context, truncatedTokens: 0, truncatedBeyondLmEval: 0 };
  const lmEvalDrop = context.length - room;
  for (let drop = lmEvalDrop; drop < context.length; drop++) {
    const kept = context.slice(drop);
    const spelled = tokenizer.textOf(kept, context.slice(Math.max(0, drop - 8), drop));
    // An SPM vocabulary puts a space before the text it tokenizes: a kept word's own space is then added back.
    for (const candidate of spelled.startsWith(' ') ? [spelled, spelled.slice(1)] : [spelled]) {
      const again = tokenizer.encode(candidate, { addBos: false, addEos: false });
      if (again.length === kept.length && again.every((id, i) => id === kept[i])) {
        return { contextText: candidate, contextTokens: kept, truncatedTokens: drop, truncatedBeyondLmEval: drop - lmEvalDrop };
      }
    }
  }
  throw new Error('No cut of the prompt re-tokenizes to the tokens it keeps.');
}

function cutTokens(tokenizer: ScoringTokenizer, text: string, context: number[], room: number): ContextCut {
  if (context.length <= room) return { contextText: text, contextTokens: context, truncatedTokens: 0, truncatedBeyondLmEval: 0 };
  const drop = context.length - room;
  const kept = context.slice(drop);
  return {
    contextText: tokenizer.textOf(kept, context.slice(Math.max(0, drop - 8), drop)),
    contextTokens: kept,
    truncatedTokens: drop,
    truncatedBeyondLmEval: 0,
  };
}

/**
 * Decodes exactly `request.continuation` after `request.contextText`. `fresh`: evaluate the context anew
 * (the first decode after another context); otherwise keep it and re-evaluate only its last token, as
 * llama.cpp's prompt cache does.
 */
export type RequestDecode = (request: ChoiceRequest, fresh: boolean) => Promise<PathStep[]>;

/**
 * Scores every request, decoding only those that cannot be read from an earlier decode after the same
 * context (a single-token choice is in that decode's top-k list), and records each one's context and cut.
 */
export async function scoreRequests(
  requests: readonly ChoiceRequest[],
  addsBos: boolean,
  decode: RequestDecode,
  signal?: AbortSignal,
): Promise<ChoiceScore[]> {
  const decoded: { contextTokens: readonly number[]; path: PathStep[] }[] = [];
  const scores: ChoiceScore[] = [];
  for (const request of requests) {
    if (signal?.aborted) throw Object.assign(new Error('Stopped.'), { name: 'AbortError' });
    // Contexts compare by their tokens: an engine sent token ids may hold two cuts that spell alike.
    const sameContext = decoded.filter((d) => sameTokens(d.contextTokens, request.contextTokens));
    let score = sameContext.map((d) => scoreFromTokenPath(request, d.path)).find((s) => s !== null) ?? null;
    if (!score) {
      const last = decoded.at(-1);
      const path = await decode(request, !last || !sameTokens(last.contextTokens, request.contextTokens));
      decoded.push({ contextTokens: request.contextTokens, path });
      score = scoreFromTokenPath(request, path);
    }
    if (!score) throw new Error(`The engine did not follow the tokens of ${JSON.stringify(request.choice)}.`);
    scores.push({
      ...score,
      contextTokens: request.contextTokens.length + (addsBos ? 1 : 0),
      truncatedTokens: request.truncatedTokens,
      truncatedBeyondLmEval: request.truncatedBeyondLmEval,
      contextIsPrefix: request.contextIsPrefix,
    });
  }
  return scores;
}

const sameTokens = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((id, i) => id === b[i]);

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

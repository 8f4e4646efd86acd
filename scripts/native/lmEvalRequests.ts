import { pythonRstrip } from '../../benchmarks/prompts/pythonWhitespace';

/**
 * lm-evaluation-harness's log-likelihood requests for a decoder-only model, written from its code and
 * kept apart from the browser's scoring (workers/engines): `_encode_pair` (lm_eval/api/model.py) and
 * the per-request left truncation of `_loglikelihood_tokens` (lm_eval/models/huggingface.py). Each
 * (context, continuation) pair is its own request, truncated on its own.
 */

/** llama.cpp's tokenizer as a request needs it. */
export interface RequestTokenizer {
  /** The model's BOS id where it puts one before every text (lm-eval's tok_encode with special tokens); else null. */
  bos: number | null;
  /** Tokens of `text` with no special tokens added or parsed. */
  tokenize(text: string): number[];
  /** The text `ids` spell where they follow `before` in a longer text. */
  spell(ids: readonly number[], before: readonly number[]): string;
}

export interface EncodedPair {
  /** tok_encode(context), BOS first where the model adds one. */
  context: number[];
  /** tok_encode(context + continuation) after len(context) tokens. */
  continuation: number[];
  /** Whether tok_encode(context) is a prefix of tok_encode(context + continuation); lm-eval slices regardless. */
  contextIsPrefix: boolean;
}

/** `_encode_pair`: trailing whitespace moves from the context to the continuation, then the whole is split. */
export function encodePair(tokenizer: RequestTokenizer, context: string, continuation: string): EncodedPair {
  const nSpaces = context.length - pythonRstrip(context).length;
  if (nSpaces > 0) {
    continuation = context.slice(context.length - nSpaces) + continuation;
    context = context.slice(0, context.length - nSpaces);
  }
  const bos = tokenizer.bos === null ? [] : [tokenizer.bos];
  const whole = [...bos, ...tokenizer.tokenize(context + continuation)];
  const contextEnc = [...bos, ...tokenizer.tokenize(context)];
  return {
    context: contextEnc,
    continuation: whole.slice(contextEnc.length),
    contextIsPrefix: contextEnc.every((id, i) => whole[i] === id),
  };
}

export interface LoglikelihoodInput {
  /** What the model is fed: the kept context, then every continuation token but the last (`inp`). */
  input: number[];
  continuation: number[];
  /** Position in `input` whose next-token distribution scores the continuation's first token. */
  firstScoredAt: number;
  /** Context tokens dropped from the left; 0 when the pair fits. */
  dropped: number;
  /** Of those, how many lm-eval itself would not drop (see truncate's `textBoundary`). */
  droppedBeyondLmEval: number;
}

/**
 * `(context_enc + continuation_enc)[-(max_length + 1):][:-1]`, with two rules the browser engine cannot
 * avoid, stated here so the reference applies them on purpose rather than by sharing its code:
 * - BOS stays first: the engine receives text and puts BOS before it, so a cut drops the context's
 *   oldest tokens after BOS (lm-eval's slice would drop BOS too);
 * - with `textBoundary`, the kept context must be text that tokenizes back to exactly those tokens (its
 *   spelling, or that spelling less one leading space, which an SPM vocabulary adds again); the cut moves
 *   right, a token at a time, until it does.
 */
export function truncate(
  tokenizer: RequestTokenizer,
  pair: EncodedPair,
  maxLength: number,
  options: { textBoundary: boolean },
): LoglikelihoodInput {
  const { continuation } = pair;
  if (continuation.length === 0) throw new Error('The continuation adds no token after the context.');
  if (continuation.length > maxLength) throw new Error(`A continuation of ${continuation.length} tokens exceeds max_length ${maxLength}.`);
  const bosKept = tokenizer.bos !== null && pair.context[0] === tokenizer.bos ? 1 : 0;
  const body = pair.context.slice(bosKept);
  const room = maxLength + 1 - continuation.length - bosKept;
  if (room < 1) throw new Error(`A continuation of ${continuation.length} tokens leaves no room for context in max_length ${maxLength}.`);
  const lmEvalDrop = Math.max(0, body.length - room);
  let drop = lmEvalDrop;
  if (drop > 0 && options.textBoundary) {
    while (drop < body.length && !respellable(tokenizer, body.slice(drop), body.slice(Math.max(0, drop - 8), drop))) drop++;
    if (drop === body.length) throw new Error('No cut of the context re-tokenizes to the tokens it keeps.');
  }
  const kept = [...pair.context.slice(0, bosKept), ...body.slice(drop)];
  return {
    input: [...kept, ...continuation.slice(0, -1)],
    continuation,
    firstScoredAt: kept.length - 1,
    dropped: drop,
    droppedBeyondLmEval: drop - lmEvalDrop,
  };
}

function respellable(tokenizer: RequestTokenizer, ids: readonly number[], before: readonly number[]): boolean {
  const text = tokenizer.spell(ids, before);
  const same = (spelling: string) => {
    const again = tokenizer.tokenize(spelling);
    return again.length === ids.length && again.every((id, i) => id === ids[i]);
  };
  return same(text) || (text.startsWith(' ') && same(text.slice(1)));
}

import { pythonRstrip } from '../../benchmarks/prompts/pythonWhitespace';
import type { Tokenizer } from './tokenizer';

export interface ContinuationSplit {
  /** The context once its trailing whitespace has moved to the continuation: what the model is given. */
  contextText: string;
  /** Tokens of the context once its trailing whitespace has moved to the continuation. */
  context: number[];
  /** tokens(context + continuation) after the context's tokens: what the option is scored on. */
  continuation: number[];
  /**
   * Whether the context's tokens are a prefix of the whole text's tokens. When they are not (a merge
   * across the boundary), lm-eval slices regardless and so does this, but the score then covers a
   * slightly different split of the text; callers should count and report these.
   */
  contextIsPrefix: boolean;
}

/**
 * lm-eval's _encode_pair for decoder-only models: trailing whitespace of the context moves to the
 * front of the continuation, then continuation = tokens(context + continuation)[len(tokens(context)):].
 * No BOS or EOS is added (lm-eval's tok_encode default for causal models); the caller prepends BOS to
 * the model input if the model wants one.
 */
export function continuationTokens(tokenizer: Pick<Tokenizer, 'encode'>, context: string, continuation: string): ContinuationSplit {
  const movedContext = pythonRstrip(context);
  const movedContinuation = context.slice(movedContext.length) + continuation;
  const plain = { addBos: false, addEos: false };
  const whole = tokenizer.encode(movedContext + movedContinuation, plain);
  const contextTokens = tokenizer.encode(movedContext, plain);
  return {
    contextText: movedContext,
    context: contextTokens,
    continuation: whole.slice(contextTokens.length),
    contextIsPrefix: contextTokens.every((id, i) => whole[i] === id),
  };
}

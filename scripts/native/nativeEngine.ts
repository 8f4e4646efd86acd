import type { LlamaContext, LlamaModel, Token } from 'node-llama-cpp';
import { getNativeLlama } from '../../testing/nativeLlama';
import type { ChatResult, ModelCaller } from '../../core/engine';
import { BedsideError } from '../../core/errors';
import { planScoring, scorePlan, TOP_LOGPROBS, type PathStep, type ScoringTokenizer } from '../../workers/engines/canonicalScoring';

/**
 * The reference engine: llama.cpp natively (node-llama-cpp's prebuilt CPU binary) on the same GGUF,
 * scoring on the same canonical split with the same left truncation as the browser engine, so a
 * reviewer can check the browser's log-probs against it item by item (`npm run parity`).
 */
export interface NativeEngine extends ModelCaller {
  readonly contextSize: number;
  readonly addBos: boolean;
  readonly engineVersion: string;
  dispose(): Promise<void>;
}

/** llama.cpp's own tokenizer in the shape planning needs; no special-token parsing, as the browser. */
function nativeTokenizer(model: LlamaModel): ScoringTokenizer {
  const addBos = model.tokens.shouldPrependBosToken;
  const bos = model.tokens.bos;
  return {
    addBos,
    encode: (text, options) => {
      const ids = model.tokenize(text, false) as number[];
      return (options?.addBos ?? addBos) && bos !== null ? [bos, ...ids] : ids;
    },
    // With the tokens before the cut, llama.cpp spells the kept ones as they read mid-text (no stripped leading space).
    textOf: (ids, before) => model.detokenize(ids as Token[], false, before as Token[]),
  };
}

export async function createNativeEngine(
  modelPath: string,
  options: { contextSize?: number; threads?: number } = {},
): Promise<NativeEngine> {
  const instance = await getNativeLlama();
  const model = await instance.loadModel({ modelPath, useMmap: false });
  const contextSize = Math.min(options.contextSize ?? 2048, model.trainContextSize);
  // The browser engine's settings (wllama.ts): 512-token batches, f32 KV cache, no flash attention.
  const context: LlamaContext = await model.createContext({
    contextSize,
    batchSize: 512,
    threads: options.threads ?? 1,
    sequences: 1,
    flashAttention: false,
    experimentalKvCacheKeyType: 'F32',
    experimentalKvCacheValueType: 'F32',
  });
  const sequence = context.getSequence();
  const tokenizer = nativeTokenizer(model);
  const bos = tokenizer.addBos && model.tokens.bos !== null ? [model.tokens.bos] : [];
  // The full next-token distribution: temperature 1, top-k 0 (the whole vocabulary) and no top-p or min-p cut.
  const sampling = { temperature: 1, topK: 0, topP: 1, minP: 0, yieldEogToken: true };

  /**
   * Decodes exactly `ids` after `context` from the model's full next-token distributions, batched as
   * ForcedDecode requires: fresh, the context is evaluated anew in 512-token batches; otherwise only
   * its last token is, as llama.cpp's prompt cache does in the browser engine.
   */
  async function forcedPath(context: Token[], ids: readonly number[], fresh: boolean): Promise<PathStep[]> {
    if (fresh) await sequence.clearHistory();
    else await sequence.eraseContextTokenRanges([{ start: context.length - 1, end: sequence.nextTokenIndex }]);
    const iterator = sequence.evaluateWithMetadata(context.slice(sequence.nextTokenIndex), { probabilities: true }, sampling);
    const path: PathStep[] = [];
    try {
      let step = await iterator.next();
      for (const [i, id] of ids.entries()) {
        const probabilities = step.done ? undefined : step.value.probabilities;
        if (!probabilities) throw new BedsideError('InferenceFailed', 'llama.cpp returned no next-token distribution.');
        // The top-k list the browser engine gets, so a choice is read from a sibling's decode exactly when it is there.
        const top = [...probabilities.entries()].sort((x, y) => y[1] - x[1]).slice(0, TOP_LOGPROBS);
        path.push({
          id,
          logprob: Math.log(probabilities.get(id as Token) ?? 0),
          top_logprobs: top.map(([t, p]) => ({ id: t, logprob: Math.log(p) })),
        });
        if (i < ids.length - 1) step = await iterator.next(id as Token);
      }
    } finally {
      await iterator.return();
    }
    return path;
  }

  return {
    contextSize,
    addBos: tokenizer.addBos,
    engineVersion: `llama.cpp ${instance.llamaCppRelease.release} (node-llama-cpp)`,

    async scoreChoices(prompt, choices, signal) {
      let plan;
      try {
        plan = planScoring(tokenizer, prompt, choices, contextSize);
      } catch (e) {
        throw new BedsideError('ContextWindowExceeded', (e as Error).message);
      }
      const contextIds = [...bos, ...plan.contextTokens] as Token[];
      const scores = await scorePlan(plan, bos.length > 0, (ids, fresh) => forcedPath(contextIds, ids, fresh), signal);
      return scores;
    },

    async chat(): Promise<ChatResult> {
      throw new BedsideError(
        'InferenceFailed',
        'The native reference engine scores log-prob modes only; run generative mode in the browser.',
      );
    },

    async dispose() {
      await context.dispose();
      await model.dispose();
    },
  };
}

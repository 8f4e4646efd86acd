import type { LlamaModel, Token } from 'node-llama-cpp';
import { getNativeLlama, loggedDuring } from '../../testing/nativeLlama';
import type { ChatResult, ChoiceScore, ModelCaller, Precision, PrecisionSetting, ScoringTruncation } from '../../core/engine';
import { BedsideError } from '../../core/errors';
import { precisionFromLoadLog } from '../../workers/engines/wllamaPrecision';
import { encodePair, truncate, type LoglikelihoodInput, type RequestTokenizer } from './lmEvalRequests';

/**
 * The reference engine: llama.cpp natively (node-llama-cpp's prebuilt CPU binary) on the same GGUF,
 * scoring as lm-eval's `_loglikelihood_tokens` does: each choice is its own request, tokenized,
 * truncated and evaluated in full on an empty context, with no prompt cache and no top-k reuse. It
 * shares no scoring code with the browser engine, so `npm run parity` checks that engine's split,
 * truncation and reuse rather than repeating them.
 */
export interface NativeEngine extends ModelCaller {
  readonly contextSize: number;
  readonly addBos: boolean;
  readonly engineVersion: string;
  readonly precision: PrecisionSetting;
  readonly truncation: ScoringTruncation;
  dispose(): Promise<void>;
}

function requestTokenizer(model: LlamaModel): RequestTokenizer {
  return {
    bos: model.tokens.shouldPrependBosToken ? model.tokens.bos : null,
    tokenize: (text) => model.tokenize(text, false) as number[],
    spell: (ids, before) => model.detokenize(ids as Token[], false, before as Token[]),
  };
}

/** node-llama-cpp's context options for a precision: exact as the browser engine pins it, fast as llama.cpp's defaults. */
export function nativePrecisionOptions(precision: Precision) {
  return precision === 'exact'
    ? ({ flashAttention: false, experimentalKvCacheKeyType: 'F32', experimentalKvCacheValueType: 'F32' } as const)
    : ({ flashAttention: 'auto' } as const);
}

export async function createNativeEngine(
  modelPath: string,
  options: { contextSize?: number; threads?: number; precision?: Precision } = {},
): Promise<NativeEngine> {
  const instance = await getNativeLlama();
  const model = await instance.loadModel({ modelPath, useMmap: false });
  const contextSize = Math.min(options.contextSize ?? 2048, model.trainContextSize);
  const precision = options.precision ?? 'exact';
  // exact: the browser engine's exact settings (f32 KV cache, no flash attention); fast: llama.cpp's defaults.
  // llama.cpp's load log says what it allocated and whether flash attention runs ("auto" is resolved there).
  const { value: context, lines: log } = await loggedDuring(
    () =>
      model.createContext({
        contextSize,
        batchSize: 512,
        threads: options.threads ?? 1,
        sequences: 1,
        ...nativePrecisionOptions(precision),
      }),
    /compute buffer size/,
  );
  const sequence = context.getSequence();
  const tokenizer = requestTokenizer(model);
  // lm-eval's max_length: the browser engine (llama.cpp's server) never fills the window's last cell,
  // so a request may hold contextSize tokens, fed as contextSize - 1 (`inp`) plus the last one scored.
  const maxLength = contextSize - 1;
  // The full next-token distribution: temperature 1, top-k 0 (the whole vocabulary), no top-p or min-p cut.
  const sampling = { temperature: 1, topK: 0, topP: 1, minP: 0 };

  /** One request, evaluated from an empty context in one pass; the log-prob of each continuation token. */
  async function loglikelihood(request: LoglikelihoodInput): Promise<number[]> {
    await sequence.clearHistory();
    const scored = (i: number) => i >= request.firstScoredAt;
    const output = await sequence.controlledEvaluate(
      request.input.map((id, i) =>
        scored(i) ? [id as Token, { generateNext: { probabilities: true, options: sampling } }] : (id as Token),
      ),
    );
    return request.continuation.map((id, i) => {
      const probabilities = output[request.firstScoredAt + i]?.next.probabilities;
      if (!probabilities) throw new BedsideError('InferenceFailed', 'llama.cpp returned no next-token distribution.');
      return Math.log(probabilities.get(id as Token) ?? 0);
    });
  }

  return {
    contextSize,
    addBos: tokenizer.bos !== null,
    engineVersion: `llama.cpp ${instance.llamaCppRelease.release} (node-llama-cpp)`,
    precision: precisionFromLoadLog(log, precision),
    truncation: { kind: 'per-request', maxLength },

    async scoreChoices(prompt, choices, signal) {
      const scores: ChoiceScore[] = [];
      for (const choice of choices) {
        if (signal?.aborted) throw Object.assign(new Error('Stopped.'), { name: 'AbortError' });
        const pair = encodePair(tokenizer, prompt, choice);
        let request: LoglikelihoodInput;
        try {
          request = truncate(tokenizer, pair, maxLength, { textBoundary: true });
        } catch (e) {
          throw new BedsideError('ContextWindowExceeded', (e as Error).message);
        }
        const tokenLogprobs = await loglikelihood(request);
        scores.push({
          choice,
          logprob: tokenLogprobs.reduce((a, b) => a + b, 0),
          tokenIds: [...request.continuation],
          tokenLogprobs,
          contextTokens: request.firstScoredAt + 1,
          truncatedTokens: request.dropped,
          truncatedBeyondLmEval: request.droppedBeyondLmEval,
          contextIsPrefix: pair.contextIsPrefix,
        });
      }
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

import type { ChoiceScore } from '../../../core/engine';
import { BedsideError, abortError, isBedsideError } from '../../../core/errors';
import { sumLogprobs } from '../logitScoring';
import type { EndpointHttp } from './endpointHttp';
import { planRequests } from '../canonicalScoring';
import { bosFrom, planOnServer, type ServerVocabulary } from './serverTokenizer';

/** vLLM's and SGLang's `POST /tokenize` (both take `prompt` and `add_special_tokens`). */
interface TokenizeResponse {
  tokens: number[];
}

/** The tokenizer of a vLLM or SGLang server: `/tokenize` and `/detokenize`, as lm-eval's remote tokenizer uses them. */
export async function remoteVocabulary(http: EndpointHttp, modelId: string, signal?: AbortSignal): Promise<ServerVocabulary> {
  const tokenize = async (prompt: string, addSpecial: boolean, callSignal?: AbortSignal) => {
    const { tokens } = await http.json<TokenizeResponse>(
      '/tokenize',
      { model: modelId, prompt, add_special_tokens: addSpecial },
      callSignal,
    );
    if (!Array.isArray(tokens))
      throw new BedsideError('InferenceFailed', `The server at ${http.host} answered /tokenize without "tokens".`);
    return tokens;
  };
  const detokenize = async (tokens: readonly number[], callSignal?: AbortSignal) => {
    if (tokens.length === 0) return '';
    const { prompt } = await http.json<{ prompt: string }>('/detokenize', { model: modelId, tokens }, callSignal);
    return prompt;
  };
  const [withSpecial, plain] = await Promise.all([tokenize('Hello', true, signal), tokenize('Hello', false, signal)]);
  return {
    bos: bosFrom(withSpecial, plain),
    tokenize: (texts, callSignal) => Promise.all(texts.map((text) => tokenize(text, false, callSignal))),
    // Decoded alone, a SentencePiece tokenizer drops the first token's leading space: decode it after what preceded it.
    async spell(ids, before, callSignal) {
      const [whole, head] = await Promise.all([detokenize([...before, ...ids], callSignal), detokenize(before, callSignal)]);
      return whole.startsWith(head) ? whole.slice(head.length) : detokenize(ids, callSignal);
    },
  };
}

/** The parts of an OpenAI completions response with `echo` and `logprobs` that scoring reads. */
export interface EchoedCompletion {
  choices: { index: number; logprobs: { token_logprobs: (number | null)[] } | null }[];
}

/**
 * lm-eval's `parse_logprobs` for `local-completions`: each prompt was context + continuation, echoed with
 * one generated token after it, so the continuation's log-probs are `token_logprobs[ctxlen:-1]`. The
 * prompt's first token has no log-prob (null: nothing precedes it), so a continuation must not start there.
 */
export function continuationLogprobs(
  response: EchoedCompletion,
  prompts: readonly { contextLength: number; continuation: readonly number[] }[],
): number[][] {
  const choices = [...(response.choices ?? [])].sort((a, b) => a.index - b.index);
  if (choices.length !== prompts.length) {
    throw new BedsideError('InferenceFailed', `The server answered ${choices.length} completions for ${prompts.length} prompts.`);
  }
  return prompts.map(({ contextLength, continuation }, i) => {
    const logprobs = choices[i]!.logprobs?.token_logprobs;
    if (!logprobs)
      throw new BedsideError(
        'InferenceFailed',
        'The server returned no log-probs (logprobs: null); it may not support echo with logprobs.',
      );
    if (contextLength < 1) {
      throw new BedsideError(
        'InferenceFailed',
        'The choice would be the first token of the prompt, which has no log-prob (nothing precedes it, and this model adds no BOS).',
      );
    }
    if (logprobs.length < contextLength + continuation.length) {
      throw new BedsideError(
        'InferenceFailed',
        `The server echoed ${logprobs.length} log-probs for a prompt of ${contextLength + continuation.length} tokens; it did not echo the prompt.`,
      );
    }
    return logprobs.slice(contextLength, contextLength + continuation.length).map((lp, j) => {
      if (lp === null || !Number.isFinite(lp)) {
        throw new BedsideError('InferenceFailed', `The server returned no log-prob for prompt token ${contextLength + j}.`);
      }
      return lp;
    });
  });
}

/**
 * lm-eval's `local-completions` log-likelihood on vLLM or SGLang: each choice's context + continuation goes
 * as token ids from the server's own tokenizer, cut on its own to `maxLength + 1` tokens, every choice of an
 * item in one request, with `echo: true, logprobs: 1, max_tokens: 1, temperature: 0`; each choice's score is
 * the sum over its continuation.
 */
export function completionsScorer(http: EndpointHttp, modelId: string, vocab: ServerVocabulary, maxLength: number) {
  return async function scoreChoices(prompt: string, choices: string[], signal?: AbortSignal): Promise<ChoiceScore[]> {
    try {
      const requests = await planOnServer(
        vocab,
        (tokenizer) => planRequests(tokenizer, prompt, choices, maxLength, 'tokens'),
        signal,
      ).catch((e: unknown) => {
        throw isBedsideError(e) ? e : new BedsideError('ContextWindowExceeded', (e as Error).message);
      });
      const contexts = requests.map((r) => (vocab.bos === null ? r.contextTokens : [vocab.bos, ...r.contextTokens]));
      const response = await http.json<EchoedCompletion>(
        '/v1/completions',
        {
          model: modelId,
          prompt: requests.map((r, i) => [...contexts[i]!, ...r.continuation]),
          echo: true,
          logprobs: 1,
          max_tokens: 1,
          temperature: 0,
        },
        signal,
      );
      const logprobs = continuationLogprobs(
        response,
        requests.map((r, i) => ({ contextLength: contexts[i]!.length, continuation: r.continuation })),
      );
      return requests.map((r, i) => ({
        choice: r.choice,
        logprob: sumLogprobs(logprobs[i]!),
        tokenIds: [...r.continuation],
        tokenLogprobs: logprobs[i]!,
        contextTokens: contexts[i]!.length,
        truncatedTokens: r.truncatedTokens,
        truncatedBeyondLmEval: r.truncatedBeyondLmEval,
        contextIsPrefix: r.contextIsPrefix,
      }));
    } catch (e) {
      if (signal?.aborted) throw abortError();
      throw e;
    }
  };
}

import type { ChoiceScore } from '../../../core/engine';
import { BedsideError, abortError, isBedsideError } from '../../../core/errors';
import {
  bytesToText,
  decodeConstraint,
  planRequests,
  scoreRequests,
  TOP_LOGPROBS,
  type PathStep,
  type RequestDecode,
} from '../canonicalScoring';
import type { EndpointHttp } from './endpointHttp';
import { bosFrom, planOnServer, type ServerVocabulary } from './serverTokenizer';

/** One token of llama-server's `POST /tokenize` with `with_pieces`: its text, or its bytes where they are not UTF-8. */
interface TokenPiece {
  id: number;
  piece: string | number[];
}

/** llama-server's tokenizer, keeping each token's bytes: forcing a decode by text needs them, and so does a cut. */
export interface LlamaServerVocabulary extends ServerVocabulary {
  tokenBytes(id: number): Uint8Array;
}

export async function llamaServerVocabulary(http: EndpointHttp, signal?: AbortSignal): Promise<LlamaServerVocabulary> {
  const bytes = new Map<number, Uint8Array>();
  const encoder = new TextEncoder();
  // parse_special off: text such as "<s>" in a question stays text, as the in-browser tokenizer keeps it.
  async function tokenize(content: string, addSpecial: boolean, callSignal?: AbortSignal): Promise<number[]> {
    const { tokens } = await http.json<{ tokens: TokenPiece[] }>(
      '/tokenize',
      { content, add_special: addSpecial, parse_special: false, with_pieces: true },
      callSignal,
    );
    for (const t of tokens) bytes.set(t.id, typeof t.piece === 'string' ? encoder.encode(t.piece) : Uint8Array.from(t.piece));
    return tokens.map((t) => t.id);
  }
  const [withSpecial, plain] = await Promise.all([tokenize('Hello', true, signal), tokenize('Hello', false, signal)]);
  const vocab: LlamaServerVocabulary = {
    bos: bosFrom(withSpecial, plain),
    tokenize: (texts, callSignal) => Promise.all(texts.map((text) => tokenize(text, false, callSignal))),
    spell: async (ids) => bytesToText(vocab, ids),
    tokenBytes(id) {
      const piece = bytes.get(id);
      if (!piece) throw new BedsideError('InferenceFailed', `Token ${id} was never seen from the server's tokenizer.`);
      return piece;
    },
  };
  return vocab;
}

/** One decoded position in llama-server's `completion_probabilities` (pre-sampling, so log-probs). */
interface ProbabilityStep {
  id: number;
  logprob: number | null;
  top_logprobs?: { id: number; logprob: number | null }[];
}

interface CompletionResponse {
  completion_probabilities?: ProbabilityStep[];
  tokens_evaluated?: number;
}

/** llama.cpp writes log(0) as null in JSON. */
const logprobOf = (x: number | null) => (x === null ? -Infinity : x);

/**
 * lm-eval's log-likelihood on llama-server, by the path the WASM engine takes (it is llama.cpp's server
 * code), each choice its own request cut on its own to `maxLength + 1` tokens: the prompt goes as token ids
 * (so the cut is lm-eval's exactly), each choice's own tokens are forced (a token-id grammar, or its text
 * with a bias towards its ids where a token is part of a UTF-8 character), and the log-probs read are the
 * model's before sampling (`post_sampling_probs: false`), with the top alternatives so single letters cost
 * one decode per item. A context's first decode evaluates it anew; the next ones keep it in the slot's
 * prompt cache and evaluate only its last token again, as the in-browser engine does.
 */
export function llamaServerScorer(http: EndpointHttp, vocab: LlamaServerVocabulary, maxLength: number) {
  return async function scoreChoices(prompt: string, choices: string[], signal?: AbortSignal): Promise<ChoiceScore[]> {
    const requests = await planOnServer(vocab, (tokenizer) => planRequests(tokenizer, prompt, choices, maxLength, 'tokens'), signal).catch(
      (e: unknown) => {
        throw isBedsideError(e) ? e : new BedsideError('ContextWindowExceeded', (e as Error).message);
      },
    );
    const decode: RequestDecode = async (request, fresh) => {
      const ids = request.continuation;
      const context = vocab.bos === null ? request.contextTokens : [vocab.bos, ...request.contextTokens];
      const constraint = decodeConstraint(vocab, ids);
      const response = await http.json<CompletionResponse>(
        '/completion',
        {
          prompt: context,
          n_predict: ids.length,
          temperature: 0,
          n_probs: TOP_LOGPROBS,
          post_sampling_probs: false,
          cache_prompt: !fresh,
          grammar: constraint.grammar,
          ...(constraint.logitBias ? { logit_bias: Object.entries(constraint.logitBias).map(([id, bias]) => [Number(id), bias]) } : {}),
        },
        signal,
      );
      if (response.tokens_evaluated !== undefined && response.tokens_evaluated !== context.length) {
        throw new BedsideError(
          'InferenceFailed',
          `llama-server evaluated ${response.tokens_evaluated} prompt tokens where Bedside sent ${context.length}, so its scores would not be lm-eval's.`,
        );
      }
      return (response.completion_probabilities ?? []).map((step): PathStep => ({
        id: step.id,
        logprob: logprobOf(step.logprob),
        top_logprobs: step.top_logprobs?.map((t) => ({ id: t.id, logprob: logprobOf(t.logprob) })),
      }));
    };
    try {
      return await scoreRequests(requests, vocab.bos !== null, decode, signal);
    } catch (e) {
      if (signal?.aborted) throw abortError();
      throw isBedsideError(e) ? e : new BedsideError('InferenceFailed', (e as Error).message);
    }
  };
}

import type { ChatMessage, ChatResult, GenerateOptions, TokenCallback } from '../../../core/engine';
import { BedsideError, isBedsideError } from '../../../core/errors';
import { usageFromTimings } from '../wllamaUsage';
import type { EndpointHttp } from './endpointHttp';
import { serverMessage } from './endpointHttp';
import { sseData } from './sseEvents';

/** One chunk of `/v1/chat/completions` with `stream: true`, typed as loosely as servers send it. */
interface ChatChunk {
  choices?:
    | {
        delta?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null } | null;
        finish_reason?: string | null;
      }[]
    | null;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: unknown;
}

/** The usage chunk, where it is whole: some servers send `usage: null` on every chunk, or `choices: null` with it. */
function usageOf(chunk: ChatChunk): { prompt_tokens: number; completion_tokens: number } | null {
  const u = chunk.usage;
  if (!u || typeof u.prompt_tokens !== 'number' || typeof u.completion_tokens !== 'number') return null;
  return { prompt_tokens: u.prompt_tokens, completion_tokens: u.completion_tokens };
}

/**
 * A chat reply streamed from an OpenAI-compatible server. The answer goes to `onToken` as it comes;
 * reasoning (`reasoning_content` from llama-server and vLLM, `reasoning` from Ollama) is kept apart and
 * returned with the result. Stop aborts the request and keeps what arrived. TTFT and rates are measured
 * on this side of the stream, so they compare across servers and engines.
 */
export async function streamChat(
  http: EndpointHttp,
  modelId: string,
  messages: ChatMessage[],
  options: GenerateOptions,
  onToken?: TokenCallback,
  signal?: AbortSignal,
): Promise<ChatResult> {
  const started = performance.now();
  let firstTokenAt = 0;
  let text = '';
  let reasoning = '';
  let pieces = 0;
  let usage: { prompt_tokens: number; completion_tokens: number } | null = null;
  let finish: string | null = null;
  try {
    const response = await http.open(
      '/v1/chat/completions',
      {
        model: modelId,
        messages,
        stream: true,
        stream_options: { include_usage: true },
        temperature: options.temperature,
        top_p: options.topP,
        max_tokens: options.maxTokens,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        ...(options.stop?.length ? { stop: options.stop } : {}),
      },
      signal,
    );
    if (!response.body) throw new BedsideError('InferenceFailed', `The server at ${http.host} sent no reply body.`);
    for await (const data of sseData(response.body, signal)) {
      if (data.trim() === '[DONE]') break;
      let chunk: ChatChunk;
      try {
        chunk = JSON.parse(data) as ChatChunk;
      } catch {
        throw new BedsideError('InferenceFailed', `The server at ${http.host} streamed something other than JSON: ${data.slice(0, 200)}`);
      }
      if (chunk.error !== undefined && chunk.error !== null) {
        throw new BedsideError('InferenceFailed', `The server at ${http.host} stopped the reply: ${serverMessage(JSON.stringify(chunk))}`);
      }
      usage = usageOf(chunk) ?? usage;
      for (const choice of Array.isArray(chunk.choices) ? chunk.choices : []) {
        finish = choice.finish_reason ?? finish;
        const delta = choice.delta;
        const thought = delta?.reasoning_content ?? delta?.reasoning ?? '';
        const piece = delta?.content ?? '';
        if ((thought || piece) && !firstTokenAt) firstTokenAt = performance.now();
        if (thought || piece) pieces += 1;
        reasoning += thought;
        if (piece) {
          text += piece;
          onToken?.(piece);
        }
      }
    }
  } catch (e) {
    if (!signal?.aborted) throw isBedsideError(e) ? e : new BedsideError('InferenceFailed', (e as Error).message);
  }
  // Stop cancels the body's reader, and a browser then ends the stream quietly instead of throwing: the
  // reply was cut all the same.
  if (signal?.aborted) finish = 'abort';
  return {
    text,
    finishReason: finish === 'abort' ? 'abort' : finish === 'length' ? 'length' : 'stop',
    usage: usageFromTimings(undefined, usage, started, firstTokenAt, performance.now(), pieces),
    ...(reasoning ? { reasoning } : {}),
  };
}

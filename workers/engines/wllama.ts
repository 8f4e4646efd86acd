import { Wllama, type WllamaChatMessage } from '@wllama/wllama';
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import type { ChatMessage, ChatResult, ChoiceScore, GenerateOptions, TokenCallback } from '../../core/engine';
import type { Engine, EngineCapabilities, LoadProgress, ModelSpec } from '../../core/engine';
import { BedsideError, abortError } from '../../core/errors';
import { wasmThreadCount } from '../threadPolicy';
import { gbnfLiteral } from './gbnf';
import { scoreFromPath, type PathStep } from './logprobPaths';
import { plainTranscript, TRANSCRIPT_STOP } from './plainTranscript';
import { usageFromTimings, type WllamaTimings } from './wllamaUsage';
import { mapWllamaLoadError } from './wllamaErrors';

/** Top-k log-probs kept per decoded position. ≥ ~400 crashed on byte tokens (design.md); 100 is safe. */
const TOP_LOGPROBS = 100;

interface CompletionChoice {
  text: string;
  finish_reason: 'stop' | 'length' | null;
  logprobs: { content: PathStep[] } | null;
}

interface CompletionResponse {
  choices: CompletionChoice[];
  usage?: { prompt_tokens: number; completion_tokens: number };
  timings?: WllamaTimings;
}

interface StreamChunk {
  choices: { text?: string; delta?: { content?: string | null }; finish_reason: 'stop' | 'length' | null }[];
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
  timings?: WllamaTimings;
}

export function createWllamaEngine(): Engine {
  let wllama: Wllama | null = null;
  let caps: EngineCapabilities | null = null;

  function loaded(): Wllama {
    if (!wllama) throw new BedsideError('ModelNotLoaded', 'No model is loaded. Pick a model and press Load.');
    return wllama;
  }

  // The d.ts of wllama 3.x types the response differently from what it returns at run time (design.md).
  async function complete(params: Record<string, unknown>): Promise<CompletionResponse> {
    return (await loaded().createCompletion(params as never)) as unknown as CompletionResponse;
  }

  async function loadInto(instance: Wllama, spec: ModelSpec, onProgress: (p: LoadProgress) => void, threads: number, signal?: AbortSignal) {
    const params = { n_ctx: spec.contextSize ?? 2048, n_threads: threads, n_batch: 512 };
    if (spec.file) {
      onProgress({ stage: 'cache-read', loaded: 0, total: spec.file.size, text: `Reading ${spec.file.name}` });
      await instance.loadModel([spec.file], params);
      return;
    }
    if (!spec.url) throw new BedsideError('ModelLoadFailed', `Model "${spec.name}" has neither a URL nor a file.`);
    const cached = (await instance.modelManager.getModels()).some((m) => m.url === spec.url);
    const stage = cached ? 'cache-read' : 'download';
    await instance.loadModelFromUrl(spec.url, {
      ...params,
      useCache: true,
      signal,
      progressCallback: ({ loaded, total }) =>
        onProgress({ stage, loaded, total, text: cached ? 'Reading from this device’s cache' : 'Downloading weights' }),
    });
  }

  return {
    loaded: () => caps,

    async load(spec, onProgress, signal) {
      if (spec.backend !== 'wllama') throw new BedsideError('ModelLoadFailed', `The WASM engine cannot run ${spec.backend} models.`);
      const threads = wasmThreadCount({
        crossOriginIsolated: globalThis.crossOriginIsolated === true,
        hardwareConcurrency: navigator.hardwareConcurrency,
      });
      const next = new Wllama({ default: wasmUrl }, { suppressNativeLog: true, logger: quietLogger });
      try {
        await loadInto(next, spec, onProgress, threads, signal);
      } catch (e) {
        await next.exit().catch(() => undefined);
        if (signal?.aborted) throw abortError();
        throw mapWllamaLoadError(e, spec);
      }
      const info = next.getLoadedContextInfo();
      // wllama reports success with an empty vocabulary when the bytes were not a whole GGUF.
      if (!info.n_vocab || !info.n_ctx) {
        await next.exit().catch(() => undefined);
        if (spec.url) await next.modelManager.cacheManager.delete(spec.url).catch(() => undefined);
        throw mapWllamaLoadError(new Error('the file has no usable vocabulary or context'), spec);
      }
      // The previous model stays usable until the new one has loaded: a failed load changes nothing.
      const previous = wllama;
      wllama = next;
      await previous?.exit().catch(() => undefined);
      caps = {
        info: { backend: 'wllama', modelId: spec.id, quant: spec.quant, engineVersion: `wllama ${Wllama.getLibllamaVersion()}` },
        contextSize: info.n_ctx,
        vocabSize: info.n_vocab,
        exactLogprobs: true,
        hasChatTemplate: !!next.getChatTemplate(),
        threads: next.getNumThreads(),
        multiThread: next.isMultithread(),
      };
      onProgress({ stage: 'ready', loaded: 1, total: 1, text: 'Ready' });
      return caps;
    },

    async chat(messages: ChatMessage[], options: GenerateOptions, onToken?: TokenCallback, signal?: AbortSignal): Promise<ChatResult> {
      const engine = loaded();
      const started = performance.now();
      let firstTokenAt = 0;
      let text = '';
      let last: StreamChunk | null = null;
      const onData = (chunk: StreamChunk) => {
        last = chunk;
        const choice = chunk.choices[0];
        const piece = choice?.delta?.content ?? choice?.text ?? '';
        if (!piece) return;
        if (!firstTokenAt) firstTokenAt = performance.now();
        text += piece;
        onToken?.(piece);
      };
      const sampling = {
        temperature: options.temperature,
        top_p: options.topP,
        max_tokens: options.maxTokens,
        seed: options.seed,
        stream: true,
        onData,
        abortSignal: signal,
      };
      let finishReason: ChatResult['finishReason'];
      try {
        if (caps?.hasChatTemplate) {
          await engine.createChatCompletion({ ...sampling, messages: messages as WllamaChatMessage[], stop: options.stop } as never);
        } else {
          await engine.createCompletion({
            ...sampling,
            prompt: plainTranscript(messages),
            stop: [...TRANSCRIPT_STOP, ...(options.stop ?? [])],
          } as never);
        }
        const final = last as StreamChunk | null;
        finishReason = final?.choices[0]?.finish_reason === 'length' ? 'length' : 'stop';
      } catch (e) {
        if (!signal?.aborted) throw e;
        finishReason = 'abort';
      }
      const final = last as StreamChunk | null;
      return {
        text: caps?.hasChatTemplate ? text : text.trimStart(),
        finishReason,
        usage: usageFromTimings(final?.timings, final?.usage ?? null, started, firstTokenAt, performance.now()),
      };
    },

    async scoreChoices(prompt: string, choices: string[], signal?: AbortSignal): Promise<ChoiceScore[]> {
      // Each forced decode also reports the top-k alternatives at every position, so a later choice
      // that is one of them (a single-token letter, or one sharing a prefix) needs no decode of its own.
      const paths: PathStep[][] = [];
      const scores: ChoiceScore[] = [];
      for (const choice of choices) {
        if (signal?.aborted) throw abortError();
        let score = paths.map((p) => scoreFromPath(choice, p)).find((s) => s !== null) ?? null;
        if (!score) {
          const path = await forcedPath(prompt, choice, signal);
          paths.push(path);
          score = scoreFromPath(choice, path);
        }
        if (!score) throw new BedsideError('InferenceFailed', `Could not score the continuation ${JSON.stringify(choice)}.`);
        scores.push(score);
      }
      return scores;
    },

    async unload() {
      await wllama?.exit();
      wllama = null;
      caps = null;
    },
  };

  /**
   * Decodes `choice` after `prompt` with a grammar that admits only that text, keeping the true
   * (pre-grammar) log-prob and top-k list at each position. wllama 3.x exposes no tokenizer, so the
   * segmentation is the model's greedy one among those that spell the choice; scores record it.
   */
  async function forcedPath(prompt: string, choice: string, signal?: AbortSignal): Promise<PathStep[]> {
    const res = await complete({
      prompt,
      grammar: `root ::= ${gbnfLiteral(choice)}`,
      // Every token spells at least one byte, so this covers the choice without decoding past it.
      max_tokens: new TextEncoder().encode(choice).length,
      temperature: 0,
      logprobs: TOP_LOGPROBS,
      cache_prompt: true,
      abortSignal: signal,
    });
    return res.choices[0]?.logprobs?.content ?? [];
  }
}

const quietLogger = {
  debug: () => undefined,
  log: () => undefined,
  warn: (...args: unknown[]) => console.warn(...args),
  error: (...args: unknown[]) => console.error(...args),
};

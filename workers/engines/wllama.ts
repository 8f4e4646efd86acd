import { Wllama, type WllamaChatMessage } from '@wllama/wllama';
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import type { ChatMessage, ChatResult, ChoiceScore, GenerateOptions, TokenCallback } from '../../core/engine';
import type { Engine, EngineCapabilities, LoadProgress, ModelSpec } from '../../core/engine';
import { BedsideError, abortError, isBedsideError } from '../../core/errors';
import { wasmThreadCount } from '../../models/threadPolicy';
import { readGgufMetadata } from '../tokenizer/ggufMetadata';
import { vocabularyFromMetadata } from '../tokenizer/ggufVocabulary';
import { createTokenizer, type Tokenizer } from '../tokenizer/tokenizer';
import {
  decodeConstraint,
  planRequests,
  scoreRequests,
  scoringTokenizer,
  TOP_LOGPROBS,
  type DecodeConstraint,
  type RequestDecode,
} from './canonicalScoring';
import type { PathStep } from './canonicalScoring';
import { plainTranscript, TRANSCRIPT_STOP } from './plainTranscript';
import { usageFromTimings, type WllamaTimings } from './wllamaUsage';
import { diagnoseWllamaLoad, mapWllamaChatError, mapWllamaLoadError, storageShortfall, type DownloadTally } from './wllamaErrors';
import { weightsStorageFullError } from '../../core/storageFull';
import { adapterShaderF16, placementFromLoadLog } from './wllamaPlacement';
import { precisionFromLoadLog, precisionParams } from './wllamaPrecision';
import { buffersFromLoadLog } from './llamaBuffers';
import { orderPickedParts, splitPartUrls } from '../../models/ggufSplit';

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
  /** The model file, kept to read its tokenizer when scoring first needs it (chat never does). */
  let weights: (() => Promise<Blob | null>) | null = null;
  let tokenizer: Promise<Tokenizer> | null = null;

  /**
   * wllama 3.x has no tokenizer API, so scoring tokenizes with the GGUF's own vocabulary, built here
   * exactly as llama.cpp builds it (workers/tokenizer). An unsupported vocabulary fails loudly.
   */
  function tokenizerFor(): Promise<Tokenizer> {
    tokenizer ??= (async () => {
      const blob = await weights?.();
      if (!blob) throw new BedsideError('InferenceFailed', 'The model file is not available to read its tokenizer; load the model again.');
      try {
        return createTokenizer(vocabularyFromMetadata(await readGgufMetadata(blob)));
      } catch (e) {
        throw new BedsideError('UnsupportedTokenizer', `Log-prob scoring needs this model's exact tokenizer: ${(e as Error).message}`);
      }
    })();
    tokenizer.catch(() => (tokenizer = null));
    return tokenizer;
  }

  function loaded(): Wllama {
    if (!wllama) throw new BedsideError('ModelNotLoaded', 'No model is loaded. Pick a model and press Load.');
    return wllama;
  }

  // The d.ts of wllama 3.x types the response differently from what it returns at run time.
  async function complete(params: Record<string, unknown>): Promise<CompletionResponse> {
    return (await loaded().createCompletion(params as never)) as unknown as CompletionResponse;
  }

  async function loadInto(
    instance: Wllama,
    spec: ModelSpec,
    onProgress: (p: LoadProgress) => void,
    threads: number,
    tally: DownloadTally,
    signal?: AbortSignal,
  ) {
    const params = {
      n_ctx: spec.contextSize ?? 2048,
      n_threads: threads,
      n_batch: 512,
      // One slot, so a scoring request always finds the previous choice's context in the prompt cache.
      n_parallel: 1,
      ...precisionParams(spec.precision ?? 'fast'),
      ...(spec.gpuLayers === undefined ? {} : { n_gpu_layers: spec.gpuLayers }),
    };
    const files = localParts(spec);
    if (files) {
      const total = files.reduce((sum, f) => sum + f.size, 0);
      onProgress({ stage: 'cache-read', loaded: 0, total, text: `Reading ${files.map((f) => f.name).join(', ')}` });
      await instance.loadModel(files, params);
      return;
    }
    if (!spec.url) throw new BedsideError('ModelLoadFailed', `Model "${spec.name}" has neither a URL nor a file.`);
    const cached = (await instance.modelManager.getModels()).some((m) => m.url === spec.url);
    const stage = cached ? 'cache-read' : 'download';
    await instance.loadModelFromUrl(spec.url, {
      ...params,
      useCache: true,
      signal,
      progressCallback: ({ loaded, total }) => {
        if (!cached) Object.assign(tally, { received: loaded, total });
        onProgress({ stage, loaded, total, text: cached ? 'Reading from this device’s cache' : 'Downloading weights' });
      },
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
      // llama.cpp's load log is the one exact record of where the layers went (wllamaPlacement.ts).
      const loadLog: LogSink = { lines: [], collecting: true };
      const next = new Wllama({ default: wasmUrl }, { suppressNativeLog: false, logger: capturingLogger(loadLog) });
      const tally: DownloadTally = { received: 0, total: 0 };
      /** Why the load failed: storage running out while downloading, else what the source and the engine's log say. */
      const failure = async (e: unknown, log: string): Promise<BedsideError> => {
        const { url } = spec;
        const shortfall = url && !localParts(spec) ? await storageShortfall(e, tally, () => cachedBytes(next, url)) : null;
        if (shortfall) return weightsStorageFullError(spec.name, shortfall.needed || null, shortfall.stored);
        return mapWllamaLoadError(e, spec, await diagnoseWllamaLoad(spec, log));
      };
      try {
        await loadInto(next, spec, onProgress, threads, tally, signal);
      } catch (e) {
        await next.exit().catch(() => undefined);
        if (signal?.aborted) throw abortError();
        throw await failure(e, `${e instanceof Error ? e.message : String(e)}\n${loadLog.lines.join('\n')}`);
      } finally {
        // Only the load's lines are kept; generation logs a line per request, which nobody reads.
        loadLog.collecting = false;
      }
      const info = next.getLoadedContextInfo();
      // wllama reports success with an empty vocabulary when the bytes were not a whole GGUF.
      if (!info.n_vocab || !info.n_ctx) {
        await next.exit().catch(() => undefined);
        const error = await failure(new Error('the file has no usable vocabulary or context'), loadLog.lines.join('\n'));
        if (spec.url) await next.modelManager.cacheManager.delete(spec.url).catch(() => undefined);
        throw error;
      }
      // The previous model stays usable until the new one has loaded: a failed load changes nothing.
      const previous = wllama;
      wllama = next;
      await previous?.exit().catch(() => undefined);
      const file = localParts(spec)?.[0];
      const { url } = spec;
      weights = file ? async () => file : url ? () => next.cacheManager.open(url) : null;
      const threadsUsed = next.getNumThreads();
      const compute = placementFromLoadLog(loadLog.lines, next.getModelMetadata().hparams.nLayer, {
        requestedGpuLayers: spec.gpuLayers,
        threads: threadsUsed,
        adapterHasShaderF16: await adapterShaderF16(),
      });
      tokenizer = null;
      const buffers = buffersFromLoadLog(loadLog.lines);
      caps = {
        info: { backend: 'wllama', modelId: spec.id, quant: spec.quant, engineVersion: `wllama ${Wllama.getLibllamaVersion()}` },
        contextSize: info.n_ctx,
        vocabSize: info.n_vocab,
        exactLogprobs: true,
        hasChatTemplate: !!next.getChatTemplate(),
        addsBos: next.mustAddBosToken(),
        threads: threadsUsed,
        multiThread: next.isMultithread(),
        compute,
        gpuLayers: { choice: spec.gpuLayersChoice ?? 'all', requested: spec.gpuLayers ?? null },
        precision: precisionFromLoadLog(loadLog.lines, spec.precision ?? 'fast'),
        ...(buffers ? { buffers } : {}),
        truncation: { kind: 'per-request', maxLength: maxLengthOf(info.n_ctx) },
      };
      onProgress({ stage: 'ready', loaded: 1, total: 1, text: 'Ready' });
      return caps;
    },

    async chat(messages: ChatMessage[], options: GenerateOptions, onToken?: TokenCallback, signal?: AbortSignal): Promise<ChatResult> {
      const engine = loaded();
      const started = performance.now();
      let firstTokenAt = 0;
      let text = '';
      // Each streamed piece is one sampled token; a stopped reply has no final usage to count them.
      let streamed = 0;
      let last: StreamChunk | null = null;
      const onData = (chunk: StreamChunk) => {
        last = chunk;
        const choice = chunk.choices[0];
        const piece = choice?.delta?.content ?? choice?.text ?? '';
        if (!piece) return;
        if (!firstTokenAt) firstTokenAt = performance.now();
        streamed += 1;
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
        if (!signal?.aborted) throw mapWllamaChatError(e);
        finishReason = 'abort';
      }
      const final = last as StreamChunk | null;
      return {
        text: caps?.hasChatTemplate ? text : text.trimStart(),
        finishReason,
        usage: usageFromTimings(final?.timings, final?.usage ?? null, started, firstTokenAt, performance.now(), streamed),
        ...(caps?.precision ? { precision: caps.precision } : {}),
      };
    },

    /**
     * lm-eval's log-likelihood on the canonical split, each choice its own request cut to the window on
     * its own: a context is evaluated once (the prompt cache keeps it for the choices that share it) and
     * each choice's own tokens are forced by a token-id grammar, while the log-probs reported are the
     * model's, before the grammar. wllama takes prompts as text only (a token-id prompt is refused by
     * its llama.cpp server code, which reads the prompt as a string), so the engine's count of prompt
     * tokens is checked against Bedside's.
     */
    async scoreChoices(prompt: string, choices: string[], signal?: AbortSignal): Promise<ChoiceScore[]> {
      const model = caps;
      if (!model) throw new BedsideError('ModelNotLoaded', 'No model is loaded. Pick a model and press Load.');
      const tok = await tokenizerFor();
      let requests;
      try {
        requests = planRequests(scoringTokenizer(tok), prompt, choices, maxLengthOf(model.contextSize));
      } catch (e) {
        throw new BedsideError('ContextWindowExceeded', (e as Error).message);
      }
      const decode: RequestDecode = async (request, fresh) => {
        const ids = request.continuation;
        const contextTokens = request.contextTokens.length + (tok.addBos ? 1 : 0);
        const { path, promptTokens } = await forcedTokens(request.contextText, decodeConstraint(tok, ids), ids.length, fresh, signal);
        if (promptTokens !== contextTokens) {
          throw new BedsideError(
            'InferenceFailed',
            `Bedside's tokenizer and the engine disagree on this prompt (${contextTokens} vs ${promptTokens} tokens), so its scores would not be lm-eval's.`,
          );
        }
        return path;
      };
      let scores: ChoiceScore[];
      try {
        scores = await scoreRequests(requests, tok.addBos, decode, signal);
      } catch (e) {
        if (signal?.aborted) throw abortError();
        throw isBedsideError(e) ? e : new BedsideError('InferenceFailed', (e as Error).message);
      }
      return scores;
    },

    async unload() {
      await wllama?.exit();
      wllama = null;
      caps = null;
      weights = null;
      tokenizer = null;
    },
  };

  /**
   * Decodes exactly `ids` after `context`, keeping each position's true log-prob and top-k list; see
   * RequestDecode for `fresh`. `cache_prompt: false` evaluates the context anew; with it on, the one
   * slot (n_parallel 1) still holds the context from the previous choice.
   */
  async function forcedTokens(
    context: string,
    constraint: DecodeConstraint,
    length: number,
    fresh: boolean,
    signal?: AbortSignal,
  ): Promise<{ path: PathStep[]; promptTokens: number }> {
    const res = await complete({
      prompt: context,
      grammar: constraint.grammar,
      ...(constraint.logitBias ? { logit_bias: constraint.logitBias } : {}),
      max_tokens: length,
      temperature: 0,
      logprobs: TOP_LOGPROBS,
      cache_prompt: !fresh,
      abortSignal: signal,
    });
    return { path: res.choices[0]?.logprobs?.content ?? [], promptTokens: res.usage?.prompt_tokens ?? -1 };
  }
}

/**
 * lm-eval's max_length for a window of `nCtx` cells: a request is fed as max_length tokens plus the last
 * one scored, and llama.cpp's server stops a completion before it would fill the window's last cell.
 */
function maxLengthOf(nCtx: number): number {
  return nCtx - 1;
}

interface LogSink {
  lines: string[];
  collecting: boolean;
}

/** Native info lines go to `sink` while it collects, else nowhere; warnings and errors to the console, as before. */
function capturingLogger(sink: LogSink) {
  const keep = (...args: unknown[]) => {
    if (sink.collecting) sink.lines.push(args.map(String).join(' '));
  };
  return {
    debug: keep,
    log: keep,
    warn: (...args: unknown[]) => console.warn(...args),
    error: (...args: unknown[]) => console.error(...args),
  };
}

/** A picked file, or the picked parts of a split GGUF in part order (the first holds the tokenizer). */
function localParts(spec: ModelSpec): File[] | null {
  if (spec.files?.length) {
    const picked = orderPickedParts(spec.files);
    if (!picked.ok) throw new BedsideError('ModelLoadFailed', picked.error);
    return picked.parts;
  }
  return spec.file ? [spec.file] : null;
}

/** Bytes the weight cache holds of a model's files (every part of a split GGUF), complete or not. */
async function cachedBytes(instance: Wllama, url: string): Promise<number> {
  let total = 0;
  for (const part of splitPartUrls(url)) {
    total += Math.max(0, await instance.cacheManager.getSize(await instance.cacheManager.getNameFromURL(part)));
  }
  return total;
}

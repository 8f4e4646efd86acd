import type { ChatCompletionChunk, ChatCompletionRequestStreaming, MLCEngine } from '@mlc-ai/web-llm';
import type { ChatMessage, ChatResult, ChoiceScore, GenerateOptions, TokenCallback } from '../../core/engine';
import type { Engine, EngineCapabilities, LoadProgress, ModelSpec } from '../../core/engine';
import { BedsideError, abortError } from '../../core/errors';
import { LogitCapture, scoreContinuations, splitContinuation, type LogitStepper } from './logitScoring';
import { preflightError, webLlmModelRecord } from './webllmConfig';
import { diagnoseWebLlmLoad, mapWebLlmError } from './webllmErrors';
import { weightsStorageFullError } from '../../core/storageFull';
import { modelLacksSystemRole, toWebLlmMessages } from './webllmMessages';
import { parseWebLlmProgress } from './webllmProgress';
import { finishReasonFromWebLlm, usageFromWebLlm, type WebLlmUsage } from './webllmUsage';

/** The WebGPU surface read here; TypeScript's DOM lib has no WebGPU types and none are installed. */
interface GpuAdapterLike {
  features: { has(name: string): boolean };
}
interface NavigatorGpu {
  gpu?: { requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<GpuAdapterLike | null> };
}

/**
 * What scoreChoices needs from inside MLCEngine. web-llm 0.2.86 exposes no tokenizer and no logits
 * API: `loadedModelIdToPipeline` (MLCEngine) and `tokenizer` / `config` (LLMChatPipeline) are private
 * in the .d.ts but plain properties at run time. Read them in one place and check their shape, so a
 * web-llm upgrade that moves them fails with a clear message instead of a TypeError.
 */
interface PipelineInternals {
  tokenizer: { encode(text: string): ArrayLike<number> };
  config: {
    vocab_size: number;
    context_window_size: number;
    sliding_window_size?: number;
    conv_template?: { system_prefix_token_ids?: number[] };
  };
}

function pipelineInternals(engine: MLCEngine, modelId: string): PipelineInternals {
  const pipelines = (engine as unknown as { loadedModelIdToPipeline?: Map<string, unknown> }).loadedModelIdToPipeline;
  const pipeline = pipelines?.get(modelId) as Partial<PipelineInternals> | undefined;
  if (!pipeline || typeof pipeline.tokenizer?.encode !== 'function' || typeof pipeline.config?.vocab_size !== 'number') {
    throw new BedsideError(
      'InferenceFailed',
      'This WebLLM version does not expose its tokenizer the way Bedside expects, so exact choice scoring is unavailable. Use generation scoring or the WASM engine.',
    );
  }
  return pipeline as PipelineInternals;
}

export function createWebLlmEngine(): Engine {
  let engine: MLCEngine | null = null;
  let current: ModelSpec | null = null;
  let caps: EngineCapabilities | null = null;
  const capture = new LogitCapture();
  // forwardTokensAndSample takes no lock in web-llm, so a score and a chat must not interleave.
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  function loaded(): { engine: MLCEngine; spec: ModelSpec; caps: EngineCapabilities } {
    if (!engine || !current || !caps) throw new BedsideError('ModelNotLoaded', 'No model is loaded. Pick a model and press Load.');
    return { engine, spec: current, caps };
  }

  async function release(): Promise<void> {
    const previous = engine;
    engine = null;
    current = null;
    caps = null;
    if (previous) {
      await previous.interruptGenerate();
      await previous.unload().catch(() => undefined);
    }
  }

  return {
    loaded: () => caps,

    async load(spec: ModelSpec, onProgress: (p: LoadProgress) => void, signal?: AbortSignal): Promise<EngineCapabilities> {
      if (spec.backend !== 'webllm') throw new BedsideError('ModelLoadFailed', `The WebGPU engine cannot run ${spec.backend} models.`);
      const record = webLlmModelRecord(spec);
      const adapter = await (navigator as NavigatorGpu).gpu?.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
      const refused = preflightError({ present: !!adapter, hasShaderF16: !!adapter?.features.has('shader-f16') }, spec);
      if (refused) throw refused;
      if (signal?.aborted) throw abortError();

      // Two models on one GPU is the usual way to lose the device, so the old one goes first.
      await release();
      const webllm = await import('@mlc-ai/web-llm');
      // The size of the weights, as far as the download announced it: said if storage runs out.
      let downloadBytes = 0;
      const next = new webllm.MLCEngine({
        appConfig: { model_list: [record] },
        initProgressCallback: (report) => {
          const progress = parseWebLlmProgress(report);
          if (progress.stage === 'download') downloadBytes = Math.max(downloadBytes, progress.total);
          onProgress(progress);
        },
        logitProcessorRegistry: new Map([[spec.id, capture]]),
        logLevel: 'WARN',
      });
      // unload() aborts web-llm's own reload controller, which stops fetches in flight.
      const onAbort = () => void next.unload();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        await next.reload(spec.id);
      } catch (e) {
        await next.unload().catch(() => undefined);
        if (signal?.aborted) throw abortError();
        const error = mapWebLlmError(e, spec, 'load', await diagnoseWebLlmLoad(e, spec));
        throw error.name === 'QuotaExceeded' ? await weightsStorageFullError(spec.name, downloadBytes || null, null) : error;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
      if (signal?.aborted) {
        await next.unload().catch(() => undefined);
        throw abortError();
      }

      const { config } = pipelineInternals(next, spec.id);
      engine = next;
      current = spec;
      caps = {
        info: { backend: 'webllm', modelId: spec.id, quant: spec.quant, engineVersion: `web-llm ${webllm.modelVersion}` },
        contextSize: config.context_window_size > 0 ? config.context_window_size : (config.sliding_window_size ?? 0),
        vocabSize: config.vocab_size,
        exactLogprobs: true,
        hasChatTemplate: true,
        // Scoring conditions on the conversation template's system prefix, which holds BOS where the model has one.
        addsBos: (config.conv_template?.system_prefix_token_ids?.length ?? 0) > 0,
        // One JS thread drives the GPU; there is no CPU thread pool to report.
        threads: 1,
        multiThread: false,
        // scoreContinuations refuses a prompt that does not fit the window; the item then fails.
        truncation: { kind: 'refuse' },
      };
      onProgress({ stage: 'ready', loaded: 1, total: 1, text: 'Ready' });
      return caps;
    },

    chat(messages: ChatMessage[], options: GenerateOptions, onToken?: TokenCallback, signal?: AbortSignal): Promise<ChatResult> {
      return serial(async () => {
        const { engine: eng, spec } = loaded();
        const startedAt = performance.now();
        let firstTokenAt = 0;
        let piecesSeen = 0;
        let text = '';
        let finish: string | null = null;
        let usage: WebLlmUsage | null = null;
        const request: ChatCompletionRequestStreaming = {
          messages: toWebLlmMessages(messages, { foldSystemIntoUser: modelLacksSystemRole(spec.id) }),
          stream: true,
          stream_options: { include_usage: true },
          temperature: options.temperature,
          top_p: options.topP,
          max_tokens: options.maxTokens,
          ...(options.seed !== undefined ? { seed: Math.trunc(options.seed) } : {}),
          ...(options.stop?.length ? { stop: options.stop } : {}),
        };
        const onAbort = () => void eng.interruptGenerate();
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          if (!signal?.aborted) {
            const stream: AsyncIterable<ChatCompletionChunk> = await eng.chat.completions.create(request);
            for await (const chunk of stream) {
              // web-llm clears its interrupt flag when a generation starts, so a stop pressed before the
              // first chunk would be forgotten; repeating it here is harmless.
              if (signal?.aborted) void eng.interruptGenerate();
              const choice = chunk.choices[0];
              const piece = choice?.delta.content ?? '';
              if (piece) {
                if (!firstTokenAt) firstTokenAt = performance.now();
                piecesSeen++;
                text += piece;
                onToken?.(piece);
              }
              if (choice?.finish_reason) finish = choice.finish_reason;
              if (chunk.usage) usage = chunk.usage;
            }
          }
        } catch (e) {
          if (!signal?.aborted) throw mapWebLlmError(e, spec, 'inference');
        } finally {
          signal?.removeEventListener('abort', onAbort);
        }
        const aborted = !!signal?.aborted;
        // web-llm#447: an interrupted reply must not be continued in place by the next request. 0.2.86
        // rebuilds the conversation itself after "abort"; resetting here keeps that true if it regresses.
        if (aborted) await eng.resetChat().catch(() => undefined);
        return {
          text,
          finishReason: finishReasonFromWebLlm(finish, aborted),
          usage: usageFromWebLlm(usage, { startedAt, firstTokenAt, endedAt: performance.now(), piecesSeen }),
        };
      });
    },

    scoreChoices(prompt: string, choices: string[], signal?: AbortSignal): Promise<ChoiceScore[]> {
      return serial(async () => {
        const { engine: eng, spec, caps: loadedCaps } = loaded();
        if (signal?.aborted) throw abortError();
        if (choices.length === 0) return [];
        const { tokenizer, config } = pipelineInternals(eng, spec.id);
        // The token ids MLC puts before every chat prompt are the model's begin-of-text convention.
        const prefix = config.conv_template?.system_prefix_token_ids ?? [];
        const splits = choices.map((choice) => splitContinuation((t) => tokenizer.encode(t), prompt, choice, prefix));
        const stepper: LogitStepper = {
          reset: () => eng.resetChat(true),
          forward: async (ids, isPrefill) => {
            capture.arm();
            await eng.forwardTokensAndSample(ids, isPrefill, spec.id);
            return capture.take();
          },
        };
        try {
          const contextIds = (splits[0] as { contextIds: number[] }).contextIds;
          const scored = await scoreContinuations(
            stepper,
            contextIds,
            splits.map((s) => s.continuationIds),
            loadedCaps.contextSize,
            signal,
          );
          return scored.map((s, i) => ({ choice: choices[i] as string, ...s }));
        } catch (e) {
          throw signal?.aborted ? abortError() : mapWebLlmError(e, spec, 'inference');
        } finally {
          capture.disarm();
          // The KV cache now holds raw scoring tokens that no conversation owns.
          await eng.resetChat().catch(() => undefined);
        }
      });
    },

    async unload(): Promise<void> {
      await release();
    },
  };
}

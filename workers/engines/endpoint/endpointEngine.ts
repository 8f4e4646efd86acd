import type {
  CapabilityCheck,
  ChoiceScore,
  Engine,
  EndpointInfo,
  EndpointModel,
  EndpointSpec,
  EngineCapabilities,
  ServerKind,
} from '../../../core/engine';
import { BedsideError, isBedsideError } from '../../../core/errors';
import { streamChat } from './chatStream';
import { completionsScorer, continuationLogprobs, remoteVocabulary, type EchoedCompletion } from './completionsScoring';
import { createEndpointHttp, type EndpointHttp, type RetryPolicy } from './endpointHttp';
import { llamaServerScorer, llamaServerVocabulary } from './llamaServerScoring';
import { checkChat, identifyServer, listServedModels, reportedPrecision, serverName, type ServerIdentity } from './serverProbe';

/** Benchmark items in flight at once when the user sets nothing: servers batch, and 4 keeps one GPU busy without queueing long. */
export const DEFAULT_CONCURRENCY = 4;

export interface EndpointEngineOptions {
  retry?: RetryPolicy;
  fetch?: typeof fetch;
}

type Scorer = (prompt: string, choices: string[], signal?: AbortSignal) => Promise<ChoiceScore[]>;

/** A served model as probed: what it is, where it is, and how it is scored if it can be. */
export interface ProbedEndpoint {
  http: EndpointHttp;
  info: EndpointInfo;
  contextSize: number;
  vocabSize: number;
  addsBos: boolean | null;
  scorer: Scorer | null;
  /** lm-eval's max_length for scoring; absent where the server cannot score. */
  maxLength?: number;
}

interface ScoringSetup {
  check: CapabilityCheck;
  scorer: Scorer | null;
  /** lm-eval's max_length: a request is cut to this + 1 tokens. */
  maxLength?: number;
  contextSize: number | null;
  addsBos: boolean | null;
}

const failureText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Scoring as the WASM engine does it, on llama.cpp's own server. */
async function llamaServerScoring(
  http: EndpointHttp,
  identity: ServerIdentity,
  nCtx: number | null,
  signal?: AbortSignal,
): Promise<ScoringSetup> {
  const contextSize = identity.props?.default_generation_settings?.n_ctx ?? nCtx;
  try {
    const vocab = await llamaServerVocabulary(http, signal);
    if (!contextSize)
      return {
        check: { ok: false, reason: 'llama-server did not report its context size (n_ctx in /props).' },
        scorer: null,
        contextSize: null,
        addsBos: vocab.bos !== null,
      };
    // As in the WASM engine: llama.cpp's server stops a completion before it would fill the window's last cell.
    const maxLength = contextSize - 1;
    return { check: { ok: true }, scorer: llamaServerScorer(http, vocab, maxLength), maxLength, contextSize, addsBos: vocab.bos !== null };
  } catch (e) {
    if (isBedsideError(e, 'AbortError') || isBedsideError(e, 'EndpointUnreachable')) throw e;
    return {
      check: { ok: false, reason: `llama-server's POST /tokenize failed: ${failureText(e)}` },
      scorer: null,
      contextSize,
      addsBos: null,
    };
  }
}

/**
 * lm-eval's local-completions contract, tried for real: the server's tokenizer, then one echoed prompt.
 * vLLM and SGLang pass; a server without prompt log-probs fails here and is refused with the reason.
 */
async function completionsScoring(
  http: EndpointHttp,
  kind: ServerKind,
  modelId: string,
  maxModelLen: number | null,
  signal?: AbortSignal,
): Promise<ScoringSetup> {
  const name = serverName(kind);
  const lacking = (what: string): ScoringSetup => ({
    check: {
      ok: false,
      reason:
        kind === 'ollama'
          ? 'Ollama returns no log-probabilities for the tokens of a prompt (its API has no echo with logprobs), so log-prob modes cannot be scored on it; generative mode works.'
          : `${name} lacks what log-prob modes need (its tokenizer at POST /tokenize, and prompt log-probs from POST /v1/completions with echo and logprobs): ${what}. Generative mode works.`,
    },
    scorer: null,
    contextSize: maxModelLen,
    addsBos: null,
  });
  let vocab;
  try {
    vocab = await remoteVocabulary(http, modelId, signal);
  } catch (e) {
    if (isBedsideError(e, 'AbortError') || isBedsideError(e, 'EndpointUnreachable')) throw e;
    return lacking(`/tokenize failed (${failureText(e)})`);
  }
  try {
    const [text] = await vocab.tokenize(['Hello world'], signal);
    const prompt = vocab.bos === null ? text! : [vocab.bos, ...text!];
    const response = await http.json<EchoedCompletion>(
      '/v1/completions',
      { model: modelId, prompt: [prompt], echo: true, logprobs: 1, max_tokens: 1, temperature: 0 },
      signal,
    );
    continuationLogprobs(response, [{ contextLength: 1, continuation: prompt.slice(1) }]);
  } catch (e) {
    if (isBedsideError(e, 'AbortError') || isBedsideError(e, 'EndpointUnreachable')) throw e;
    return lacking(`an echoed prompt with logprobs failed (${failureText(e)})`);
  }
  if (!maxModelLen) {
    return {
      check: {
        ok: false,
        reason: `${name} does not report the model's context length (max_model_len at /v1/models), which scoring needs to cut long prompts as lm-eval does.`,
      },
      scorer: null,
      contextSize: null,
      addsBos: vocab.bos !== null,
    };
  }
  return {
    check: { ok: true },
    // The prompt and the one token generated after it must fit max_model_len.
    scorer: completionsScorer(http, modelId, vocab, maxModelLen - 2),
    maxLength: maxModelLen - 2,
    contextSize: maxModelLen,
    addsBos: vocab.bos !== null,
  };
}

/**
 * Finds out what answers at the endpoint and what it can do with this model: the model must be listed,
 * chat and streaming are tried with a one-token reply, and log-prob scoring with the server's tokenizer
 * and (vLLM, SGLang, others) one echoed prompt. Nothing but the base URL's host is contacted.
 */
export async function probeEndpoint(
  spec: EndpointSpec,
  options: EndpointEngineOptions = {},
  signal?: AbortSignal,
): Promise<ProbedEndpoint> {
  let kind: ServerKind | null = null;
  const http = createEndpointHttp({
    baseUrl: spec.baseUrl,
    apiKey: spec.apiKey,
    retry: options.retry,
    fetch: options.fetch,
    serverKind: () => kind,
  });
  const models = await listServedModels(http, signal);
  const model = models.find((m) => m.id === spec.modelId);
  if (!model) {
    const listed = models.map((m) => `"${m.id}"`).join(', ') || 'no model';
    throw new BedsideError('ModelLoadFailed', `The server at ${http.host} serves ${listed}, not "${spec.modelId}".`);
  }
  const identity = await identifyServer(http, signal);
  kind = identity.kind;
  const chat = await checkChat(http, spec.modelId, signal);
  const maxModelLen = model.max_model_len ?? identity.sglang?.context_length ?? null;
  const scoring =
    identity.kind === 'llama-server'
      ? await llamaServerScoring(http, identity, model.meta?.n_ctx_train ?? null, signal)
      : await completionsScoring(http, identity.kind, spec.modelId, maxModelLen, signal);
  const info: EndpointInfo = {
    host: http.host,
    baseUrl: http.baseUrl,
    server: { kind: identity.kind, version: identity.version },
    modelId: spec.modelId,
    precision: reportedPrecision(identity),
    capabilities: { ...chat, 'letter-logprob': scoring.check, 'option-logprob': scoring.check },
    concurrency: Math.max(1, Math.floor(spec.concurrency ?? DEFAULT_CONCURRENCY)),
  };
  return {
    http,
    info,
    // Consult trims a conversation to this; 2048, wllama's default window, where the server says nothing.
    contextSize: scoring.contextSize ?? 2048,
    vocabSize: model.meta?.n_vocab ?? 0,
    addsBos: scoring.addsBos,
    scorer: scoring.scorer,
    ...(scoring.scorer && scoring.maxLength ? { maxLength: scoring.maxLength } : {}),
  };
}

/** The models a server lists at `GET /v1/models`, for the user to pick one; only the base URL's host is contacted. */
export async function listEndpointModels(
  baseUrl: string,
  apiKey?: string,
  options: EndpointEngineOptions = {},
  signal?: AbortSignal,
): Promise<EndpointModel[]> {
  const http = createEndpointHttp({ baseUrl, apiKey, retry: options.retry, fetch: options.fetch });
  const models = await listServedModels(http, signal);
  return models.map((m) => ({ id: m.id, contextLength: m.max_model_len ?? m.meta?.n_ctx_train ?? null }));
}

/**
 * The third engine: a model on a server the user added (llama-server, vLLM, SGLang, Ollama, LM Studio, …)
 * behind the same contract as the in-browser ones. Plain fetch, so it runs in the worker and in Node.
 */
export function createEndpointEngine(options: EndpointEngineOptions = {}): Engine {
  let current: { probed: ProbedEndpoint; caps: EngineCapabilities } | null = null;

  function held() {
    if (!current) throw new BedsideError('ModelNotLoaded', 'No model is loaded. Pick a model and press Load.');
    return current;
  }

  return {
    loaded: () => current?.caps ?? null,

    async load(spec, onProgress, signal) {
      if (spec.backend !== 'endpoint' || !spec.endpoint) {
        throw new BedsideError('ModelLoadFailed', `The endpoint engine cannot run ${spec.backend} models.`);
      }
      onProgress({ stage: 'compile', loaded: 0, total: 1, text: `Asking the server at ${spec.endpoint.baseUrl}` });
      const probed = await probeEndpoint(spec.endpoint, options, signal);
      const { info } = probed;
      const caps: EngineCapabilities = {
        info: {
          backend: 'endpoint',
          modelId: spec.id,
          quant: spec.quant,
          engineVersion: `${serverName(info.server.kind)} ${info.server.version ?? '(version not reported)'}`,
        },
        contextSize: probed.contextSize,
        vocabSize: probed.vocabSize,
        exactLogprobs: probed.scorer !== null,
        hasChatTemplate: true,
        addsBos: probed.addsBos,
        threads: 0,
        multiThread: false,
        endpoint: info,
        ...(probed.maxLength ? { truncation: { kind: 'per-request' as const, maxLength: probed.maxLength } } : {}),
      };
      current = { probed, caps };
      onProgress({ stage: 'ready', loaded: 1, total: 1, text: 'Ready' });
      return caps;
    },

    async chat(messages, options, onToken, signal) {
      const { probed } = held();
      return streamChat(probed.http, probed.info.modelId, messages, options, onToken, signal);
    },

    async scoreChoices(prompt, choices, signal) {
      const { probed } = held();
      const check = probed.info.capabilities['letter-logprob'];
      if (!probed.scorer || !check.ok) {
        throw new BedsideError('CapabilityMissing', check.ok ? 'This server cannot score log-probs.' : check.reason);
      }
      return probed.scorer(prompt, choices, signal);
    },

    async unload() {
      current = null;
    },
  };
}

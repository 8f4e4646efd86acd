import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEndpointEngine, listEndpointModels, probeEndpoint } from './endpointEngine';
import { continuationLogprobs } from './completionsScoring';
import { startReplayServer, type Exchange, type ReplayServer } from './testing/replayServer';
import type { ModelSpec } from '../../../core/engine';

const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8')) as Exchange[];

let server: ReplayServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function loadOn(name: string, modelId: string) {
  server = await startReplayServer(fixture(name));
  const engine = createEndpointEngine({ retry: { attempts: 1, firstDelayMs: 1, maxDelayMs: 1 } });
  const spec: ModelSpec = {
    id: `endpoint:${modelId}`,
    name: modelId,
    backend: 'endpoint',
    quant: '',
    endpoint: { baseUrl: `${server.url}/v1/`, modelId },
  };
  const caps = await engine.load(spec, () => undefined);
  return { engine, caps, server };
}

const sampling = { temperature: 0, topP: 1, maxTokens: 16, seed: 7 };

describe('vLLM (recorded responses)', () => {
  it('is identified with its version, lists the model with its context, and passes every capability', async () => {
    const { caps } = await loadOn('vllm', 'epfl-llm/meditron-7b');
    expect(caps.endpoint).toMatchObject({
      server: { kind: 'vllm', version: '0.8.5' },
      modelId: 'epfl-llm/meditron-7b',
      precision: null,
      capabilities: { chat: { ok: true }, streaming: { ok: true }, 'letter-logprob': { ok: true }, 'option-logprob': { ok: true } },
      concurrency: 4,
    });
    expect(caps.endpoint?.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(caps.endpoint?.baseUrl).toBe(server!.url);
    expect([caps.contextSize, caps.addsBos, caps.info.engineVersion]).toEqual([4096, true, 'vLLM 0.8.5']);
  });

  it('scores as lm-eval local-completions does: BOS + context + continuation as ids, echo, sum of token_logprobs[ctxlen:-1]', async () => {
    const { engine } = await loadOn('vllm', 'epfl-llm/meditron-7b');
    const scores = await engine.scoreChoices('Q?\nAnswer:', [' yes', ' maybe']);
    const whole = { contextTokens: 6, truncatedTokens: 0, truncatedBeyondLmEval: 0, contextIsPrefix: true };
    // Context: BOS + 5 tokens = 6. " yes" is the 7th prompt token (-1.25); " maybe" the 7th and 8th (-2.5 - 0.75).
    expect(scores).toEqual([
      { choice: ' yes', logprob: -1.25, tokenIds: [4874], tokenLogprobs: [-1.25], ...whole },
      { choice: ' maybe', logprob: -3.25, tokenIds: [1122, 29891], tokenLogprobs: [-2.5, -0.75], ...whole },
    ]);
    expect(server!.unmatched).toEqual([]);
  });

  it('streams a chat reply with its reasoning apart and usage from the usage chunk', async () => {
    const { engine } = await loadOn('vllm', 'epfl-llm/meditron-7b');
    const pieces: string[] = [];
    const reply = await engine.chat([{ role: 'user', content: 'Say hi' }], sampling, (p) => pieces.push(p));
    expect(pieces).toEqual(['Hi', ' there']);
    expect(reply).toMatchObject({ text: 'Hi there', reasoning: 'The user greets. Greet back.', finishReason: 'stop' });
    expect(reply.usage).toMatchObject({ promptTokens: 12, completionTokens: 5 });
    expect(reply.usage.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(server!.unmatched).toEqual([]);
  });
});

describe('SGLang (recorded responses)', () => {
  it('reports its parallelism and precision, and scores a model without BOS whose first prompt token has a null log-prob', async () => {
    const { engine, caps } = await loadOn('sglang', 'Qwen/Qwen2.5-72B-Instruct');
    expect(caps.endpoint).toMatchObject({
      server: { kind: 'sglang', version: '0.4.9.post2' },
      precision: { dtype: 'bfloat16', kvCacheDtype: 'auto', quantization: 'fp8', tensorParallel: '8', pipelineParallel: '2' },
      capabilities: { 'letter-logprob': { ok: true }, 'option-logprob': { ok: true } },
    });
    expect([caps.contextSize, caps.addsBos]).toEqual([32768, false]);
    const scores = await engine.scoreChoices('Q?\nAnswer:', [' yes', ' maybe']);
    expect(scores.map((s) => [s.logprob, s.contextTokens])).toEqual([
      [-0.7, 4],
      [-1.9, 4],
    ]);
    expect(server!.unmatched).toEqual([]);
  });
});

describe('servers without prompt log-probs (recorded responses)', () => {
  it('Ollama: log-prob modes refused naming Ollama and what it lacks; chat keeps `reasoning` apart', async () => {
    const { engine, caps } = await loadOn('ollama', 'llama3.2:latest');
    expect(caps.endpoint?.server).toEqual({ kind: 'ollama', version: '0.9.6' });
    expect(caps.endpoint?.capabilities.chat).toEqual({ ok: true });
    const refusal = caps.endpoint?.capabilities['letter-logprob'];
    expect(refusal).toMatchObject({ ok: false });
    expect(refusal?.ok === false && refusal.reason).toMatch(
      /^Ollama returns no log-probabilities for the tokens of a prompt .*generative mode works/,
    );
    await expect(engine.scoreChoices('Q?\nAnswer:', [' yes'])).rejects.toMatchObject({
      name: 'CapabilityMissing',
      message: refusal?.ok === false ? refusal.reason : '',
    });
    const reply = await engine.chat([{ role: 'user', content: 'Say hi' }], sampling);
    expect(reply).toMatchObject({ text: 'Hello!', reasoning: 'A greeting.', usage: { promptTokens: 9, completionTokens: 4 } });
  });

  it('LM Studio: an unknown OpenAI-compatible server is refused with what failed; a stream with choices: null and pings parses', async () => {
    const { engine, caps } = await loadOn('lmstudio', 'qwen2.5-7b-instruct');
    expect(caps.endpoint?.server).toEqual({ kind: 'openai-compatible', version: null });
    const refusal = caps.endpoint?.capabilities['option-logprob'];
    expect(refusal?.ok === false && refusal.reason).toMatch(
      /^This OpenAI-compatible server lacks what log-prob modes need .*\/tokenize failed \(.*HTTP 404/,
    );
    const reply = await engine.chat([{ role: 'user', content: 'Say hi' }], sampling);
    expect(reply).toMatchObject({ text: 'Hello', finishReason: 'length', usage: { promptTokens: 8, completionTokens: 2 } });
  });
});

describe('continuationLogprobs', () => {
  it('refuses a continuation that would start at the first prompt token, whose log-prob is null', () => {
    const response = { choices: [{ index: 0, logprobs: { token_logprobs: [null, -1, -0.5] } }] };
    expect(() => continuationLogprobs(response, [{ contextLength: 0, continuation: [5, 6] }])).toThrow(
      /first token of the prompt, which has no log-prob/,
    );
    expect(continuationLogprobs(response, [{ contextLength: 1, continuation: [6] }])).toEqual([[-1]]);
  });

  it('refuses a response that did not echo the prompt', () => {
    const response = { choices: [{ index: 0, logprobs: { token_logprobs: [-0.3] } }] };
    expect(() => continuationLogprobs(response, [{ contextLength: 3, continuation: [9] }])).toThrow(/did not echo the prompt/);
  });
});

describe('listing and probing before a load (recorded responses)', () => {
  it('lists the served models with the context length each reports', async () => {
    server = await startReplayServer(fixture('vllm'));
    expect(await listEndpointModels(server.url)).toEqual([{ id: 'epfl-llm/meditron-7b', contextLength: 4096 }]);
    expect(server.received.map((r) => r.path)).toEqual(['/v1/models']);
  });

  it('refuses a model the server does not serve, naming the ones it does', async () => {
    server = await startReplayServer(fixture('vllm'));
    await expect(probeEndpoint({ baseUrl: server.url, modelId: 'meditron-70b' })).rejects.toMatchObject({
      name: 'ModelLoadFailed',
      message: `The server at ${server.url.slice(7)} serves "epfl-llm/meditron-7b", not "meditron-70b".`,
    });
  });
});

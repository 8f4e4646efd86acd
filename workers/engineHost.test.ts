import { describe, expect, it } from 'vitest';
import type { ChatResult, ChoiceScore, Engine, EngineCapabilities, GenerateOptions, ModelSpec, TokenCallback } from '../core/engine';
import { BedsideError, abortError, isBedsideError } from '../core/errors';
import type { ItemResult, PromptTemplate, RunConfig } from '../core/run';
import type { SuiteItem } from '../core/suite';
import { mcqLettered, promptRef } from '../benchmarks/prompts/templates';
import { createEngineHost, type EngineHostDeps } from './engineHost';

/**
 * A fake Engine for the worker handler's tests, for states the real wllama engine cannot reach here:
 * a WebLLM-style load that releases the old model before failing, or a reply whose pieces arrive on a
 * schedule the test controls. Named as what it is; tests of real behaviour use the real engine.
 */
interface ScriptedEngineOptions {
  backend?: ModelSpec['backend'];
  /** `keep-previous`: a failed load leaves the old model (wllama). `release-first`: it is gone (WebLLM). */
  onFailedLoad?: 'keep-previous' | 'release-first';
  /** Pieces a chat streams, each after `pieceDelayMs`. */
  pieces?: string[];
  pieceDelayMs?: number;
}

function capsFor(spec: ModelSpec): EngineCapabilities {
  return {
    info: { backend: spec.backend, modelId: spec.id, quant: spec.quant, engineVersion: 'scripted' },
    contextSize: 2048,
    vocabSize: 512,
    exactLogprobs: true,
    hasChatTemplate: false,
    addsBos: true,
    threads: 1,
    multiThread: false,
  };
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const onAbort = () => (clearTimeout(t), reject(abortError()));
    const t = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function createScriptedEngine(options: ScriptedEngineOptions = {}): Engine & { loads: string[]; unloaded: boolean } {
  let caps: EngineCapabilities | null = null;
  const pieces = options.pieces ?? ['Once', ' upon', ' a', ' time'];
  return {
    loads: [],
    unloaded: false,
    loaded: () => caps,
    async load(spec) {
      this.loads.push(spec.id);
      if (options.onFailedLoad === 'release-first') caps = null;
      if (spec.url?.includes('missing')) throw new BedsideError('ModelLoadFailed', `No model at ${spec.url}.`);
      caps = capsFor(spec);
      return caps;
    },
    async chat(_messages, _options: GenerateOptions, onToken?: TokenCallback, signal?: AbortSignal): Promise<ChatResult> {
      let text = '';
      for (const piece of pieces) {
        await sleep(options.pieceDelayMs ?? 0, signal);
        text += piece;
        onToken?.(piece);
      }
      const usage = {
        promptTokens: 1,
        completionTokens: pieces.length,
        timeToFirstTokenMs: 0,
        prefillTokensPerSecond: 0,
        decodeTokensPerSecond: 0,
        totalMs: 0,
      };
      return { text, finishReason: 'stop', usage };
    },
    async scoreChoices(_prompt, choices, signal): Promise<ChoiceScore[]> {
      await sleep(options.pieceDelayMs ?? 0, signal);
      return choices.map((choice, i) => ({ choice, logprob: -1 - i, tokenIds: [i], tokenLogprobs: [-1 - i] }));
    },
    async unload() {
      this.unloaded = true;
      caps = null;
    },
  };
}

const spec = (id: string, backend: ModelSpec['backend'] = 'wllama', url = `https://example.org/${id}.gguf`): ModelSpec => ({
  id,
  name: id,
  backend,
  url,
  quant: 'f32',
});

function hostWith(engines: Engine[], extra: Partial<EngineHostDeps> = {}) {
  const stored = new Map<string, ItemResult[]>();
  const queue = [...engines];
  const host = createEngineHost({
    createEngine: async () => {
      const next = queue.shift();
      if (!next) throw new Error('the test made no engine for this load');
      return next;
    },
    listResults: async (runId) => stored.get(runId) ?? [],
    putResult: async (runId, r) => void stored.set(runId, [...(stored.get(runId) ?? []), r]),
    listOpenResults: async () => [],
    putOpenResult: async () => undefined,
    listGrades: async () => [],
    putGrades: async () => undefined,
    listCachedModels: async () => [],
    deleteCachedModel: async () => undefined,
    now: () => 0,
    streamFlushMs: 30,
    ...extra,
  });
  return { host, api: host.api, stored };
}

const items: SuiteItem[] = Array.from({ length: 6 }, (_, i) => ({
  id: `q${i}`,
  question: `Q${i}?`,
  options: { A: 'a', B: 'b' },
  answer: 'A',
}));

async function runConfig(template: PromptTemplate): Promise<RunConfig> {
  return {
    suite: { id: 's', version: 1, sha256: 'x' },
    prompt: await promptRef(template),
    mode: 'letter-logprob',
    generation: { temperature: 0, topP: 1, maxTokens: 8 },
    seed: 1,
    selection: { kind: 'all' },
    nShot: 0,
  };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.unreachable('the call should have been refused'),
    (e: unknown) => e,
  );
}

describe('engine worker handler: the model guard', () => {
  it('refuses every model-bound call before a load, and calls for another model after one', async () => {
    const { api } = hostWith([createScriptedEngine()]);
    expect(
      isBedsideError(await rejection(api.chat('m1', [], { temperature: 0, topP: 1, maxTokens: 4 }, () => undefined)), 'ModelNotLoaded'),
    ).toBe(true);
    await api.load(spec('m1'), () => undefined);
    const e = await rejection(api.scoreChoices('m2', 'prompt', [' A']));
    expect(isBedsideError(e, 'ModelMismatch')).toBe(true);
    expect((e as Error).message).toContain('holds m1, not m2');
    expect(await api.scoreChoices('m1', 'prompt', [' A', ' B'])).toHaveLength(2);
  });
});

describe('engine worker handler: a failed load', () => {
  it('keeps reporting the previous model where the engine kept it (wllama)', async () => {
    const { api } = hostWith([createScriptedEngine({ onFailedLoad: 'keep-previous' })]);
    await api.load(spec('m1'), () => undefined);
    await expect(api.load(spec('m2', 'wllama', 'https://example.org/missing.gguf'), () => undefined)).rejects.toThrow('No model at');
    expect(api.current()?.info.modelId).toBe('m1');
    expect((await api.chat('m1', [], { temperature: 0, topP: 1, maxTokens: 4 }, () => undefined)).text).toBe('Once upon a time');
  });

  it('reports no model where the engine released the old one before failing (WebLLM)', async () => {
    const { api } = hostWith([createScriptedEngine({ backend: 'webllm', onFailedLoad: 'release-first' })]);
    await api.load(spec('m1', 'webllm'), () => undefined);
    await expect(api.load(spec('m2', 'webllm', 'https://example.org/missing'), () => undefined)).rejects.toThrow('No model at');
    expect(api.current()).toBeNull();
    expect(isBedsideError(await rejection(api.scoreChoices('m1', 'p', [' A'])), 'ModelNotLoaded')).toBe(true);
  });

  it('unloads the previous engine only once a load on a new backend has succeeded', async () => {
    const first = createScriptedEngine();
    const second = createScriptedEngine({ backend: 'webllm' });
    const { api } = hostWith([first, second]);
    await api.load(spec('m1'), () => undefined);
    await api.load(spec('m2', 'webllm'), () => undefined);
    expect(first.unloaded).toBe(true);
    expect(api.current()?.info.modelId).toBe('m2');
  });
});

describe('engine worker handler: streaming', () => {
  it('sends text in batches, never more often than the flush interval, and loses no piece', async () => {
    const pieces = Array.from({ length: 40 }, (_, i) => `${i} `);
    const { api } = hostWith([createScriptedEngine({ pieces, pieceDelayMs: 2 })]);
    await api.load(spec('m1'), () => undefined);
    const batches: string[] = [];
    const result = await api.chat('m1', [], { temperature: 0, topP: 1, maxTokens: 64 }, (t) => batches.push(t));
    expect(batches.join('')).toBe(pieces.join(''));
    expect(result.text).toBe(pieces.join(''));
    // 40 pieces at ≥2 ms each take ≥80 ms; batched every 30 ms that is a handful of messages, not 40.
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.length).toBeLessThan(pieces.length / 2);
  });
});

describe('engine worker handler: a chat while a benchmark runs', () => {
  it('is refused with EngineBusy, and the run goes on to the end', async () => {
    const { api, stored } = hostWith([createScriptedEngine({ pieceDelayMs: 5 })]);
    await api.load(spec('m1'), () => undefined);
    const run = api.runBench('m1', 'run-1', items, await runConfig(mcqLettered), mcqLettered, () => undefined, null);
    await new Promise((r) => setTimeout(r, 8));
    const refused = await rejection(api.chat('m1', [], { temperature: 0, topP: 1, maxTokens: 4 }, () => undefined));
    expect(isBedsideError(refused, 'EngineBusy')).toBe(true);
    expect((refused as Error).message).toContain('benchmark run');
    expect(isBedsideError(await rejection(api.load(spec('m2'), () => undefined)), 'EngineBusy')).toBe(true);
    const outcome = await run;
    expect(outcome.scored).toBe(items.length);
    expect(stored.get('run-1')?.map((r) => r.itemId)).toEqual(items.map((i) => i.id));
    expect((await api.chat('m1', [], { temperature: 0, topP: 1, maxTokens: 4 }, () => undefined)).text).toBe('Once upon a time');
  });

  it('interrupt stops the run, keeps what finished, and a resume scores only the rest', async () => {
    const { api, stored } = hostWith([createScriptedEngine({ pieceDelayMs: 5 })]);
    await api.load(spec('m1'), () => undefined);
    const config = await runConfig(mcqLettered);
    const run = api.runBench('m1', 'run-1', items, config, mcqLettered, () => undefined, null);
    await new Promise((r) => setTimeout(r, 12));
    api.interrupt();
    expect(isBedsideError(await rejection(run), 'AbortError')).toBe(true);
    const before = stored.get('run-1')?.length ?? 0;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(items.length);
    const outcome = await api.runBench('m1', 'run-1', items, config, mcqLettered, () => undefined, null);
    expect(outcome.skipped).toBe(before);
    expect(new Set(stored.get('run-1')?.map((r) => r.itemId)).size).toBe(items.length);
    expect(stored.get('run-1')).toHaveLength(items.length);
  });
});

describe('engine worker handler: storage running out', () => {
  const quota = () => new DOMException('', 'QuotaExceededError');

  it('stops a run at the result it could not save, naming the item and its size; a resume scores only the unsaved items', async () => {
    // Room for two results, until the user makes more.
    let room = 2;
    const scored: string[] = [];
    const engine = createScriptedEngine();
    const scoreChoices = engine.scoreChoices.bind(engine);
    engine.scoreChoices = (prompt, choices, signal) => {
      scored.push(prompt);
      return scoreChoices(prompt, choices, signal);
    };
    const stored = new Map<string, ItemResult>();
    const { api } = hostWith([engine], {
      listResults: async () => [...stored.values()],
      putResult: async (_runId, r) => {
        if (stored.size >= room) throw quota();
        stored.set(r.itemId, r);
      },
    });
    await api.load(spec('m1'), () => undefined);
    const config = await runConfig(mcqLettered);

    const refused = await rejection(api.runBench('m1', 'run-1', items, config, mcqLettered, () => undefined, null));
    expect(isBedsideError(refused, 'QuotaExceeded')).toBe(true);
    expect((refused as Error).message).toMatch(
      /^Browser storage is full: the result of item 3 of 6 \(q2\) \(\d+ B\) could not be saved\. .*The run stopped at that item\. Every result saved before it is kept, and Resume scores only the items not saved yet\./,
    );
    expect([...stored.keys()]).toEqual(['q0', 'q1']);

    // Room was made: the resume scores q2 onwards, never q0 or q1 again.
    room = Infinity;
    scored.length = 0;
    const outcome = await api.runBench('m1', 'run-1', items, config, mcqLettered, () => undefined, null);
    expect(outcome).toMatchObject({ skipped: 2, scored: 4 });
    expect(scored.map((p) => /Q(\d)\?/.exec(p)?.[1])).toEqual(['2', '3', '4', '5']);
    expect([...stored.keys()]).toEqual(items.map((i) => i.id));
  });

  it('removes what a load that ran out of storage wrote, so no partial download counts as cached', async () => {
    const engine = createScriptedEngine();
    engine.load = async () => {
      throw new BedsideError('QuotaExceeded', 'Browser storage is full: the weights of m1 could not be saved.');
    };
    const deleted: string[] = [];
    const { api } = hostWith([engine], { deleteCachedModel: async (m) => void deleted.push(`${m.backend} ${m.url}`) });
    const split = 'https://example.org/big-00001-of-00002.gguf';
    expect(isBedsideError(await rejection(api.load(spec('m1', 'wllama', split), () => undefined)), 'QuotaExceeded')).toBe(true);
    expect(deleted).toEqual(['wllama https://example.org/big-00001-of-00002.gguf', 'wllama https://example.org/big-00002-of-00002.gguf']);

    deleted.length = 0;
    const mlc = createScriptedEngine({ backend: 'webllm' });
    mlc.load = engine.load;
    const host = hostWith([mlc], { deleteCachedModel: async (m) => void deleted.push(`${m.backend} ${m.url}`) });
    await rejection(host.api.load(spec('m2', 'webllm', 'https://huggingface.co/someone/Model-q4f32_1-MLC'), () => undefined));
    expect(deleted).toEqual(['webllm https://huggingface.co/someone/Model-q4f32_1-MLC/resolve/main/']);
  });
});

describe('items in flight during a run', () => {
  /** A scripted engine that counts how many items it scores at once; served when `endpoint` is given. */
  function counting(endpoint?: EngineCapabilities['endpoint']) {
    const engine = createScriptedEngine({ pieceDelayMs: 5 });
    let active = 0;
    const seen = { most: 0 };
    const load = engine.load.bind(engine);
    const score = engine.scoreChoices.bind(engine);
    engine.load = async (s, onProgress, signal) => ({ ...(await load(s, onProgress, signal)), ...(endpoint ? { endpoint } : {}) });
    const loaded = engine.loaded;
    engine.loaded = () => {
      const caps = loaded();
      return caps && endpoint ? { ...caps, endpoint } : caps;
    };
    engine.scoreChoices = async (prompt, choices, signal) => {
      active += 1;
      seen.most = Math.max(seen.most, active);
      try {
        return await score(prompt, choices, signal);
      } finally {
        active -= 1;
      }
    };
    return { engine, seen };
  }
  const served: EngineCapabilities['endpoint'] = {
    host: '127.0.0.1:8080',
    baseUrl: 'http://127.0.0.1:8080',
    server: { kind: 'llama-server', version: 'b1' },
    modelId: 'm',
    precision: null,
    capabilities: { chat: { ok: true }, streaming: { ok: true }, 'letter-logprob': { ok: true }, 'option-logprob': { ok: true } },
    concurrency: 4,
  };

  it('a served model keeps the run’s setting in flight, or its probed default; an in-browser engine one, whatever is asked', async () => {
    for (const [endpoint, asked, most] of [
      [served, 2, 2],
      [served, undefined, 4],
      [undefined, 3, 1],
    ] as const) {
      const { engine, seen } = counting(endpoint);
      const { api, stored } = hostWith([engine]);
      await api.load(spec('m1', endpoint ? 'endpoint' : 'wllama'), () => undefined);
      const config = await runConfig(mcqLettered);
      await api.runBench('m1', 'run-1', items, config, mcqLettered, () => undefined, null, asked);
      expect(seen.most, `${endpoint ? 'served' : 'in-browser'}, asked ${asked}`).toBe(most);
      expect(stored.get('run-1')!.map((r) => r.itemId)).toEqual(items.map((i) => i.id));
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Engine, EngineCapabilities, ModelSpec } from '../../core/engine';
import type { ItemResult, RunConfig } from '../../core/run';
import type { SuiteItem } from '../../core/suite';
import { mcqLettered, optionLetters, promptRef, pubmedqa, renderPrompt } from '../../benchmarks/prompts/templates';
import { letterLogprobChoices } from '../../benchmarks/scoring/letterLogprob';
import { optionLogprobChoices } from '../../benchmarks/scoring/optionLogprob';
import { runBench } from '../../benchmarks/runner/runBench';
import { builtLlamaServer } from './binary';
import { startLlamaServer, type RunningLlamaServer } from './llamaServerProcess';
import { createNativeEngine, type NativeEngine } from '../native/nativeEngine';
import { createEndpointEngine } from '../../workers/engines/endpoint/endpointEngine';

const ROOT = resolve(import.meta.dirname, '../..');
const MODEL = join(ROOT, 'public/models/stories260K/stories260K.gguf');
const binary = builtLlamaServer();
if (!binary) {
  console.warn(
    'llama-server is not built on this machine, so the tests against a real llama-server are skipped. Build it with `npx tsx scripts/llamaServer/build.ts` (.ci/run does).',
  );
}

/** The first n items of a shipped suite file (line 1 is its header). */
function suiteItems(file: string, n: number): SuiteItem[] {
  const lines = readFileSync(join(ROOT, 'public/suites', file), 'utf8')
    .split('\n')
    .filter(Boolean);
  return lines.slice(1, n + 1).map((line) => JSON.parse(line) as SuiteItem);
}

function spec(url: string): ModelSpec {
  return {
    id: 'endpoint:stories260K',
    name: 'stories260K on llama-server',
    backend: 'endpoint',
    quant: 'f32',
    endpoint: { baseUrl: url, modelId: 'stories260K.gguf' },
  };
}

async function letterConfig(): Promise<RunConfig> {
  return {
    suite: { id: 'medqa-usmle-4', version: 1, sha256: 'test' },
    prompt: await promptRef(mcqLettered),
    mode: 'letter-logprob',
    generation: { temperature: 0, topP: 1, maxTokens: 16 },
    seed: 0,
    selection: { kind: 'all' },
    nShot: 0,
  };
}

describe.skipIf(!binary)('the endpoint engine on a real llama-server (stories260K, exact settings, 4 slots)', () => {
  let server: RunningLlamaServer;
  let engine: Engine;
  let caps: EngineCapabilities;
  let native: NativeEngine;

  beforeAll(async () => {
    server = await startLlamaServer({ binary: binary!, model: MODEL, parallel: 4, contextPerSlot: 2048 });
    engine = createEndpointEngine({ retry: { attempts: 3, firstDelayMs: 100, maxDelayMs: 1000 } });
    caps = await engine.load(spec(server.url), () => undefined);
    native = await createNativeEngine(MODEL, { contextSize: 2048, threads: 1 });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await native?.dispose();
  });

  it('this llama-server has the CORS flag the advice names', () => {
    expect(execFileSync(binary!, ['--help'], { encoding: 'utf8' })).toContain('--cors-origins');
  });

  it('is probed as llama-server with its build, the per-slot window and every capability', () => {
    expect(caps.endpoint).toMatchObject({
      host: `127.0.0.1:${server.port}`,
      server: { kind: 'llama-server' },
      modelId: 'stories260K.gguf',
      precision: { modelFile: 'stories260K.gguf', weights: '(guessed) all F32' },
      capabilities: { chat: { ok: true }, streaming: { ok: true }, 'letter-logprob': { ok: true }, 'option-logprob': { ok: true } },
    });
    expect(caps.endpoint?.server.version).toMatch(/^b\d+-[0-9a-f]+$/);
    expect([caps.contextSize, caps.addsBos, caps.exactLogprobs]).toEqual([2048, true, true]);
  });

  it('letter log-probs equal native llama.cpp’s (medqa-usmle-4, first 8 items)', async () => {
    let maxDiff = 0;
    for (const item of suiteItems('medqa-usmle-4.jsonl', 8)) {
      const prompt = renderPrompt(mcqLettered, item);
      const choices = letterLogprobChoices(optionLetters(item));
      const [served, reference] = await Promise.all([engine.scoreChoices(prompt, choices), native.scoreChoices(prompt, choices)]);
      expect(served.map((s) => s.tokenIds)).toEqual(reference.map((s) => s.tokenIds));
      expect(served.map((s) => s.contextTokens)).toEqual(reference.map((s) => s.contextTokens));
      for (const [i, s] of served.entries()) maxDiff = Math.max(maxDiff, Math.abs(s.logprob - reference[i]!.logprob));
    }
    expect(maxDiff).toBeLessThan(1e-3);
  }, 120_000);

  it('option log-probs of multi-token choices equal native llama.cpp’s (pubmedqa, first 4 items)', async () => {
    let maxDiff = 0;
    for (const item of suiteItems('pubmedqa.jsonl', 4)) {
      const prompt = renderPrompt(pubmedqa, item);
      const choices = optionLogprobChoices(item);
      const [served, reference] = await Promise.all([engine.scoreChoices(prompt, choices), native.scoreChoices(prompt, choices)]);
      expect(served.map((s) => s.tokenIds)).toEqual(reference.map((s) => s.tokenIds));
      expect(served.some((s) => s.tokenIds.length > 1)).toBe(true);
      for (const [i, s] of served.entries()) maxDiff = Math.max(maxDiff, Math.abs(s.logprob - reference[i]!.logprob));
    }
    expect(maxDiff).toBeLessThan(1e-3);
  }, 120_000);

  it('cuts a prompt too long for the window as lm-eval does, each choice on its own, as native llama.cpp does', async () => {
    // llama.cpp rounds a window up to a multiple of 256 cells, so 256 is the smallest it keeps as asked.
    const small = await startLlamaServer({ binary: binary!, model: MODEL, parallel: 1, contextPerSlot: 256 });
    const smallNative = await createNativeEngine(MODEL, { contextSize: 256, threads: 1 });
    try {
      const served = createEndpointEngine();
      const smallCaps = await served.load(spec(small.url), () => undefined);
      expect(smallCaps.truncation).toEqual({ kind: 'per-request', maxLength: 255 });
      let maxDiff = 0;
      let compared = 0;
      for (const item of suiteItems('pubmedqa.jsonl', 3)) {
        const prompt = renderPrompt(pubmedqa, item);
        const choices = optionLogprobChoices(item);
        const [scores, reference] = await Promise.all([served.scoreChoices(prompt, choices), smallNative.scoreChoices(prompt, choices)]);
        for (const [i, s] of scores.entries()) {
          const r = reference[i]!;
          expect(s.truncatedTokens).toBeGreaterThan(0);
          expect(s.truncatedBeyondLmEval).toBe(0);
          expect(s.truncatedTokens).toBe(r.truncatedTokens! - r.truncatedBeyondLmEval!);
          expect(s.contextTokens! + s.tokenIds.length).toBe(256);
          // Where native llama.cpp cut at the same place, the scores agree.
          if (r.truncatedBeyondLmEval === 0) {
            compared += 1;
            maxDiff = Math.max(maxDiff, Math.abs(s.logprob - r.logprob));
          }
        }
      }
      expect(compared).toBeGreaterThan(0);
      expect(maxDiff).toBeLessThan(1e-3);
    } finally {
      await small.stop();
      await smallNative.dispose();
    }
  }, 120_000);

  it('streams a reply whose pieces make its text, with usage; Stop aborts and keeps what came', async () => {
    const pieces: string[] = [];
    const reply = await engine.chat(
      [{ role: 'user', content: 'Once upon a time' }],
      { temperature: 0, topP: 1, maxTokens: 24, seed: 1 },
      (p) => pieces.push(p),
    );
    expect(pieces.join('')).toBe(reply.text);
    expect(reply.text.length).toBeGreaterThan(0);
    expect(reply.usage.completionTokens).toBeGreaterThan(1);
    expect(reply.usage.promptTokens).toBeGreaterThan(0);
    expect(reply.usage.decodeTokensPerSecond).toBeGreaterThan(0);

    const stop = new AbortController();
    const cut: string[] = [];
    const stopped = await engine.chat(
      [{ role: 'user', content: 'Once upon a time' }],
      { temperature: 0, topP: 1, maxTokens: 400, seed: 1 },
      (p) => {
        cut.push(p);
        if (cut.length === 3) stop.abort();
      },
      stop.signal,
    );
    expect(stopped.finishReason).toBe('abort');
    expect(stopped.text).toBe(cut.join(''));
    expect(cut.length).toBeLessThan(400);
  }, 60_000);

  it('four items in flight give the same results, in item order, as one at a time', async () => {
    const items = suiteItems('medqa-usmle-4.jsonl', 12);
    const config = await letterConfig();
    const run = async (concurrency: number) => {
      const results: ItemResult[] = [];
      await runBench({
        engine,
        items,
        config,
        template: mcqLettered,
        done: new Set(),
        sink: { put: (r) => void results.push(r) },
        now: () => performance.now(),
        concurrency,
      });
      return results;
    };
    const one = await run(1);
    const four = await run(4);
    expect(four.map((r) => r.itemId)).toEqual(items.map((i) => i.id));
    expect(four.map((r) => r.pred)).toEqual(one.map((r) => r.pred));
    for (const [i, r] of four.entries()) {
      for (const letter of Object.keys(r.logprobs!)) expect(Math.abs(r.logprobs![letter]! - one[i]!.logprobs![letter]!)).toBeLessThan(1e-4);
    }
  }, 120_000);

  it('a server killed mid-run pauses the run with a message; after a restart Resume ends with exactly N results, none rescored', async () => {
    const items = suiteItems('medqa-usmle-4.jsonl', 30);
    const config = await letterConfig();
    const stored: ItemResult[] = [];
    let killed: Promise<void> | null = null;
    const first = await runBench({
      engine,
      items,
      config,
      template: mcqLettered,
      done: new Set(),
      now: () => performance.now(),
      concurrency: 4,
      sink: {
        put: (r) => {
          stored.push(r);
          if (stored.length === 8) killed = server.kill();
        },
      },
    }).catch((e: unknown) => e as Error);
    await killed;
    expect(first).toMatchObject({ name: 'EndpointUnreachable' });
    expect((first as Error).message).toMatch(
      new RegExp(`^The server at 127\\.0\\.0\\.1:${server.port} did not answer POST /\\w+ after 3 tries`),
    );
    expect(stored.length).toBeGreaterThanOrEqual(8);
    expect(stored.length).toBeLessThan(30);
    // Stored rows are a prefix of the run, in item order.
    expect(stored.map((r) => r.itemId)).toEqual(items.slice(0, stored.length).map((i) => i.id));
    const before = structuredClone(stored);

    server = await startLlamaServer({ binary: binary!, model: MODEL, parallel: 4, contextPerSlot: 2048, port: server.port });
    const resumed: ItemResult[] = [];
    const outcome = await runBench({
      engine,
      items,
      config,
      template: mcqLettered,
      done: new Set(stored.map((r) => r.itemId)),
      now: () => performance.now(),
      concurrency: 4,
      sink: { put: (r) => void (resumed.push(r), stored.push(r)) },
    });
    expect(outcome).toMatchObject({ scored: 30 - before.length, failed: 0, skipped: before.length });
    expect(stored).toHaveLength(30);
    expect(new Set(stored.map((r) => r.itemId)).size).toBe(30);
    expect(resumed.filter((r) => before.some((b) => b.itemId === r.itemId))).toEqual([]);
    expect(stored.slice(0, before.length)).toEqual(before);
  }, 180_000);
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Engine, ModelSpec } from '../../core/engine';
import { createWllamaEngine } from './wllama';

const modelUrl = new URL('/models/stories260K/stories260K.gguf', location.href).href;
const spec: ModelSpec = { id: 'stories260K', name: 'TinyStories 260K', backend: 'wllama', url: modelUrl, quant: 'f32', contextSize: 512 };
const greedy = { temperature: 0, topP: 1, maxTokens: 24 };
const prompt = 'Once upon a time, there was a little girl named Lily. She';

describe('wllama engine on the bundled stories260K model', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = createWllamaEngine();
    const stages: string[] = [];
    const caps = await engine.load(spec, (p) => stages.push(p.stage));
    expect(caps.vocabSize).toBe(512);
    expect(caps.hasChatTemplate).toBe(false);
    expect(stages.at(-1)).toBe('ready');
  });
  afterAll(() => engine.unload());

  test('loads at fast precision unless asked: an f16 KV cache with flash attention, recorded with every reply', async () => {
    const caps = engine.loaded()!;
    expect(caps.precision).toEqual({ precision: 'fast', kvCacheType: 'f16', flashAttention: true });
    expect(caps.truncation).toEqual({ kind: 'per-request', maxLength: 511 });
    const reply = await engine.chat([{ role: 'user', content: 'Hi' }], { ...greedy, maxTokens: 4 });
    expect(reply.precision).toEqual(caps.precision);
  });

  test('a prompt longer than the window is cut per choice, so a shorter choice keeps more of it', async () => {
    const long = `${'Once upon a time there was a little girl who liked to play. '.repeat(40)}She`;
    const [short, longer] = await engine.scoreChoices(long, [' was', ' was very happy and she played with her ball all day']);
    expect(short!.truncatedTokens).toBeGreaterThan(0);
    expect(short!.contextTokens).toBeGreaterThan(longer!.contextTokens!);
    for (const s of [short!, longer!]) expect(s.contextTokens! + s.tokenIds.length).toBeLessThanOrEqual(512);
  });

  test('chat streams tokens whose concatenation is the returned text, with usage', async () => {
    const pieces: string[] = [];
    const res = await engine.chat([{ role: 'user', content: 'Tell me a story.' }], greedy, (p) => pieces.push(p));
    expect(pieces.length).toBeGreaterThan(3);
    expect(res.text).toBe(pieces.join('').trimStart());
    expect(res.usage.completionTokens).toBeGreaterThan(3);
    expect(res.usage.promptTokens).toBeGreaterThan(5);
    expect(res.usage.decodeTokensPerSecond).toBeGreaterThan(0);
    expect(res.usage.timeToFirstTokenMs).toBeGreaterThan(0);
  });

  test('stop mid-generation keeps the partial text, and the next generation works', async () => {
    const ctrl = new AbortController();
    let n = 0;
    const stopped = await engine.chat(
      [{ role: 'user', content: 'Go on.' }],
      { ...greedy, maxTokens: 400 },
      () => {
        if (++n === 5) ctrl.abort();
      },
      ctrl.signal,
    );
    expect(stopped.finishReason).toBe('abort');
    expect(stopped.text.length).toBeGreaterThan(0);
    expect(n).toBeLessThan(400);
    const again = await engine.chat([{ role: 'user', content: 'Go on.' }], greedy);
    expect(again.text.length).toBeGreaterThan(0);
    expect(again.finishReason).not.toBe('abort');
  });

  test('greedy decoding is deterministic', async () => {
    const a = await engine.chat([{ role: 'user', content: 'A cat' }], greedy);
    const b = await engine.chat([{ role: 'user', content: 'A cat' }], greedy);
    expect(a.text).toBe(b.text);
  });

  test('single-token choices are read from one decode and rank as the model does', async () => {
    const scores = await engine.scoreChoices(prompt, [' was', ' lo', ' B']);
    expect(scores.map((s) => s.tokenIds.length)).toEqual([1, 1, expect.any(Number)]);
    expect(scores[0]!.logprob).toBeGreaterThan(scores[2]!.logprob);
    // Scoring the same choice alone gives the same number: sharing a decode changes nothing.
    const alone = await engine.scoreChoices(prompt, [' lo']);
    expect(alone[0]!.logprob).toBeCloseTo(scores[1]!.logprob, 4);
  });

  test('a 404 URL gives a specific error and the loaded model keeps working', async () => {
    const missing = { ...spec, id: 'missing', name: 'Missing model', url: new URL('/models/does-not-exist.gguf', location.href).href };
    await expect(engine.load(missing, () => undefined)).rejects.toMatchObject({
      name: 'ModelLoadFailed',
      message: expect.stringContaining('HTTP 404'),
    });
    const res = await engine.chat([{ role: 'user', content: 'Hi' }], { ...greedy, maxTokens: 4 });
    expect(res.text.length).toBeGreaterThan(0);
  });

  test('a truncated GGUF gives a specific error and the loaded model keeps working', async () => {
    const bytes = await (await fetch(modelUrl)).arrayBuffer();
    const file = new File([bytes.slice(0, 300_000)], 'truncated.gguf');
    const broken = { ...spec, id: 'truncated', name: 'Truncated model', url: undefined, file };
    await expect(engine.load(broken, () => undefined)).rejects.toMatchObject({
      name: 'ModelLoadFailed',
      message: expect.stringContaining('truncated.gguf'),
    });
    const res = await engine.chat([{ role: 'user', content: 'Hi' }], { ...greedy, maxTokens: 4 });
    expect(res.text.length).toBeGreaterThan(0);
  });
});

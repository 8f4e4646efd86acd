/**
 * Open-ended runs and model judges on a real engine: the bundled stories260K, natively through
 * node-llama-cpp. Its answers and verdicts mean nothing (it writes children's stories), but the prompts, the
 * answers, the metrics, the resume, the retries and the records are real.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LlamaCompletion, type LlamaContext, type LlamaModel, type Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatResult, ModelCaller } from '../core/engine';
import { BedsideError } from '../core/errors';
import type { Grade, OpenItem, OpenItemResult } from '../core/openEnded';
import { judgeRun, JUDGE_MAX_TOKENS } from '../benchmarks/grading/judgeRun';
import { plainTranscript } from '../workers/engines/plainTranscript';
import { referenceMetrics } from '../benchmarks/metrics/referenceMetrics';
import { openRunConfigFor, runOpen } from '../benchmarks/runner/runOpen';
import { parseOpenSuiteFile } from '../benchmarks/suites/openSuiteFile';
import { getNativeLlama } from '../testing/nativeLlama';

const ROOT = resolve(import.meta.dirname, '..');
const MODEL = join(ROOT, 'public/models/stories260K/stories260K.gguf');
const CONTEXT = 2048;

async function suiteOf(file: string): Promise<OpenItem[]> {
  const parsed = await parseOpenSuiteFile(file, readFileSync(join(ROOT, 'examples', file), 'utf8'));
  if (!parsed.ok) throw new Error(`${file} does not parse`);
  return parsed.suite.items;
}

describe('open-ended runs and judges on the bundled model (node-llama-cpp)', { timeout: 300_000 }, () => {
  let model: LlamaModel;
  let context: LlamaContext;
  const asked: string[] = [];

  /**
   * The bundled model (no chat template) asked as the browser engine asks it: the plain transcript, greedy
   * with the request's seed; a prompt longer than the window is refused as wllama's server refuses it.
   */
  const engine: ModelCaller = {
    async chat(messages, options): Promise<ChatResult> {
      const prompt = plainTranscript(messages);
      asked.push(prompt);
      const tokens = model.tokenize(prompt) as Token[];
      if (tokens.length >= CONTEXT) throw new BedsideError('ContextWindowExceeded', `The prompt is ${tokens.length} tokens.`);
      const sequence = context.getSequence();
      try {
        const started = performance.now();
        const completion = new LlamaCompletion({ contextSequence: sequence });
        const { response, metadata } = await completion.generateCompletionWithMeta(tokens, {
          maxTokens: Math.min(options.maxTokens, CONTEXT - tokens.length - 1),
          temperature: options.temperature,
          topP: options.topP,
          seed: options.seed,
        });
        const ms = performance.now() - started;
        return {
          text: response,
          finishReason: metadata.stopReason === 'maxTokens' ? 'length' : 'stop',
          usage: {
            promptTokens: tokens.length,
            completionTokens: model.tokenize(response).length,
            timeToFirstTokenMs: ms,
            prefillTokensPerSecond: 0,
            decodeTokensPerSecond: 0,
            totalMs: ms,
          },
        };
      } finally {
        sequence.dispose();
      }
    },
    scoreChoices: () => Promise.reject(new Error('not asked in open-ended runs')),
  };

  beforeAll(async () => {
    const llama = await getNativeLlama();
    model = await llama.loadModel({ modelPath: MODEL, gpuLayers: 0 });
    context = await model.createContext({ contextSize: CONTEXT, sequences: 1, threads: 1 });
  });

  afterAll(async () => {
    await context?.dispose();
    await model?.dispose();
  });

  it('answers each MedS-Bench item with the recorded sampling, its metrics computed from the answer; a resume answers only the rest', async () => {
    const items = await suiteOf('open-ended-medsbench.json');
    const config = openRunConfigFor({
      suite: { id: 'custom-x', version: 1, sha256: 'ab' },
      metrics: ['rouge-l', 'bleu-1'],
      selection: { kind: 'all' },
      seed: 7,
      generation: { temperature: 0, topP: 1, maxTokens: 24 },
    });
    expect(config.generation).toEqual({ temperature: 0, topP: 1, maxTokens: 24, seed: 7 });
    expect(config.referenceMetrics.metrics).toEqual(['rouge-l', 'bleu-1']);
    expect(config.referenceMetrics.definitions['rouge-l']).toMatch(/^rouge-score 0\.1\.2 rougeL F-measure.*no stemming/);

    const stored: OpenItemResult[] = [];
    const first = await runOpen({
      engine,
      items: items.slice(0, 1),
      config,
      done: new Set(),
      sink: { put: (r) => void stored.push(r) },
      now: () => performance.now(),
    });
    expect(first).toEqual({ answered: 1, failed: 0, skipped: 0 });
    asked.length = 0;
    const rest = await runOpen({
      engine,
      items,
      config,
      done: new Set([items[0]!.id]),
      sink: { put: (r) => void stored.push(r) },
      now: () => performance.now(),
    });
    expect(rest).toEqual({ answered: 2, failed: 0, skipped: 1 });
    expect(asked).toHaveLength(2);
    expect(stored.map((r) => [r.itemId, r.index])).toEqual(items.map((i, index) => [i.id, index]));
    for (const [i, r] of stored.entries()) {
      expect(r.prompt.map((m) => m.role)).toEqual(['system', 'user']);
      expect(r.prompt[1]!.content).toBe((items[i]!.prompt as { content: string }[])[1]!.content);
      expect(r.answer!.length).toBeGreaterThan(0);
      expect(r.completionTokens).toBeLessThanOrEqual(24);
      expect(r.metrics).toEqual(referenceMetrics(r.answer!, items[i]!.references!, ['rouge-l', 'bleu-1'], { stemmer: false }));
    }
    // Greedy with the recorded seed: asked again, the same answer.
    const again: OpenItemResult[] = [];
    await runOpen({ engine, items: items.slice(0, 1), config, done: new Set(), sink: { put: (r) => void again.push(r) }, now: () => 0 });
    expect(again[0]!.answer).toBe(stored[0]!.answer);
  });

  it('records an item whose prompt is longer than the window as failed and goes on; five in a row pause the run unstored', async () => {
    const config = openRunConfigFor({
      suite: { id: 'x', version: 1, sha256: 'ab' },
      metrics: [],
      selection: { kind: 'all' },
      seed: 1,
      generation: { temperature: 0, topP: 1, maxTokens: 8 },
    });
    const long = (id: string): OpenItem => ({ id, prompt: 'Once upon a time there was a cat. '.repeat(400) });
    const stored: OpenItemResult[] = [];
    const sink = { put: (r: OpenItemResult) => void stored.push(r) };
    const outcome = await runOpen({
      engine,
      items: [long('a'), { id: 'b', prompt: 'Tell me a story.' }],
      config,
      done: new Set(),
      sink,
      now: () => 0,
    });
    expect(outcome).toEqual({ answered: 1, failed: 1, skipped: 0 });
    expect(stored[0]).toMatchObject({ itemId: 'a', answer: null, error: expect.stringMatching(/^The prompt is \d+ tokens\.$/) });
    expect(stored[1]!.answer).not.toBeNull();

    stored.length = 0;
    const many = ['c', 'd', 'e', 'f', 'g', 'h'].map(long);
    await expect(runOpen({ engine, items: many, config, done: new Set(), sink, now: () => 0 })).rejects.toMatchObject({
      name: 'RunPaused',
    });
    expect(stored).toEqual([]);
  });

  it('judges a run: a rubric prompt over the window is ungraded with the reason; a rating never given as JSON is ungraded after 1 + maxRetries replies; a resume skips what is graded', async () => {
    const hb = (await suiteOf('open-ended-healthbench.jsonl')).slice(0, 1);
    const meds = (await suiteOf('open-ended-medsbench.json')).slice(0, 2);
    const items = [...hb, ...meds];
    const results: OpenItemResult[] = items.map((item, index) => ({
      itemId: item.id,
      index,
      prompt: [],
      answer: 'Call an ambulance now.',
      finishReason: 'stop',
      metrics: {},
      latencyMs: 0,
      timeToFirstTokenMs: null,
      promptTokens: null,
      completionTokens: null,
    }));
    const grades: Grade[] = [];
    asked.length = 0;
    const outcome = await judgeRun({
      runId: 'r1',
      model: 'stories260K',
      ask: async (prompt, attempt) =>
        (await engine.chat([{ role: 'user', content: prompt }], { temperature: 0, topP: 1, maxTokens: 40, seed: attempt })).text,
      items,
      results,
      existing: [],
      sink: async (g) => void grades.push(...g),
      maxRetries: 1,
      now: () => '2026-01-01T00:00:00.000Z',
    });
    const criteria = hb[0]!.rubric!.length;
    expect(outcome).toEqual({ graded: 3, skipped: 0, grades: criteria + 2, ungraded: criteria + 2 });
    const rubric = grades.filter((g) => g.kind === 'criterion');
    expect(rubric.map((g) => g.criterion)).toEqual(hb[0]!.rubric!.map((_, i) => i));
    for (const g of rubric) {
      expect(g).toMatchObject({
        verdict: 'ungraded',
        explanation: null,
        attempts: 0,
        grader: { prompt: { id: 'healthbench-grader-json' } },
      });
      expect(g.error).toMatch(/^The prompt is \d+ tokens\.$/);
    }
    const ratings = grades.filter((g) => g.kind === 'rating');
    expect(ratings).toHaveLength(2);
    for (const g of ratings)
      expect(g).toMatchObject({
        scores: null,
        attempts: 2,
        grader: { model: 'stories260K', prompt: { id: 'bedside-rating-json', version: 1 } },
      });
    // Each rating was really asked twice, with the rating prompt and the answer in it.
    const ratingAsks = asked.filter((p) => p.includes('rate the last turn'));
    expect(ratingAsks).toHaveLength(4);
    expect(ratingAsks[0]).toContain('Call an ambulance now.');

    asked.length = 0;
    const resumed = await judgeRun({
      runId: 'r1',
      model: 'stories260K',
      ask: async () => {
        throw new Error('a graded answer was asked again');
      },
      items,
      results,
      existing: grades,
      sink: async () => undefined,
      now: () => '',
    });
    expect(resumed).toEqual({ graded: 0, skipped: 3, grades: 0, ungraded: 0 });
    expect(JUDGE_MAX_TOKENS).toBe(512);
  });
});

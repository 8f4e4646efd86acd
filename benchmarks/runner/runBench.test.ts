import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatResult, ChoiceScore, FinishReason, ModelCaller } from '../../core/engine';
import { chatLetter, mcqLettered, promptRef, pubmedqa } from '../prompts/templates';
import type { PromptTemplate } from '../../core/run';
import type { ScoringMode, SuiteItem } from '../../core/suite';
import { runBench } from './runBench';
import type { ItemResult, RunConfig, RunProgress } from '../../core/run';

/**
 * A fake ModelCaller, allowed here because these tests are about the runner's
 * resume/skip/abort/order logic, not the model. Each row is keyed by a question and gives
 * either choice log-probs (in option order) or a chat reply. Every call advances the fake clock.
 */
interface FakeRow {
  logprobs?: number[];
  reply?: string;
  finishReason?: FinishReason;
}

function fakeCallerFromTable(table: Record<string, FakeRow>, clock: { t: number }, onCall?: (question: string) => void) {
  const calls: string[] = [];
  const lookup = (text: string): [string, FakeRow] => {
    const entry = Object.entries(table).find(([question]) => text.includes(question));
    if (!entry) throw new Error(`No fake row for prompt ${text}`);
    return entry;
  };
  const abortIfNeeded = (signal?: AbortSignal) => {
    if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
  };
  const caller: ModelCaller = {
    async scoreChoices(prompt: string, choices: string[], signal?: AbortSignal): Promise<ChoiceScore[]> {
      const [question, row] = lookup(prompt);
      calls.push(question);
      onCall?.(question);
      clock.t += 100;
      await Promise.resolve();
      abortIfNeeded(signal);
      return choices.map((choice, i) => ({ choice, logprob: row.logprobs?.[i] ?? -10, tokenIds: [i], tokenLogprobs: [] }));
    },
    async chat(messages: ChatMessage[], _options, _onToken, signal?: AbortSignal): Promise<ChatResult> {
      const [question, row] = lookup(messages[0]?.content ?? '');
      calls.push(question);
      onCall?.(question);
      clock.t += 100;
      await Promise.resolve();
      abortIfNeeded(signal);
      return {
        text: row.reply ?? '',
        finishReason: row.finishReason ?? 'stop',
        usage: {
          promptTokens: 40,
          completionTokens: 4,
          timeToFirstTokenMs: 20,
          prefillTokensPerSecond: 0,
          decodeTokensPerSecond: 0,
          totalMs: 100,
        },
      };
    },
  };
  return { caller, calls };
}

const options = { A: 'ECG', B: 'Chest X-ray', C: 'CT head', D: 'Discharge' };
const items: SuiteItem[] = ['q1', 'q2', 'q3', 'q4', 'q5'].map((q, i) => ({
  id: `id-${q}`,
  question: `Question ${q}?`,
  options,
  answer: 'ABCDA'[i]!,
  subject: i % 2 === 0 ? 'cardio' : 'renal',
}));
// q1 → A (right), q2 → A (wrong, gold B), q3 → C (right), q4 → D (right), q5 → B (wrong, gold A)
const letterTable: Record<string, FakeRow> = {
  'Question q1?': { logprobs: [-0.1, -3, -3, -3] },
  'Question q2?': { logprobs: [-0.2, -2, -3, -3] },
  'Question q3?': { logprobs: [-3, -3, -0.1, -3] },
  'Question q4?': { logprobs: [-3, -3, -3, -0.1] },
  'Question q5?': { logprobs: [-2, -0.5, -3, -3] },
};

async function config(mode: ScoringMode, template: PromptTemplate): Promise<RunConfig> {
  return {
    suite: { id: 'test-suite', version: 1, sha256: 'abc' },
    prompt: await promptRef(template),
    mode,
    generation: { temperature: 0, topP: 1, maxTokens: 16 },
    seed: 0,
    selection: { kind: 'all' },
    nShot: 0,
  };
}

function collectingSink() {
  const results: ItemResult[] = [];
  return { results, sink: { put: (r: ItemResult) => void results.push(r) } };
}

describe('runBench', () => {
  it('scores every item in order and hands each result to the sink', async () => {
    const clock = { t: 0 };
    const { caller, calls } = fakeCallerFromTable(letterTable, clock);
    const { results, sink } = collectingSink();
    const outcome = await runBench({
      engine: caller,
      items,
      config: await config('letter-logprob', mcqLettered),
      template: mcqLettered,
      done: new Set(),
      sink,
      now: () => clock.t,
    });
    expect(outcome).toEqual({ scored: 5, failed: 0, skipped: 0, correct: 3 });
    expect(calls).toEqual(['Question q1?', 'Question q2?', 'Question q3?', 'Question q4?', 'Question q5?']);
    expect(results.map((r) => [r.itemId, r.index, r.pred, r.gold, r.correct])).toEqual([
      ['id-q1', 0, 'A', 'A', true],
      ['id-q2', 1, 'A', 'B', false],
      ['id-q3', 2, 'C', 'C', true],
      ['id-q4', 3, 'D', 'D', true],
      ['id-q5', 4, 'B', 'A', false],
    ]);
    expect(results[0]).toMatchObject({ mode: 'letter-logprob', latencyMs: 100, subject: 'cardio', invalid: false, predNorm: 'A' });
    expect(results[0]?.prompt).toBe('Question: Question q1?\nA. ECG\nB. Chest X-ray\nC. CT head\nD. Discharge\nAnswer:');
    expect(Object.keys(results[0]?.probs ?? {})).toEqual(['A', 'B', 'C', 'D']);
  });

  it('resumes without re-scoring finished items', async () => {
    const clock = { t: 0 };
    const { caller, calls } = fakeCallerFromTable(letterTable, clock);
    const { results, sink } = collectingSink();
    const progress: RunProgress[] = [];
    const outcome = await runBench({
      engine: caller,
      items,
      config: await config('letter-logprob', mcqLettered),
      template: mcqLettered,
      done: new Set(['id-q1', 'id-q3']),
      prior: { scored: 2, correct: 2 },
      sink,
      now: () => clock.t,
      onProgress: (p) => progress.push(p),
    });
    expect(calls).toEqual(['Question q2?', 'Question q4?', 'Question q5?']);
    expect(results.map((r) => [r.itemId, r.index])).toEqual([
      ['id-q2', 1],
      ['id-q4', 3],
      ['id-q5', 4],
    ]);
    expect(outcome).toEqual({ scored: 3, failed: 0, skipped: 2, correct: 1 });
    expect(progress[0]).toMatchObject({ done: 2, total: 5, scoredThisCall: 0 });
    // Whole run: 3 of 5 right, prior included.
    expect(progress.at(-1)).toMatchObject({ done: 5, total: 5, scored: 5, correct: 3, accuracy: 0.6, etaSeconds: 0 });
  });

  it('stops promptly on abort with AbortError and keeps every finished result', async () => {
    const clock = { t: 0 };
    const controller = new AbortController();
    const { caller, calls } = fakeCallerFromTable(letterTable, clock, (q) => {
      if (q === 'Question q3?') controller.abort();
    });
    const { results, sink } = collectingSink();
    await expect(
      runBench({
        engine: caller,
        items,
        config: await config('letter-logprob', mcqLettered),
        template: mcqLettered,
        done: new Set(),
        sink,
        signal: controller.signal,
        now: () => clock.t,
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toEqual(['Question q1?', 'Question q2?', 'Question q3?']);
    expect(results.map((r) => r.itemId)).toEqual(['id-q1', 'id-q2']);
  });

  it('does not start when the signal is already aborted', async () => {
    const clock = { t: 0 };
    const { caller, calls } = fakeCallerFromTable(letterTable, clock);
    const controller = new AbortController();
    controller.abort();
    await expect(
      runBench({
        engine: caller,
        items,
        config: await config('letter-logprob', mcqLettered),
        template: mcqLettered,
        done: new Set(),
        sink: collectingSink().sink,
        signal: controller.signal,
        now: () => clock.t,
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toEqual([]);
  });

  it('does not wait on the sink between items but waits for every put before resolving', async () => {
    const clock = { t: 0 };
    const { caller, calls } = fakeCallerFromTable(letterTable, clock);
    const releases: (() => void)[] = [];
    const stored: string[] = [];
    const sink = {
      put: (r: ItemResult) =>
        new Promise<void>((resolve) =>
          releases.push(() => {
            stored.push(r.itemId);
            resolve();
          }),
        ),
    };
    let settled = false;
    const run = runBench({
      engine: caller,
      items,
      config: await config('letter-logprob', mcqLettered),
      template: mcqLettered,
      done: new Set(),
      sink,
      now: () => clock.t,
    }).then(() => (settled = true));
    // The template hash is checked first (WebCrypto, a macrotask), so yield to timers, not only microtasks.
    for (let i = 0; i < 50 && releases.length < 5; i++) await new Promise((r) => setTimeout(r, 0));
    expect(calls).toHaveLength(5);
    expect(releases).toHaveLength(5);
    await Promise.resolve();
    expect(settled).toBe(false);
    for (const release of releases) release();
    await run;
    expect(stored).toEqual(['id-q1', 'id-q2', 'id-q3', 'id-q4', 'id-q5']);
  });

  it('stops and rethrows when the sink fails', async () => {
    const clock = { t: 0 };
    const { caller, calls } = fakeCallerFromTable(letterTable, clock);
    const failure = Object.assign(new Error('quota'), { name: 'QuotaExceeded' });
    const sink = { put: (r: ItemResult) => (r.itemId === 'id-q1' ? Promise.reject(failure) : undefined) };
    await expect(
      runBench({
        engine: caller,
        items,
        config: await config('letter-logprob', mcqLettered),
        template: mcqLettered,
        done: new Set(),
        sink,
        now: () => clock.t,
      }),
    ).rejects.toBe(failure);
    expect(calls.length).toBeLessThan(5);
  });

  it('reports progress at a bounded rate, always including the last item', async () => {
    const clock = { t: 0 };
    const { caller } = fakeCallerFromTable(letterTable, clock);
    const progress: RunProgress[] = [];
    await runBench({
      engine: caller,
      items,
      config: await config('letter-logprob', mcqLettered),
      template: mcqLettered,
      done: new Set(),
      sink: collectingSink().sink,
      now: () => clock.t,
      onProgress: (p) => progress.push(p),
    });
    // Items finish at t = 100…500 ms; reports at start (0), then t ≥ 250 (item 3 at 300), then the last (500).
    expect(progress.map((p) => p.done)).toEqual([0, 3, 5]);
    // At the end: 3/5 right in 0.5 s → 10 items/s; Wilson 95% for 3/5 ≈ [0.2307, 0.8824].
    expect(progress.at(-1)).toMatchObject({ done: 5, accuracy: 0.6, itemsPerSecond: 10, etaSeconds: 0 });
    expect(progress.at(-1)?.ci?.lower).toBeCloseTo(0.2307, 3);
    expect(progress.at(-1)?.ci?.upper).toBeCloseTo(0.8824, 3);
  });

  it('generative mode extracts answers, counts invalid ones and records usage', async () => {
    const clock = { t: 0 };
    const { caller } = fakeCallerFromTable(
      {
        'Question q1?': { reply: 'Answer: A' },
        'Question q2?': { reply: 'I am not sure.' },
        'Question q3?': { reply: 'The correct answer is (B).' },
      },
      clock,
    );
    const { results, sink } = collectingSink();
    const outcome = await runBench({
      engine: caller,
      items: items.slice(0, 3),
      config: await config('generative', chatLetter),
      template: chatLetter,
      done: new Set(),
      sink,
      now: () => clock.t,
    });
    expect(outcome.correct).toBe(1);
    expect(results.map((r) => [r.pred, r.correct, r.invalid])).toEqual([
      ['A', true, false],
      [null, false, true],
      ['B', false, false],
    ]);
    expect(results[0]).toMatchObject({
      promptTokens: 40,
      completionTokens: 4,
      timeToFirstTokenMs: 20,
      probs: null,
      generatedText: 'Answer: A',
    });
  });

  it('treats a generation that ended by abort as unfinished', async () => {
    const clock = { t: 0 };
    const { caller } = fakeCallerFromTable(
      { 'Question q1?': { reply: 'Answer: A' }, 'Question q2?': { reply: 'The ans', finishReason: 'abort' } },
      clock,
    );
    const { results, sink } = collectingSink();
    await expect(
      runBench({
        engine: caller,
        items: items.slice(0, 2),
        config: await config('generative', chatLetter),
        template: chatLetter,
        done: new Set(),
        sink,
        now: () => clock.t,
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(results.map((r) => r.itemId)).toEqual(['id-q1']);
  });

  it('option-logprob mode scores the option texts (PubMedQA)', async () => {
    const clock = { t: 0 };
    const pubmedItem: SuiteItem = {
      id: 'p1',
      question: 'Does it work?',
      options: { A: 'yes', B: 'no', C: 'maybe' },
      answer: 'A',
      context: 'Abstract text.',
    };
    const { caller } = fakeCallerFromTable({ 'Does it work?': { logprobs: [-2.0, -1.8, -4.5] } }, clock);
    const { results, sink } = collectingSink();
    await runBench({
      engine: caller,
      items: [pubmedItem],
      config: await config('option-logprob', pubmedqa),
      template: pubmedqa,
      done: new Set(),
      sink,
      now: () => clock.t,
    });
    // acc picks ' no' (−1.8); acc_norm picks 'yes' (−2/3 > −1.8/2).
    expect(results[0]).toMatchObject({ pred: 'B', correct: false, predNorm: 'A', correctNorm: true });
  });

  it('refuses a template that does not match the run config', async () => {
    const clock = { t: 0 };
    const { caller } = fakeCallerFromTable(letterTable, clock);
    const edited = { ...mcqLettered, text: `${mcqLettered.text} ` };
    await expect(
      runBench({
        engine: caller,
        items,
        config: await config('letter-logprob', mcqLettered),
        template: edited,
        done: new Set(),
        sink: collectingSink().sink,
        now: () => clock.t,
      }),
    ).rejects.toThrow(/does not match/);
  });

  it('refuses duplicate item ids, which would make resume ambiguous', async () => {
    const clock = { t: 0 };
    const { caller } = fakeCallerFromTable(letterTable, clock);
    await expect(
      runBench({
        engine: caller,
        items: [items[0]!, items[0]!],
        config: await config('letter-logprob', mcqLettered),
        template: mcqLettered,
        done: new Set(),
        sink: collectingSink().sink,
        now: () => clock.t,
      }),
    ).rejects.toMatchObject({ name: 'SuiteInvalid' });
  });

  it('records an item that fails as failed with its reason, and goes on to the next', async () => {
    const clock = { t: 0 };
    const { caller } = fakeCallerFromTable(letterTable, clock);
    const failing: ModelCaller = {
      ...caller,
      async scoreChoices(prompt, choices, signal) {
        if (prompt.includes('Question q2?'))
          throw Object.assign(new Error('request (2989 tokens) exceeds the context'), { name: 'ContextWindowExceeded' });
        const scores = await caller.scoreChoices(prompt, choices, signal);
        return prompt.includes('Question q3?') ? scores.map((s) => ({ ...s, truncatedTokens: 17 })) : scores;
      },
    };
    const { results, sink } = collectingSink();
    const outcome = await runBench({
      engine: failing,
      items,
      config: await config('letter-logprob', mcqLettered),
      template: mcqLettered,
      done: new Set(),
      sink,
      now: () => clock.t,
    });
    expect(outcome).toEqual({ scored: 4, failed: 1, skipped: 0, correct: 3 });
    expect(results.map((r) => r.itemId)).toEqual(['id-q1', 'id-q2', 'id-q3', 'id-q4', 'id-q5']);
    const failed = results[1]!;
    expect(failed.error).toContain('exceeds the context');
    expect([failed.pred, failed.correct]).toEqual([null, false]);
    expect(results[2]!.truncatedTokens).toBe(17);
    expect(results[0]!.truncatedTokens).toBeUndefined();
  });

  it('stops the run on an engine-level error instead of failing every item', async () => {
    const clock = { t: 0 };
    const { caller } = fakeCallerFromTable(letterTable, clock);
    const gone: ModelCaller = {
      ...caller,
      async scoreChoices() {
        throw Object.assign(new Error('No model is loaded.'), { name: 'ModelNotLoaded' });
      },
    };
    const { results, sink } = collectingSink();
    await expect(
      runBench({
        engine: gone,
        items,
        config: await config('letter-logprob', mcqLettered),
        template: mcqLettered,
        done: new Set(),
        sink,
        now: () => clock.t,
      }),
    ).rejects.toThrow('No model is loaded.');
    expect(results).toEqual([]);
  });

  it('keeps up to `concurrency` items in flight and stores results in item order whatever order they finish in', async () => {
    const clock = { t: 0 };
    const { caller } = fakeCallerFromTable(letterTable, clock);
    const gates = new Map<string, () => void>();
    let inFlight = 0;
    let most = 0;
    const slow: ModelCaller = {
      ...caller,
      async scoreChoices(prompt, choices, signal) {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise<void>((open) => gates.set(prompt.match(/Question (q\d)/)![1]!, open));
        inFlight -= 1;
        return caller.scoreChoices(prompt, choices, signal);
      },
    };
    const { results, sink } = collectingSink();
    const stored: string[][] = [];
    const running = runBench({
      engine: slow,
      items,
      config: await config('letter-logprob', mcqLettered),
      template: mcqLettered,
      done: new Set(),
      sink: { put: (r) => (sink.put(r), void stored.push(results.map((x) => x.itemId))) },
      now: () => clock.t,
      concurrency: 3,
    });
    const settle = () => new Promise((r) => setTimeout(r, 0));
    await settle();
    expect([...gates.keys()]).toEqual(['q1', 'q2', 'q3']);
    // q3 and q2 finish before q1: nothing is stored until q1 is.
    gates.get('q3')!();
    await settle();
    gates.get('q2')!();
    await settle();
    expect(results).toEqual([]);
    expect([...gates.keys()]).toEqual(['q1', 'q2', 'q3', 'q4', 'q5']);
    gates.get('q1')!();
    await settle();
    expect(results.map((r) => r.itemId)).toEqual(['id-q1', 'id-q2', 'id-q3']);
    gates.get('q5')!();
    gates.get('q4')!();
    const outcome = await running;
    expect(most).toBe(3);
    expect(outcome).toEqual({ scored: 5, failed: 0, skipped: 0, correct: 3 });
    expect(results.map((r) => [r.itemId, r.index])).toEqual([
      ['id-q1', 0],
      ['id-q2', 1],
      ['id-q3', 2],
      ['id-q4', 3],
      ['id-q5', 4],
    ]);
  });

  it('pauses the run when `failureStreakLimit` items in a row fail with the same error, storing none of them', async () => {
    const clock = { t: 0 };
    const { caller } = fakeCallerFromTable(letterTable, clock);
    const broken: ModelCaller = {
      ...caller,
      async scoreChoices(prompt, choices, signal) {
        if (prompt.includes('Question q1?')) return caller.scoreChoices(prompt, choices, signal);
        throw Object.assign(new Error('The server answered HTTP 400: grammar parse error.'), { name: 'InferenceFailed' });
      },
    };
    const { results, sink } = collectingSink();
    const awaitConfig = await config('letter-logprob', mcqLettered);
    const run = (done: Set<string>, engine: ModelCaller) =>
      runBench({
        engine,
        items,
        config: awaitConfig,
        template: mcqLettered,
        done,
        sink,
        now: () => clock.t,
        failureStreakLimit: 3,
        concurrency: 2,
      });
    const paused = await run(new Set(), broken).catch((e: unknown) => e);
    expect(paused).toMatchObject({ name: 'RunPaused' });
    expect((paused as Error).message).toContain('3 items in a row failed with the same error');
    expect((paused as Error).message).toContain('grammar parse error');
    expect(results.map((r) => r.itemId)).toEqual(['id-q1']);
    const before = structuredClone(results);
    // The cause fixed, Resume scores the held-back items and the rest; the stored row is untouched.
    const outcome = await run(new Set(results.map((r) => r.itemId)), caller);
    expect(outcome).toMatchObject({ scored: 4, failed: 0, skipped: 1 });
    expect(results.map((r) => r.itemId)).toEqual(['id-q1', 'id-q2', 'id-q3', 'id-q4', 'id-q5']);
    expect(results[0]).toEqual(before[0]);
  });

  it('stores failures as failed items when the streak is broken by another error, a success or the end', async () => {
    const clock = { t: 0 };
    const { caller } = fakeCallerFromTable(letterTable, clock);
    const errors: Record<string, string> = {
      'q1?': 'too long',
      'q2?': 'too long',
      'q3?': 'bad token',
      'q4?': 'bad token',
      'q5?': 'bad token',
    };
    const failing: ModelCaller = {
      ...caller,
      async scoreChoices(prompt) {
        const key = Object.keys(errors).find((q) => prompt.includes(`Question ${q}`))!;
        throw Object.assign(new Error(errors[key]), { name: 'ContextWindowExceeded' });
      },
    };
    const { results, sink } = collectingSink();
    const outcome = await runBench({
      engine: failing,
      items,
      config: await config('letter-logprob', mcqLettered),
      template: mcqLettered,
      done: new Set(),
      sink,
      now: () => clock.t,
      failureStreakLimit: 4,
    });
    expect(outcome).toEqual({ scored: 0, failed: 5, skipped: 0, correct: 0 });
    expect(results.map((r) => r.error)).toEqual(['too long', 'too long', 'bad token', 'bad token', 'bad token']);
  });
});

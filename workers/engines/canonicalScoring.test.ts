import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readGgufMetadata } from '../tokenizer/ggufMetadata';
import { vocabularyFromMetadata } from '../tokenizer/ggufVocabulary';
import { createTokenizer, type Tokenizer } from '../tokenizer/tokenizer';
import {
  decodeConstraint,
  planRequests,
  planScoring,
  scoreFromTokenPath,
  scorePlan,
  scoreRequests,
  scoringTokenizer,
  type ChoiceRequest,
  type PathStep,
} from './canonicalScoring';

let tok: Tokenizer;
beforeAll(async () => {
  const bytes = readFileSync(join(import.meta.dirname, '../../public/models/stories260K/stories260K.gguf'));
  tok = createTokenizer(vocabularyFromMetadata(await readGgufMetadata(new Blob([bytes]))));
});

describe('planScoring on the bundled model’s tokenizer', () => {
  it('moves trailing whitespace into the choices and scores each on its canonical tokens', () => {
    const plan = planScoring(scoringTokenizer(tok), 'Question: Is it?\nAnswer: ', ['yes', 'maybe'], 2048);
    expect(plan.contextText).toBe('Question: Is it?\nAnswer:');
    expect(plan.truncatedTokens).toBe(0);
    expect(plan.choices.map((c) => c.continuation)).toEqual([
      tok.encode('Question: Is it?\nAnswer: yes', { addBos: false }).slice(plan.contextTokens.length),
      tok.encode('Question: Is it?\nAnswer: maybe', { addBos: false }).slice(plan.contextTokens.length),
    ]);
  });

  it('drops the oldest context tokens to fit the window, keeping the choices whole', () => {
    const prompt = `${'Once upon a time there was a little girl. '.repeat(40)}Answer:`;
    const full = planScoring(scoringTokenizer(tok), prompt, [' A', ' maybe'], 4096);
    const cut = planScoring(scoringTokenizer(tok), prompt, [' A', ' maybe'], 120);
    expect(cut.truncatedTokens).toBeGreaterThan(0);
    const longest = Math.max(...cut.choices.map((c) => c.continuation.length));
    expect(cut.contextTokens.length + 1 + longest).toBeLessThanOrEqual(120);
    expect(full.contextText.endsWith(cut.contextText)).toBe(true);
    expect(cut.choices).toEqual(full.choices);
  });

  it('refuses a choice that cannot fit at all', () => {
    expect(() => planScoring(scoringTokenizer(tok), 'Answer:', [' ' + 'word '.repeat(50)], 16)).toThrow(/does not fit/);
  });
});

describe('decodeConstraint', () => {
  it('forces whole-character tokens by id, and byte-fallback ones by text with a bias to their ids', () => {
    const yes = tok.encode('Answer: yes', { addBos: false }).slice(tok.encode('Answer:', { addBos: false }).length);
    expect(decodeConstraint(tok, yes)).toEqual({ grammar: `root ::= ${yes.map((id) => `<[${id}]>`).join(' ')}` });
    const micro = tok.encode('Answer: μg', { addBos: false }).slice(tok.encode('Answer:', { addBos: false }).length);
    const constraint = decodeConstraint(tok, micro);
    expect(constraint.grammar).toBe('root ::= " μg"');
    expect(
      Object.keys(constraint.logitBias ?? {})
        .map(Number)
        .sort(),
    ).toEqual([...new Set(micro)].sort());
  });
});

describe('scorePlan', () => {
  const step = (id: number, logprob: number, top: [number, number][] = []): PathStep => ({
    id,
    logprob,
    top_logprobs: top.map(([i, l]) => ({ id: i, logprob: l })),
  });

  it('decodes the first choice fresh, reads single-token siblings from its top-k list, and decodes the rest from the cache', async () => {
    const plan = {
      contextText: 'x',
      contextTokens: [1, 2, 3],
      truncatedTokens: 0,
      choices: [
        { choice: ' A', continuation: [10, 11] },
        { choice: ' B', continuation: [12] },
        { choice: ' C', continuation: [13, 14] },
      ],
    };
    const calls: [number[], boolean][] = [];
    const paths: Record<number, PathStep[]> = {
      10: [step(10, -1, [[12, -2]]), step(11, -0.5)],
      13: [step(13, -3), step(14, -0.25)],
    };
    const scores = await scorePlan(plan, true, async (ids, fresh) => {
      calls.push([[...ids], fresh]);
      return paths[ids[0]!]!;
    });
    expect(calls).toEqual([
      [[10, 11], true],
      [[13, 14], false],
    ]);
    expect(scores.map((s) => s.logprob)).toEqual([-1.5, -2, -3.25]);
    expect(scores.every((s) => s.contextTokens === 4 && s.truncatedTokens === 0)).toBe(true);
  });

  it('fails loudly when the engine decoded other tokens than the canonical ones', async () => {
    const plan = { contextText: 'x', contextTokens: [1], truncatedTokens: 0, choices: [{ choice: ' A', continuation: [10, 11] }] };
    await expect(scorePlan(plan, false, async () => [step(10, -1), step(99, -1)])).rejects.toThrow('did not follow the tokens');
    expect(scoreFromTokenPath(plan.choices[0]!, [step(10, -1)])).toBeNull();
  });
});

describe('planRequests: each choice its own lm-eval request', () => {
  const plain = { addBos: false, addEos: false };
  const prompt = `${'Once upon a time there was a little girl. '.repeat(40)}Answer:`;

  it('scores every choice after the whole prompt when it fits, with its canonical tokens', () => {
    const requests = planRequests(scoringTokenizer(tok), 'Question: Is it?\nAnswer: ', ['yes', 'maybe'], 2047);
    const context = tok.encode('Question: Is it?\nAnswer:', plain);
    expect(requests.map((r) => r.contextText)).toEqual(['Question: Is it?\nAnswer:', 'Question: Is it?\nAnswer:']);
    expect(requests.map((r) => r.continuation)).toEqual([
      tok.encode('Question: Is it?\nAnswer: yes', plain).slice(context.length),
      tok.encode('Question: Is it?\nAnswer: maybe', plain).slice(context.length),
    ]);
    expect(requests.every((r) => r.truncatedTokens === 0 && r.contextIsPrefix)).toBe(true);
  });

  it('cuts each request to max_length + 1 tokens on its own, BOS first, so a shorter choice keeps more context', () => {
    const full = tok.encode(prompt, plain);
    let keptMore = 0;
    for (let maxLength = 100; maxLength < 140; maxLength++) {
      const [short, long] = planRequests(scoringTokenizer(tok), prompt, [' A', ' maybe'], maxLength);
      expect(long!.continuation.length).toBeGreaterThan(short!.continuation.length);
      for (const r of [short!, long!]) {
        const lmEvalDrop = 1 + full.length + r.continuation.length - (maxLength + 1);
        expect(r.truncatedTokens - r.truncatedBeyondLmEval).toBe(lmEvalDrop);
        expect(r.contextTokens).toEqual(full.slice(r.truncatedTokens));
        // The kept context goes as text: it must tokenize to exactly the kept tokens.
        expect(tok.encode(r.contextText, plain)).toEqual(r.contextTokens);
        expect(1 + r.contextTokens.length + r.continuation.length).toBeLessThanOrEqual(maxLength + 1);
      }
      expect(short!.contextTokens.length).toBeGreaterThanOrEqual(long!.contextTokens.length);
      if (short!.contextTokens.length > long!.contextTokens.length) keptMore++;
    }
    expect(keptMore).toBeGreaterThan(10);
  });

  it('moves a cut right only as far as the kept text needs to re-tokenize to itself', () => {
    const full = tok.encode(prompt, plain);
    for (let maxLength = 60; maxLength < 80; maxLength++) {
      const [r] = planRequests(scoringTokenizer(tok), prompt, [' A'], maxLength);
      // Each position skipped was one whose kept tokens no spelling gives back.
      for (let drop = r!.truncatedTokens - r!.truncatedBeyondLmEval; drop < r!.truncatedTokens; drop++) {
        const kept = full.slice(drop);
        const text = new TextDecoder().decode(Uint8Array.from(kept.flatMap((id) => [...tok.tokenBytes(id)])));
        expect(tok.encode(text, plain)).not.toEqual(kept);
        expect(tok.encode(text.replace(/^ /, ''), plain)).not.toEqual(kept);
      }
    }
  });

  it('reports a choice whose context tokens are not a prefix of the whole', () => {
    const [cat] = planRequests(scoringTokenizer(tok), 'The ca', ['t sat on the mat'], 2047);
    const [dog] = planRequests(scoringTokenizer(tok), 'The', [' dog'], 2047);
    expect(cat!.contextIsPrefix).toBe(false);
    expect(dog!.contextIsPrefix).toBe(true);
  });

  it('refuses a choice that leaves no room for context', () => {
    expect(() => planRequests(scoringTokenizer(tok), 'Answer:', [' ' + 'word '.repeat(50)], 16)).toThrow(/does not fit/);
  });
});

describe('scoreRequests', () => {
  const step = (id: number, logprob: number, top: [number, number][] = []): PathStep => ({
    id,
    logprob,
    top_logprobs: top.map(([i, l]) => ({ id: i, logprob: l })),
  });
  const request = (choice: string, continuation: number[], contextText: string, truncatedTokens = 0): ChoiceRequest => ({
    choice,
    continuation,
    contextText,
    contextTokens: [...contextText].map((c) => c.charCodeAt(0)),
    truncatedTokens,
    truncatedBeyondLmEval: 0,
    contextIsPrefix: true,
  });

  it('reads a sibling from a decode only after the same context, and evaluates a new context afresh', async () => {
    const requests = [
      request(' A', [10], 'abc'),
      request(' B', [12], 'abc'),
      request(' long', [13, 14], 'bc', 1),
      request(' C', [15], 'abc'),
    ];
    const calls: [string, number[], boolean][] = [];
    const scores = await scoreRequests(requests, true, async (r, fresh) => {
      calls.push([r.contextText, r.continuation, fresh]);
      if (r.contextText === 'bc') return [step(13, -3, [[12, -9]]), step(14, -0.5)];
      return r.continuation[0] === 15 ? [step(15, -4)] : [step(10, -1, [[12, -2]])];
    });
    expect(calls).toEqual([
      ['abc', [10], true],
      ['bc', [13, 14], true],
      ['abc', [15], true],
    ]);
    expect(scores.map((s) => s.logprob)).toEqual([-1, -2, -3.5, -4]);
    expect(scores.map((s) => [s.contextTokens, s.truncatedTokens])).toEqual([
      [4, 0],
      [4, 0],
      [3, 1],
      [4, 0],
    ]);
  });

  it('fails loudly when the engine decoded other tokens than the canonical ones', async () => {
    await expect(scoreRequests([request(' A', [10, 11], 'x')], false, async () => [step(10, -1), step(99, -1)])).rejects.toThrow(
      'did not follow the tokens',
    );
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readGgufMetadata } from '../tokenizer/ggufMetadata';
import { vocabularyFromMetadata } from '../tokenizer/ggufVocabulary';
import { createTokenizer, type Tokenizer } from '../tokenizer/tokenizer';
import { decodeConstraint, planScoring, scoreFromTokenPath, scorePlan, scoringTokenizer, type PathStep } from './canonicalScoring';

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

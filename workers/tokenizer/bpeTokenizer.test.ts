import type { LlamaModel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStrings } from '../../testing/tokenizer/corpus';
import { loadNativeVocabulary } from '../../testing/nativeLlama';
import { compareWithNative } from '../../testing/tokenizer/tokenizerParity';
import { promptStrings, suitePrompts } from '../../testing/tokenizer/suitePrompts';
import { writeTiktokenModel, type SyntheticVocabulary } from '../../testing/tokenizer/vocabularies';
import { createTokenizer } from './tokenizer';
import { toWellFormed } from './unicode';

const STRINGS = testStrings(3000, 50257);
const PROMPTS = promptStrings([...suitePrompts('pubmedqa', 100), ...suitePrompts('medqa-usmle-4', 100)]);
const MULTILINGUAL_PROMPTS = promptStrings(
  (['cmexam', 'medqa-mainland-4', 'cmmlu-medical', 'headqa-es', 'frenchmedmcqa'] as const).flatMap((id) => suitePrompts(id, 30)),
);

/** Two real vocabularies in their own pre-tokenizer: GPT-2's (r50k) and cl100k, whose regex Llama 3 uses. */
const VOCABULARIES = [
  { name: 'gpt2', pre: 'gpt-2', addBos: false },
  { name: 'cl100k', pre: 'llama-bpe', addBos: true },
] as const;

describe.each(VOCABULARIES)('byte-level BPE ("gpt2") tokenizer against llama.cpp: $name with pre $pre', ({ name, pre, addBos }) => {
  let file: SyntheticVocabulary;
  let model: LlamaModel;

  beforeAll(async () => {
    file = await writeTiktokenModel(name, pre);
    model = await loadNativeVocabulary(file.path);
  }, 120_000);
  afterAll(() => model?.dispose());

  it('gives the same ids on 3000 generated strings and the first 100 PubMedQA and MedQA prompts', () => {
    const tokenizer = createTokenizer(file.vocab);
    const report = compareWithNative(tokenizer, model, [...STRINGS, ...PROMPTS]);
    expect(report.mismatches).toEqual([]);
    expect(report.compared).toBe(3000 + 900);
  }, 60_000);

  it('gives the same ids on the Chinese, Spanish and French exams’ prompts with each option', () => {
    const tokenizer = createTokenizer(file.vocab);
    const report = compareWithNative(tokenizer, model, MULTILINGUAL_PROMPTS);
    expect(report.mismatches).toEqual([]);
    expect(report.compared).toBe(MULTILINGUAL_PROMPTS.length);
  }, 60_000);

  it("adds BOS as llama.cpp's defaults for the pre-tokenizer say", () => {
    const tokenizer = createTokenizer(file.vocab);
    expect(tokenizer.addBos).toBe(addBos);
    expect(tokenizer.addBos).toBe(model.tokens.shouldPrependBosToken);
    expect(tokenizer.bosId).toBe(model.tokens.bos);
    expect(tokenizer.encode('Answer: C')).toEqual([...(addBos ? [model.tokens.bos] : []), ...model.tokenize('Answer: C')]);
  });

  it('cuts user-defined tokens out of the text; control tokens and what llama.cpp makes control stay text', () => {
    const tokenizer = createTokenizer(file.vocab);
    const id = (text: string) => file.vocab.tokens.indexOf(text);
    const ids = (text: string) => tokenizer.encode(text, { addBos: false });
    expect(ids('a<|user|>b')).toContain(id('<|user|>'));
    expect(ids('x<think>y')).toContain(id('<think>'));
    expect(ids('5 mg/kg')).toContain(id(' mg/kg'));
    // "<|channel|>" is control in the file, but llama.cpp renders it as text, so it is user-defined there.
    expect(ids('<|channel|>final')).toContain(id('<|channel|>'));
    expect(ids('<|endoftext|>')).not.toContain(id('<|endoftext|>'));
    // "<|fim_prefix|>" is user-defined in the file, but llama.cpp guesses it is a FIM token and makes it control.
    expect(ids('<|fim_prefix|>')).not.toContain(id('<|fim_prefix|>'));
    const report = compareWithNative(tokenizer, model, [
      'a<|user|>b',
      '<think> 5 mg/kg',
      '<|channel|>final',
      '<|endoftext|>',
      '<|fim_prefix|>x',
    ]);
    expect(report.mismatches).toEqual([]);
  });

  it('round-trips: the token pieces concatenate back to the text', () => {
    const tokenizer = createTokenizer(file.vocab);
    const encoder = new TextEncoder();
    for (const text of STRINGS.slice(0, 500)) {
      const bytes = tokenizer.encode(text, { addBos: false }).flatMap((id) => [...tokenizer.tokenBytes(id)]);
      expect(Uint8Array.from(bytes)).toEqual(encoder.encode(toWellFormed(text)));
    }
  });
});

import type { LlamaModel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GgufVocabulary } from './ggufVocabulary';
import { testStrings } from '../../testing/tokenizer/corpus';
import { loadNativeVocabulary } from '../../testing/nativeLlama';
import { compareWithNative } from '../../testing/tokenizer/tokenizerParity';
import { promptStrings, suitePrompts } from '../../testing/tokenizer/suitePrompts';
import { readVocabulary, STORIES_260K, writeSpmVariant } from '../../testing/tokenizer/vocabularies';
import { createTokenizer, type Tokenizer } from './tokenizer';
import { toWellFormed } from './unicode';

const STRINGS = testStrings(3000, 260);
const MULTILINGUAL_SUITES = ['cmexam', 'medqa-mainland-4', 'cmmlu-medical', 'headqa-es', 'frenchmedmcqa'] as const;

describe('SentencePiece ("llama") tokenizer against llama.cpp on stories260K', () => {
  let vocab: GgufVocabulary;
  let tokenizer: Tokenizer;
  let model: LlamaModel;

  beforeAll(async () => {
    vocab = await readVocabulary(STORIES_260K);
    tokenizer = createTokenizer(vocab);
    model = await loadNativeVocabulary(STORIES_260K);
  }, 120_000);
  afterAll(() => model?.dispose());

  it('gives the same ids on 3000 generated strings', () => {
    const report = compareWithNative(tokenizer, model, STRINGS);
    expect(report.mismatches).toEqual([]);
    expect(report.compared).toBe(3000);
  });

  it('gives the same ids on the first 100 PubMedQA and MedQA prompts with each option', () => {
    const strings = promptStrings([...suitePrompts('pubmedqa', 100), ...suitePrompts('medqa-usmle-4', 100)]);
    const report = compareWithNative(tokenizer, model, strings);
    expect(report.mismatches).toEqual([]);
    expect(report.compared).toBe(100 * 4 + 100 * 5);
  });

  it('gives the same ids on the Chinese, Spanish and French exams’ prompts with each option', () => {
    const strings = promptStrings(MULTILINGUAL_SUITES.flatMap((id) => suitePrompts(id, 30)));
    // The prompts hold what the new languages bring: Han text, full-width forms (U+FF01–U+FF5E, the ideographic space) and accents.
    expect(strings.some((t) => /[\u4e00-\u9fff]/.test(t) && /[\uff01-\uff5e\u3000]/.test(t))).toBe(true);
    expect(strings.some((t) => /[áéíóúñ¿]/.test(t))).toBe(true);
    expect(strings.some((t) => /[àâçèéêëîïôùûœ]/.test(t))).toBe(true);
    const report = compareWithNative(tokenizer, model, strings);
    expect(report.mismatches).toEqual([]);
    expect(report.compared).toBe(strings.length);
  });

  it('adds BOS like llama_tokenize with add_special, which node-llama-cpp model.tokenize does not', () => {
    expect(tokenizer.addBos).toBe(model.tokens.shouldPrependBosToken);
    expect(tokenizer.addBos).toBe(true);
    expect(tokenizer.bosId).toBe(model.tokens.bos);
    expect(tokenizer.eosId).toBe(model.tokens.eos);
    expect(tokenizer.encode('Once upon a time')).toEqual([model.tokens.bos, ...model.tokenize('Once upon a time')]);
    // Empty text: llama.cpp emits BOS alone, and no space prefix without text.
    expect(tokenizer.encode('')).toEqual([model.tokens.bos]);
    expect(tokenizer.encode('hi', { addBos: false, addEos: true })).toEqual([...model.tokenize('hi'), model.tokens.eos]);
  });

  it('gives the same ids with tokenizer.ggml.add_space_prefix = false', async () => {
    const noPrefix = await loadNativeVocabulary(STORIES_260K, { 'tokenizer.ggml.add_space_prefix': false });
    try {
      const report = compareWithNative(createTokenizer({ ...vocab, addSpacePrefix: false }), noPrefix, STRINGS.slice(0, 1000));
      expect(report.mismatches).toEqual([]);
    } finally {
      await noPrefix.dispose();
    }
  }, 60_000);

  it('cuts user-defined tokens out of the text before merging, but not control ones', async () => {
    const variant = await writeSpmVariant(['ing', '\u2581the'], ['ed']);
    const native = await loadNativeVocabulary(variant.path);
    try {
      const variantTokenizer = createTokenizer(variant.vocab);
      const extra = ['running and singing', 'the ▁the ▁theing', 'ingingin g', 'played ed', ' ing ', '▁the', 'ingx'];
      const report = compareWithNative(variantTokenizer, native, [...extra, ...STRINGS.slice(0, 1000)]);
      expect(report.mismatches).toEqual([]);
      // "ing" is cut out, so the text after it starts a new fragment that gets the space prefix again.
      const ing = variant.vocab.tokens.indexOf('ing');
      expect(variantTokenizer.encode('ingx', { addBos: false })).toEqual([ing, ...tokenizer.encode('x', { addBos: false })]);
    } finally {
      await native.dispose();
    }
  }, 60_000);

  it('round-trips: the token pieces concatenate back to the space-prefixed text', () => {
    const encoder = new TextEncoder();
    // A literal U+2581 in the text comes back as a space, like an escaped one.
    for (const text of STRINGS.slice(0, 500).filter((t) => !t.includes('\u2581'))) {
      const ids = tokenizer.encode(text, { addBos: false });
      const bytes = ids.flatMap((id) => [...tokenizer.tokenBytes(id)]);
      expect(Uint8Array.from(bytes)).toEqual(encoder.encode(text === '' ? '' : ` ${toWellFormed(text)}`));
    }
  });
});

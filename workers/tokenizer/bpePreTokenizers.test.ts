import { beforeAll, describe, expect, it } from 'vitest';
import { testStrings } from '../../testing/tokenizer/corpus';
import { loadNativeVocabulary } from '../../testing/nativeLlama';
import { compareWithNative } from '../../testing/tokenizer/tokenizerParity';
import { promptStrings, suitePrompts } from '../../testing/tokenizer/suitePrompts';
import { writeTiktokenModel, type SyntheticVocabulary } from '../../testing/tokenizer/vocabularies';
import { createTokenizer } from './tokenizer';

const STRINGS = testStrings(1000, 100277);
const PROMPTS = promptStrings(suitePrompts('medqa-usmle-4', 20));

/**
 * Every other regex pipeline this port runs, on cl100k's lowest 30000 ranks (a smaller vocabulary loads
 * faster; pre-tokenization does not depend on its size). The file's tokenizer.ggml.pre is overridden
 * on load, so llama.cpp applies each pre-tokenizer to the same vocabulary.
 */
describe('the other supported pre-tokenizers against llama.cpp on a cl100k vocabulary', () => {
  let file: SyntheticVocabulary;

  beforeAll(async () => {
    file = await writeTiktokenModel('cl100k', 'llama-bpe', 30_000);
  }, 120_000);

  it.each([
    'default',
    'qwen2',
    'qwen35',
    'gpt-2',
    'smollm',
    'falcon',
    'tekken',
    'gpt-4o',
    'dbrx',
    'glm4',
    'deepseek-llm',
    'deepseek-coder',
  ])(
    'pre %s gives the same ids on 1000 generated strings and 100 prompt strings',
    async (pre) => {
      const model = await loadNativeVocabulary(file.path, { 'tokenizer.ggml.pre': pre });
      try {
        const tokenizer = createTokenizer({ ...file.vocab, pre });
        const report = compareWithNative(tokenizer, model, [...STRINGS, ...PROMPTS]);
        expect(report.mismatches).toEqual([]);
        expect(tokenizer.addBos).toBe(model.tokens.shouldPrependBosToken);
      } finally {
        await model.dispose();
      }
    },
    60_000,
  );
});

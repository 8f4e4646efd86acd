import type { LlamaModel } from 'node-llama-cpp';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStrings } from '../../testing/tokenizer/corpus';
import { llamaCppSourceFolder, llamaCppSourcePath } from '../../testing/tokenizer/llamaCppSource';
import { loadNativeVocabulary } from '../../testing/nativeLlama';
import { compareWithNative } from '../../testing/tokenizer/tokenizerParity';
import { readVocabulary } from '../../testing/tokenizer/vocabularies';
import { createTokenizer } from './tokenizer';

/**
 * llama.cpp's own tokenizer test suite (tests/test-tokenizer-0.cpp): each models/ggml-vocab-*.gguf with
 * an .inp file of texts and an .out file of the ids Hugging Face's tokenizer gives them, read from the
 * llama.cpp that node-llama-cpp ships. Every vocabulary there is covered except BERT's WordPiece, which
 * only embedding models use. The same files are then compared with native llama.cpp on generated text.
 */

const CASE_SEPARATOR = '\n__ggml_vocab_test__\n';

interface Case {
  text: string;
  ids: number[];
}

/** read_tests: the .inp split on the separator line (a trailing one ends the last case), the .out by line. */
function readCases(vocabPath: string): Case[] {
  const input = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(llamaCppSourcePath(`${vocabPath}.inp`)));
  const texts: string[] = [];
  for (let pos = 0; pos < input.length;) {
    const next = input.indexOf(CASE_SEPARATOR, pos);
    texts.push(input.slice(pos, next === -1 ? undefined : next));
    if (next === -1) break;
    pos = next + CASE_SEPARATOR.length;
  }
  const lines = readFileSync(llamaCppSourcePath(`${vocabPath}.out`), 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length !== texts.length) throw new Error(`${vocabPath}: ${texts.length} inputs but ${lines.length} outputs`);
  return texts.map((text, i) => {
    const line = (lines[i] ?? '').trim();
    return { text, ids: line === '' ? [] : line.split(' ').map(Number) };
  });
}

/** Every ggml-vocab file with cases, and its vocabulary as Bedside reads it. */
const VOCABULARIES = await Promise.all(
  llamaCppSourceFolder('models')
    .filter((path) => /\/ggml-vocab-[^/]+\.gguf\.inp$/.test(path))
    .map(async (inp) => {
      const path = inp.slice(0, -'.inp'.length);
      const name = path.slice('models/ggml-vocab-'.length, -'.gguf'.length);
      return { path, name, vocab: await readVocabulary(llamaCppSourcePath(path)) };
    }),
);
const COVERED = VOCABULARIES.filter(({ vocab }) => vocab.model !== 'bert');

describe("llama.cpp's test-tokenizer-0 cases on its ggml-vocab files", () => {
  it('leaves out only the WordPiece (BERT) vocabulary', () => {
    expect(VOCABULARIES.filter(({ vocab }) => vocab.model === 'bert').map(({ name }) => name)).toEqual(['bert-bge']);
    expect(COVERED.map(({ name }) => name)).toEqual(expect.arrayContaining(['qwen35', 'deepseek-llm', 'deepseek-coder', 'gemma-4']));
    expect(COVERED).toHaveLength(14);
  });

  it.each(COVERED)(
    '$name: every case gives the listed ids',
    ({ path, vocab }) => {
      const cases = readCases(path);
      const tokenizer = createTokenizer(vocab);
      // add_special = false and parse_special = false, as the test calls common_tokenize.
      const failures = cases
        .map(({ text, ids }) => ({ text, expected: ids, actual: tokenizer.encode(text, { addBos: false, addEos: false }) }))
        .filter(({ expected, actual }) => expected.length !== actual.length || expected.some((id, i) => actual[i] !== id));
      expect({ passed: cases.length - failures.length, of: cases.length, failures: failures.slice(0, 3) }).toEqual({
        passed: cases.length,
        of: cases.length,
        failures: [],
      });
    },
    60_000,
  );
});

const STRINGS = testStrings(1000, 46);
/**
 * Texts where the newer ports can go wrong: U+FEFF, whitespace to JavaScript but not to llama.cpp's
 * wregex; astral letters and U+3000 inside DeepSeek's character classes; combining marks that Qwen 3.5
 * keeps with letters; line-feed runs, space runs and bytes without a token for Gemma 4.
 */
const EDGES = [
  '\uFEFF\uFEFFhello',
  ' \uFEFFworld \uFEFF',
  '\u{10400}\u{10401}abc \u{1E900}x',
  '！\u3000。 “quoted” ‘x’',
  '\u1F7Dx \u2126 \u212A',
  'e\u0301\u0301x \u0301a a\u0308\u0304!',
  '\n\n\n',
  'a\n\n\nb\n \n  c',
  '  a  b  ',
  '\u{10FFFD}\u{E0001}',
];

describe.each(COVERED)('$name against native llama.cpp', ({ path, vocab }) => {
  let model: LlamaModel;

  beforeAll(async () => {
    model = await loadNativeVocabulary(llamaCppSourcePath(path));
  }, 120_000);
  afterAll(() => model?.dispose());

  it('gives the same ids on 1000 generated strings and a few chosen edge cases', () => {
    const report = compareWithNative(createTokenizer(vocab), model, [...STRINGS, ...EDGES]);
    expect(report.mismatches).toEqual([]);
    expect(report.compared).toBe(1000 + EDGES.length);
  }, 60_000);

  it('adds BOS and EOS as llama.cpp does with add_special', () => {
    const tokenizer = createTokenizer(vocab);
    expect([tokenizer.addBos, tokenizer.bosId]).toEqual([model.tokens.shouldPrependBosToken, model.tokens.bos ?? undefined]);
    expect([tokenizer.addEos, tokenizer.eosId]).toEqual([model.tokens.shouldAppendEosToken, model.tokens.eos ?? undefined]);
  });
});

describe("llama.cpp's Gemma 4 pre-tokenizer rules, on ggml-vocab-gemma-4 with keys overridden", () => {
  const gemma4 = COVERED.find(({ name }) => name === 'gemma-4');

  it('adds BOS even where the file says add_bos_token = false', async () => {
    if (gemma4 === undefined) throw new Error('ggml-vocab-gemma-4.gguf is missing');
    const native = await loadNativeVocabulary(llamaCppSourcePath(gemma4.path), { 'tokenizer.ggml.add_bos_token': false });
    try {
      const tokenizer = createTokenizer({ ...gemma4.vocab, addBos: false });
      expect(tokenizer.addBos).toBe(true);
      expect(native.tokens.shouldPrependBosToken).toBe(true);
    } finally {
      await native.dispose();
    }
  }, 120_000);

  it('runs the same way for a "gpt2" vocabulary with the pre-tokenizer granite-embed-multi-311m', async () => {
    if (gemma4 === undefined) throw new Error('ggml-vocab-gemma-4.gguf is missing');
    const overrides = { 'tokenizer.ggml.model': 'gpt2', 'tokenizer.ggml.pre': 'granite-embed-multi-311m' };
    const native = await loadNativeVocabulary(llamaCppSourcePath(gemma4.path), overrides);
    try {
      const report = compareWithNative(
        createTokenizer({ ...gemma4.vocab, model: 'gpt2', pre: overrides['tokenizer.ggml.pre'] }),
        native,
        STRINGS,
      );
      expect(report.mismatches).toEqual([]);
    } finally {
      await native.dispose();
    }
  }, 120_000);
});

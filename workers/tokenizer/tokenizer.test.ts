import gpt2 from 'js-tiktoken/ranks/gpt2';
import { beforeAll, describe, expect, it } from 'vitest';
import { bpeVocabFromRanks, ranksFromJsTiktoken, TOKEN_TYPE } from '../../testing/syntheticBpe';
import type { GgufVocabulary } from './ggufVocabulary';
import { readVocabulary, STORIES_260K } from '../../testing/tokenizer/vocabularies';
import { createTokenizer } from './tokenizer';

/** The first 1000 GPT-2 ranks: a small but real byte-level BPE vocabulary, built in memory. */
const SMALL_BPE = bpeVocabFromRanks(ranksFromJsTiktoken(gpt2.bpe_ranks).slice(0, 1000), [
  { text: '<|endoftext|>', type: TOKEN_TYPE.CONTROL },
]);

function smallBpeVocabulary(pre = 'gpt-2'): GgufVocabulary {
  return { model: 'gpt2', pre, ...SMALL_BPE, bosId: 1000, eosId: 1000 };
}

describe('createTokenizer', () => {
  let stories: GgufVocabulary;

  beforeAll(async () => {
    stories = await readVocabulary(STORIES_260K);
  });

  it('refuses a tokenizer model it does not reproduce, naming it and listing the supported ones', () => {
    for (const model of ['t5', 'bert', 'rwkv', 'plamo2', 'no_vocab']) {
      expect(() => createTokenizer({ ...stories, model })).toThrow(
        `tokenizer.ggml.model = "${model}"; supported: "llama" (SentencePiece), "gpt2" (byte-level BPE) and "gemma4"`,
      );
    }
  });

  it('refuses a BPE pre-tokenizer it does not reproduce, naming it and listing the supported ones', () => {
    for (const pre of ['deepseek-v3', 'sarvam-moe', 'kimi-k2', 'afmoe', 'llama-3', 'GPT-2']) {
      expect(() => createTokenizer(smallBpeVocabulary(pre))).toThrow(
        new RegExp(`tokenizer\\.ggml\\.pre = "${pre}"; supported: default, llama3, .*qwen2`),
      );
    }
  });

  it('takes a missing or empty tokenizer.ggml.pre as "default", as llama.cpp does', () => {
    const text = 'Costs $1,234.56 | x+y';
    const expected = createTokenizer(smallBpeVocabulary('default')).encode(text);
    expect(createTokenizer({ ...smallBpeVocabulary(), pre: undefined }).encode(text)).toEqual(expected);
    expect(createTokenizer(smallBpeVocabulary('')).encode(text)).toEqual(expected);
  });

  it('ignores tokenizer.ggml.pre for SentencePiece vocabularies, as llama.cpp does', () => {
    expect(createTokenizer({ ...stories, pre: 'anything' }).encode('Once upon a time')).toEqual(
      createTokenizer(stories).encode('Once upon a time'),
    );
  });

  it('refuses a vocabulary with two tokens of the same text, which llama.cpp cannot load', () => {
    expect(() => createTokenizer({ ...stories, tokens: ['<unk>', '<s>', '</s>', 'a', 'a'] })).toThrow('two tokens with the text "a"');
  });

  it('uses llama.cpp default special ids, and fails only when a BOS it must add does not exist', () => {
    const bpe = createTokenizer({ ...smallBpeVocabulary(), bosId: undefined, eosId: undefined });
    // The "gpt2" default BOS/EOS id is 11, whatever that token is.
    expect([bpe.bosId, bpe.eosId, bpe.addBos]).toEqual([11, 11, false]);
    const tiny = createTokenizer({ model: 'llama', tokens: ['<unk>', 'a', '▁'], bosId: 7 });
    expect(tiny.bosId).toBe(1);
    // Neither the file's id nor the default (1) is in range: llama.cpp would assert when adding BOS.
    const noBos = createTokenizer({ model: 'llama', tokens: ['▁a'], bosId: 9 });
    expect(noBos.bosId).toBeUndefined();
    expect(() => noBos.encode('a')).toThrow('no BOS token');
    expect(noBos.encode('a', { addBos: false })).toEqual([0]);
  });

  it('follows add_bos_token / add_eos_token and the per-call options', () => {
    const tokenizer = createTokenizer({ ...stories, addBos: false, addEos: true });
    const plain = tokenizer.encode('hi', { addBos: false, addEos: false });
    expect(tokenizer.encode('hi')).toEqual([...plain, 2]);
    expect(tokenizer.encode('hi', { addBos: true })).toEqual([1, ...plain, 2]);
  });

  it('gives token pieces as llama_token_to_piece with special = true', () => {
    const tokenizer = createTokenizer(stories);
    const id = (text: string) => stories.tokens.indexOf(text);
    expect(tokenizer.decodePiece(id('▁the'))).toBe(' the');
    expect(tokenizer.decodePiece(1)).toBe('<s>');
    expect(tokenizer.decodePiece(0)).toBe('<unk>');
    expect([...tokenizer.tokenBytes(id('<0xE2>'))]).toEqual([0xe2]);
    expect(tokenizer.decodePiece(id('<0x41>'))).toBe('A');
    expect(tokenizer.decodePiece(id('<0xE2>'))).toBe('\uFFFD');
    expect(() => tokenizer.tokenBytes(512)).toThrow('outside the vocabulary');

    const bpeVocab = smallBpeVocabulary();
    const bpe = createTokenizer(bpeVocab);
    expect(bpe.decodePiece(bpeVocab.tokens.indexOf('Ġthe'))).toBe(' the');
    expect(bpe.decodePiece(bpeVocab.tokens.indexOf('Ċ'))).toBe('\n');
    expect(bpe.decodePiece(1000)).toBe('<|endoftext|>');
    expect(Array.from(bpe.tokenBytes(bpeVocab.tokens.indexOf('Ã')))).toEqual([0xc3]);
  });

  it('encodes unpaired surrogates as U+FFFD, as the UTF-8 conversion into llama.cpp does', () => {
    const tokenizer = createTokenizer(stories);
    expect(tokenizer.encode('a\uD800b')).toEqual(tokenizer.encode('a\uFFFDb'));
    expect(tokenizer.encode('\uDC00')).toEqual(tokenizer.encode('\uFFFD'));
  });
});

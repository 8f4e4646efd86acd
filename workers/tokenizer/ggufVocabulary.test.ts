import { readFileSync } from 'node:fs';
import { readGgufFileInfo } from 'node-llama-cpp';
import { beforeAll, describe, expect, it } from 'vitest';
import { readGgufMetadata } from './ggufMetadata';
import { vocabularyFromMetadata, type GgufMetadataRecord } from './ggufVocabulary';
import { STORIES_260K } from '../../testing/tokenizer/vocabularies';

describe('vocabularyFromMetadata', () => {
  let flat: GgufMetadataRecord;

  beforeAll(async () => {
    flat = await readGgufMetadata(new Blob([readFileSync(STORIES_260K)]));
  });

  it("takes the tokenizer keys from readGgufMetadata's flat record", () => {
    const vocab = vocabularyFromMetadata(flat);
    expect(vocab.model).toBe('llama');
    expect(vocab.pre).toBeUndefined();
    expect(vocab.tokens).toHaveLength(512);
    expect(vocab.tokens.slice(0, 4)).toEqual(['<unk>', '<s>', '</s>', '<0x00>']);
    expect(vocab.scores).toHaveLength(512);
    expect(vocab.tokenTypes?.slice(0, 4)).toEqual([2, 3, 3, 6]);
    expect([vocab.bosId, vocab.eosId, vocab.unknownId]).toEqual([1, 2, 0]);
    expect([vocab.addBos, vocab.addEos, vocab.addSpacePrefix]).toEqual([undefined, undefined, undefined]);
    expect([vocab.name, vocab.architecture]).toEqual(['llama', 'llama']);
    expect(vocab.fimIds).toEqual({});
  });

  it("takes the same from node-llama-cpp's nested readGgufFileInfo metadata", async () => {
    const info = await readGgufFileInfo(STORIES_260K, { readTensorInfo: false, logWarnings: false });
    expect(vocabularyFromMetadata(info.metadata as unknown as GgufMetadataRecord)).toEqual(vocabularyFromMetadata(flat));
  });

  it('names the key that is missing or malformed', () => {
    const without = (key: string) => Object.fromEntries(Object.entries(flat).filter(([k]) => k !== key));
    expect(() => vocabularyFromMetadata(without('tokenizer.ggml.model'))).toThrow('no tokenizer.ggml.model');
    expect(() => vocabularyFromMetadata(without('tokenizer.ggml.tokens'))).toThrow('no tokenizer.ggml.tokens');
    expect(() => vocabularyFromMetadata({ ...flat, 'tokenizer.ggml.model': 'gpt2' })).toThrow('no tokenizer.ggml.merges');
    expect(() => vocabularyFromMetadata({ ...flat, 'tokenizer.ggml.tokens': [1, 2] })).toThrow(
      'tokenizer.ggml.tokens should be an array of strings',
    );
    expect(() => vocabularyFromMetadata({ ...flat, 'tokenizer.ggml.bos_token_id': 'one' })).toThrow(
      'tokenizer.ggml.bos_token_id should be an integer, but is string',
    );
    expect(() => vocabularyFromMetadata({ ...flat, 'tokenizer.ggml.add_bos_token': 1 })).toThrow('should be a boolean');
    expect(() => vocabularyFromMetadata({ ...flat, 'tokenizer.ggml.scores': [0] })).toThrow(
      'tokenizer.ggml.scores has 1 entries for 512 tokens',
    );
  });

  it('keeps special ids as stored (u64 as bigint too), and only in-range FIM ids', () => {
    const vocab = vocabularyFromMetadata({
      ...flat,
      'tokenizer.ggml.bos_token_id': 4294967295,
      'tokenizer.ggml.eos_token_id': 2n,
      'tokenizer.ggml.fim_pre_token_id': 5,
      'tokenizer.ggml.suffix_token_id': 6,
      'tokenizer.ggml.fim_mid_token_id': 9999,
    });
    expect([vocab.bosId, vocab.eosId]).toEqual([4294967295, 2]);
    expect(vocab.fimIds).toEqual({ pre: 5, suf: 6 });
  });
});

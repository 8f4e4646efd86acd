import cl100k from 'js-tiktoken/ranks/cl100k_base';
import gpt2 from 'js-tiktoken/ranks/gpt2';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gguf, readGgufHeader } from '../gguf';
import { writeGgufFile } from '../ggufFile';
import {
  bpeVocabFromRanks,
  encodeLargeHeaderGguf,
  ranksFromJsTiktoken,
  syntheticBpeLlamaGguf,
  TOKEN_TYPE,
  type AddedToken,
} from '../syntheticBpe';
import { spmVocabFromMetadata, syntheticLlamaGguf, type LlamaShape } from '../syntheticLlama';
import { readGgufMetadata } from '../../workers/tokenizer/ggufMetadata';
import { vocabularyFromMetadata, type GgufVocabulary } from '../../workers/tokenizer/ggufVocabulary';

const ROOT = resolve(import.meta.dirname, '../..');
export const STORIES_260K = join(ROOT, 'public/models/stories260K/stories260K.gguf');
const OUT = join(ROOT, '.cache/tokenizer-tests');

/**
 * Tokens appended after the ranks, one per attribute rule worth exercising: user-defined tokens are cut
 * out of text even with parse_special off, control ones are not, "<|fim_prefix|>" is user-defined in
 * the file but llama.cpp makes it control, "<|channel|>" the other way round.
 */
export const ADDED_TOKENS: readonly AddedToken[] = [
  { text: '<|endoftext|>', type: TOKEN_TYPE.CONTROL },
  { text: '<|im_start|>', type: TOKEN_TYPE.CONTROL },
  { text: '<|user|>', type: TOKEN_TYPE.USER_DEFINED },
  { text: '<think>', type: TOKEN_TYPE.USER_DEFINED },
  { text: ' mg/kg', type: TOKEN_TYPE.USER_DEFINED },
  { text: '<|fim_prefix|>', type: TOKEN_TYPE.USER_DEFINED },
  { text: '<|channel|>', type: TOKEN_TYPE.CONTROL },
];

export interface SyntheticVocabulary {
  path: string;
  vocab: GgufVocabulary;
}

async function writeFile(path: string, blob: Blob): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(`${path}.${process.pid}.partial`, new Uint8Array(await blob.arrayBuffer()));
  renameSync(`${path}.${process.pid}.partial`, path);
}

export async function readVocabulary(path: string): Promise<GgufVocabulary> {
  return vocabularyFromMetadata(await readGgufMetadata(new Blob([readFileSync(path)])));
}

const written = new Map<string, Promise<SyntheticVocabulary>>();

/**
 * A tiny llama whose tokenizer is a real byte-level BPE vocabulary, rebuilt from js-tiktoken's rank
 * table once per test process (deterministic, a few seconds for cl100k) so the file can never go stale.
 * `maxRanks` keeps only the lowest ranks, which still form a valid vocabulary with merges.
 */
export function writeTiktokenModel(name: 'gpt2' | 'cl100k', pre: string, maxRanks = Infinity): Promise<SyntheticVocabulary> {
  const path = join(OUT, `${name}-${Number.isFinite(maxRanks) ? maxRanks : 'full'}-${pre}.gguf`);
  let pending = written.get(path);
  if (pending === undefined) {
    pending = (async () => {
      const ranks = ranksFromJsTiktoken((name === 'gpt2' ? gpt2 : cl100k).bpe_ranks).slice(0, maxRanks);
      const endOfText = ranks.length;
      const spec = syntheticBpeLlamaGguf(bpeVocabFromRanks(ranks, ADDED_TOKENS), { pre, bosId: endOfText, eosId: endOfText, seed: 1 });
      await writeFile(path, encodeLargeHeaderGguf(spec));
      return { path, vocab: await readVocabulary(path) };
    })();
    written.set(path, pending);
  }
  return pending;
}

const TINY_SHAPE: LlamaShape = {
  id: 'tiny',
  embeddingLength: 32,
  blockCount: 1,
  feedForwardLength: 32,
  headCount: 1,
  headCountKv: 1,
  contextLength: 256,
};

/**
 * stories260K's SentencePiece vocabulary with a few token types changed, so the SPM path meets
 * user-defined tokens (cut out of the text, the next fragment then gets a space prefix) and a normal
 * token turned control (left in the text).
 */
export async function writeSpmVariant(userDefined: readonly string[], control: readonly string[]): Promise<SyntheticVocabulary> {
  const source = spmVocabFromMetadata((await readGgufHeader(STORIES_260K)).metadata);
  const tokenTypes = source.tokens.map((text, id) =>
    userDefined.includes(text) ? TOKEN_TYPE.USER_DEFINED : control.includes(text) ? TOKEN_TYPE.CONTROL : (source.tokenTypes[id] ?? 0),
  );
  const spec = syntheticLlamaGguf(TINY_SHAPE, 'f16', { ...source, tokenTypes }, 1);
  const metadata = new Map(spec.metadata);
  metadata.set('general.name', gguf.str('stories260K-variant'));
  const path = join(OUT, 'stories260K-variant.gguf');
  mkdirSync(OUT, { recursive: true });
  writeGgufFile(path, { metadata, tensors: spec.tensors });
  return { path, vocab: await readVocabulary(path) };
}

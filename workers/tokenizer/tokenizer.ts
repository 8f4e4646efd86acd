import { createBpeEncoder } from './bpeTokenizer';
import { bpePreTokenizer } from './bpePreTokenizers';
import type { GgufVocabulary } from './ggufVocabulary';
import { createWordSplitter } from './regexSplit';
import { splitOnUserDefinedTokens, type Fragment } from './specialTokenSplit';
import { createSpmEncoder } from './spmTokenizer';
import { specialTokenIds, tokenAttributes } from './tokenAttributes';
import { tokenPiece, type NormalTokenSpelling } from './tokenPieces';
import { toWellFormed } from './unicode';

export interface EncodeOptions {
  /** Defaults to the vocabulary's add_bos: what llama_tokenize does with add_special = true. */
  addBos?: boolean;
  /** Defaults to the vocabulary's add_eos, likewise. */
  addEos?: boolean;
}

export interface Tokenizer {
  readonly vocabularySize: number;
  readonly bosId: number | undefined;
  readonly eosId: number | undefined;
  /** llama_vocab_get_add_bos / get_add_eos after llama.cpp's defaults and the file's keys. */
  readonly addBos: boolean;
  readonly addEos: boolean;
  /**
   * llama_tokenize(text, add_special, parse_special = false): special tokens written in the text are
   * tokenized as plain text. `{ addBos: false, addEos: false }` is add_special = false, which is what
   * node-llama-cpp's model.tokenize(text) does.
   */
  encode(text: string, options?: EncodeOptions): number[];
  /** llama_token_to_piece(id, special = true): may be part of a UTF-8 sequence (byte tokens). */
  tokenBytes(id: number): Uint8Array;
  /** tokenBytes decoded as UTF-8; an incomplete sequence shows as U+FFFD. */
  decodePiece(id: number): string;
}

export const SUPPORTED_TOKENIZER_MODELS: readonly string[] = ['llama', 'gpt2', 'gemma4'];

type Kind = 'spm' | 'bpe';

function kindOf(model: string): Kind {
  if (model === 'llama') return 'spm';
  if (model === 'gpt2' || model === 'gemma4') return 'bpe';
  throw new Error(
    `unsupported tokenizer model tokenizer.ggml.model = "${model}"; supported: "llama" (SentencePiece), "gpt2" (byte-level BPE) and "gemma4" (BPE on SentencePiece-style text)`,
  );
}

/** llama.cpp renames empty token texts and refuses a vocabulary with two tokens of the same text. */
function tokenTexts(tokens: readonly string[]): { texts: string[]; tokenToId: Map<string, number> } {
  const texts = tokens.map((text, id) => (text === '' ? `[EMPTY_${id}]` : text));
  const tokenToId = new Map<string, number>();
  for (const [id, text] of texts.entries()) {
    if (tokenToId.has(text))
      throw new Error(
        `the vocabulary has two tokens with the text ${JSON.stringify(text)} (ids ${tokenToId.get(text)} and ${id}); llama.cpp refuses it`,
      );
    tokenToId.set(text, id);
  }
  return { texts, tokenToId };
}

/** llama.cpp's special-id rule: the per-model default unless out of range, replaced by an in-range file id. */
function specialId(fromFile: number | undefined, fallback: number | undefined, size: number): number | undefined {
  const inRange = (id: number | undefined) => id !== undefined && id >= 0 && id < size;
  if (inRange(fromFile)) return fromFile;
  return inRange(fallback) ? fallback : undefined;
}

/** llama_vocab::impl::load, for what tokenization reads: the encoder and the BOS/EOS settings. */
function configure(vocab: GgufVocabulary, kind: Kind, tokenToId: ReadonlyMap<string, number>) {
  const size = vocab.tokens.length;
  if (kind === 'spm') {
    const scores = Float32Array.from({ length: size }, (_, id) => vocab.scores?.[id] ?? 0);
    return {
      encoder: createSpmEncoder({ tokenToId, scores, addSpacePrefix: vocab.addSpacePrefix ?? true }),
      bosId: specialId(vocab.bosId, 1, size),
      eosId: specialId(vocab.eosId, 2, size),
      addBos: vocab.addBos ?? true,
      spelling: 'escaped-whitespace' as NormalTokenSpelling,
    };
  }
  // The "gemma4" model is BPE whose pre-tokenizer is always "gemma4" and which has no default special ids.
  const isGemma4 = vocab.model === 'gemma4';
  const pre = bpePreTokenizer(isGemma4 ? 'gemma4' : vocab.pre);
  const defaultSpecialId = isGemma4 ? undefined : 11;
  // Merges are keyed by their GGUF line, which is "left right" whenever llama.cpp can use the merge.
  const ranks = new Map<string, number>();
  for (const [rank, merge] of (vocab.merges ?? []).entries()) if (!ranks.has(merge)) ranks.set(merge, rank);
  return {
    encoder: createBpeEncoder({
      tokenToId,
      ranks,
      splitWords: createWordSplitter(pre.regexes),
      ignoreMerges: pre.ignoreMerges,
      escapeWhitespaces: pre.escapeWhitespaces,
      byteEncode: pre.byteEncode,
      wholeNewlineRuns: pre.gemma4Fixes,
    }),
    bosId: specialId(vocab.bosId, pre.clearsDefaultBos ? undefined : defaultSpecialId, size),
    eosId: specialId(vocab.eosId, defaultSpecialId, size),
    addBos: pre.gemma4Fixes || (vocab.addBos ?? pre.addBosDefault),
    spelling: (pre.escapeWhitespaces ? 'escaped-whitespace' : 'byte-level') as NormalTokenSpelling,
  };
}

/**
 * A tokenizer that reproduces llama.cpp's (the one node-llama-cpp 3.21.1 ships) for a GGUF vocabulary.
 * Refuses, naming the value, any tokenizer model or BPE pre-tokenizer it cannot reproduce exactly.
 */
export function createTokenizer(vocab: GgufVocabulary): Tokenizer {
  const kind = kindOf(vocab.model);
  const { texts, tokenToId } = tokenTexts(vocab.tokens);
  const normalized: GgufVocabulary = { ...vocab, tokens: texts };
  const { encoder, bosId, eosId, addBos, spelling } = configure(normalized, kind, tokenToId);
  const addEos = vocab.addEos ?? false;
  const attrs = tokenAttributes(normalized, tokenToId);
  const specialIds = specialTokenIds(texts, attrs);
  const decoder = new TextDecoder();

  const required = (id: number | undefined, what: string): number => {
    if (id === undefined) throw new Error(`the vocabulary has no ${what} token, but llama.cpp would add one here`);
    return id;
  };
  const tokenBytes = (id: number): Uint8Array => {
    const text = texts[id];
    if (text === undefined || !Number.isInteger(id)) throw new RangeError(`token id ${id} is outside the vocabulary of ${texts.length}`);
    return tokenPiece(text, attrs[id] ?? 0, spelling);
  };

  return {
    vocabularySize: texts.length,
    bosId,
    eosId,
    addBos,
    addEos,
    encode(text, options = {}) {
      const fragments: Fragment[] = splitOnUserDefinedTokens(toWellFormed(text), texts, attrs, specialIds);
      const output: number[] = [];
      if (options.addBos ?? addBos) output.push(required(bosId, 'BOS'));
      encoder(fragments, output);
      if (options.addEos ?? addEos) output.push(required(eosId, 'EOS'));
      return output;
    },
    tokenBytes,
    decodePiece: (id) => decoder.decode(tokenBytes(id)),
  };
}

import { serializeGgufMetadata, type GGUFTypedMetadata } from '@huggingface/gguf';
import { BYTE_TO_CHAR } from '../workers/tokenizer/bpeTokenizer';
import { GGUF_DEFAULT_ALIGNMENT, GGUF_VALUE_CODES, GGUF_VERSION, alignUp, gguf, type GgufMetadata, type GgufValue } from './gguf';
import { encodeGguf, ggufLayout, type GgufFileSpec } from './ggufWriter';
import { syntheticLlamaGguf, type LlamaShape } from './syntheticLlama';

/** llama_token_type values a GGUF token_type array holds. */
export const TOKEN_TYPE = { NORMAL: 1, CONTROL: 3, USER_DEFINED: 4 } as const;

/** A byte-level BPE vocabulary as a "gpt2" GGUF stores it: GPT-2 byte characters, merges by rank. */
export interface BpeVocab {
  tokens: string[];
  tokenTypes: number[];
  merges: string[];
}

export interface AddedToken {
  text: string;
  type: number;
}

/**
 * js-tiktoken's packed rank tables (its `ranks/*` modules' bpe_ranks): one line per run of ranks,
 * "<ignored> <first rank> <base64 token>…". Returns each rank's bytes, index = rank.
 */
export function ranksFromJsTiktoken(bpeRanks: string): Uint8Array[] {
  const ranks: Uint8Array[] = [];
  for (const line of bpeRanks.split('\n')) {
    if (line === '') continue;
    const [, first, ...tokens] = line.split(' ');
    for (const [i, token] of tokens.entries()) ranks[Number(first) + i] = new Uint8Array(Buffer.from(token, 'base64'));
  }
  for (let rank = 0; rank < ranks.length; rank++) if (ranks[rank] === undefined) throw new Error(`rank table has no rank ${rank}`);
  return ranks;
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

/**
 * The merge list equivalent to a tiktoken rank table, derived as Hugging Face's tiktoken converter
 * does: a token's merge is the last step of byte-pair merging its own bytes using only lower ranks,
 * which for a tiktoken table always ends in exactly two parts. Merges come out in rank order.
 */
function mergesFromRanks(ranks: readonly Uint8Array[]): [number, number][] {
  const rankOf = new Map(ranks.map((bytes, rank) => [latin1(bytes), rank]));
  const merges: [number, number][] = [];
  for (const [rank, bytes] of ranks.entries()) {
    if (bytes.length < 2) continue;
    let parts = Array.from(bytes, (b) => String.fromCharCode(b));
    for (;;) {
      let best = -1;
      let bestRank = rank;
      for (let i = 0; i + 1 < parts.length; i++) {
        const pairRank = rankOf.get((parts[i] ?? '') + (parts[i + 1] ?? ''));
        if (pairRank !== undefined && pairRank < bestRank) {
          best = i;
          bestRank = pairRank;
        }
      }
      if (best < 0) break;
      parts = [...parts.slice(0, best), (parts[best] ?? '') + (parts[best + 1] ?? ''), ...parts.slice(best + 2)];
    }
    const [left, right] = parts.map((p) => rankOf.get(p));
    if (parts.length !== 2 || left === undefined || right === undefined)
      throw new Error(`rank ${rank} does not split into two lower-ranked tokens`);
    merges.push([left, right]);
  }
  return merges;
}

/** Ranks become ids 0…n-1 (normal tokens); `added` tokens follow them with their own types. */
export function bpeVocabFromRanks(ranks: readonly Uint8Array[], added: readonly AddedToken[]): BpeVocab {
  const texts = ranks.map((bytes) => Array.from(bytes, (b) => BYTE_TO_CHAR[b] ?? '').join(''));
  return {
    tokens: [...texts, ...added.map((t) => t.text)],
    tokenTypes: [...texts.map(() => TOKEN_TYPE.NORMAL), ...added.map((t) => t.type)],
    merges: mergesFromRanks(ranks).map(([left, right]) => `${texts[left]} ${texts[right]}`),
  };
}

/** Small enough to write in well under a second even with a 100k-token vocabulary. */
const TINY_SHAPE: LlamaShape = {
  id: 'bpe',
  embeddingLength: 32,
  blockCount: 1,
  feedForwardLength: 32,
  headCount: 1,
  headCountKv: 1,
  contextLength: 256,
};

export interface BpeModelOptions {
  pre: string;
  bosId: number;
  eosId: number;
  seed: number;
}

/**
 * A complete tiny llama GGUF whose tokenizer is the given BPE vocabulary ("gpt2" model, merges, the
 * chosen pre-tokenizer); the weights are random and only there so the file loads like any model.
 */
export function syntheticBpeLlamaGguf(vocab: BpeVocab, options: BpeModelOptions): GgufFileSpec {
  const spm = {
    tokens: vocab.tokens,
    scores: vocab.tokens.map(() => 0),
    tokenTypes: vocab.tokenTypes,
    bosId: options.bosId,
    eosId: options.eosId,
    unknownId: 0,
  };
  const base = syntheticLlamaGguf(TINY_SHAPE, 'q8_0', spm, options.seed);
  const metadata = new Map<string, GgufValue>();
  for (const [key, value] of base.metadata) {
    if (!key.startsWith('tokenizer.')) metadata.set(key, value);
  }
  metadata.set('general.name', gguf.str(`synthetic-bpe-${options.pre}`));
  metadata.set('tokenizer.ggml.model', gguf.str('gpt2'));
  metadata.set('tokenizer.ggml.pre', gguf.str(options.pre));
  metadata.set('tokenizer.ggml.tokens', gguf.array({ type: 'string', values: vocab.tokens }));
  metadata.set('tokenizer.ggml.token_type', gguf.array({ type: 'i32', values: vocab.tokenTypes }));
  metadata.set('tokenizer.ggml.merges', gguf.array({ type: 'string', values: vocab.merges }));
  metadata.set('tokenizer.ggml.bos_token_id', gguf.u32(options.bosId));
  metadata.set('tokenizer.ggml.eos_token_id', gguf.u32(options.eosId));
  return { metadata, tensors: base.tensors };
}

function typedMetadata(metadata: GgufMetadata, tensorCount: number): GGUFTypedMetadata {
  const typed: GGUFTypedMetadata = {
    version: { value: GGUF_VERSION, type: GGUF_VALUE_CODES.u32 },
    tensor_count: { value: BigInt(tensorCount), type: GGUF_VALUE_CODES.u64 },
    kv_count: { value: BigInt(metadata.size), type: GGUF_VALUE_CODES.u64 },
  };
  for (const [key, v] of metadata) {
    typed[key] =
      v.type === 'array'
        ? { value: [...v.array.values], type: GGUF_VALUE_CODES.array, subType: GGUF_VALUE_CODES[v.array.type] }
        : { value: v.value, type: GGUF_VALUE_CODES[v.type] };
  }
  return typed;
}

/**
 * The file's bytes. ggufLayout cannot build a header past its 64 KiB starting buffer (its ByteBuilder
 * reads this.view/this.buf before reserve() replaces them on growth), and a BPE vocabulary's header is
 * megabytes, so ggufWriter lays out and encodes only the tensors and @huggingface/gguf writes the
 * key/values in front of their tensor infos.
 */
export function encodeLargeHeaderGguf(spec: GgufFileSpec): Blob {
  const alignmentValue = spec.metadata.get('general.alignment');
  const alignment = alignmentValue?.type === 'u32' ? alignmentValue.value : GGUF_DEFAULT_ALIGNMENT;
  const small = new Map<string, GgufValue>(alignmentValue === undefined ? [] : [['general.alignment', alignmentValue]]);
  const tensorsOnly: GgufFileSpec = { metadata: small, tensors: spec.tensors };
  const layout = ggufLayout(tensorsOnly);
  const tensorInfos = layout.header.subarray(ggufLayout({ metadata: small, tensors: [] }).header.byteLength);
  // Alignment 1 means no padding: the key/values end exactly where the tensor infos must begin.
  const keyValues = serializeGgufMetadata(typedMetadata(spec.metadata, spec.tensors.length), { alignment: 1 });
  const headerLength = keyValues.byteLength + tensorInfos.byteLength;
  // The copies only satisfy Blob's ArrayBuffer-backed part type.
  const tensorsFile = new Blob(Array.from(encodeGguf(tensorsOnly, layout), (chunk) => new Uint8Array(chunk)));
  const padding = new Uint8Array(alignUp(headerLength, alignment) - headerLength);
  return new Blob([new Uint8Array(keyValues), new Uint8Array(tensorInfos), padding, tensorsFile.slice(layout.dataOffset)]);
}

/** The fill-in-the-middle roles whose GGUF ids decide whether llama.cpp guesses their tokens by text. */
export type FimRole = 'pre' | 'suf' | 'mid' | 'pad' | 'rep' | 'sep';

/**
 * What llama.cpp's tokenizer reads from a GGUF file. BOS/EOS/unknown ids are kept as stored, even out
 * of range: llama.cpp then falls back to its per-model default, so the tokenizer must see the raw value.
 */
export interface GgufVocabulary {
  /** tokenizer.ggml.model: 'llama' (SentencePiece), 'gpt2' (byte-level BPE), … */
  model: string;
  /** tokenizer.ggml.pre: the BPE pre-tokenizer; llama.cpp ignores it for 'llama'. */
  pre?: string;
  tokens: readonly string[];
  scores?: readonly number[];
  /** tokenizer.ggml.token_type: llama_token_type values (1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte). */
  tokenTypes?: readonly number[];
  merges?: readonly string[];
  bosId?: number;
  eosId?: number;
  unknownId?: number;
  addBos?: boolean;
  addEos?: boolean;
  addSpacePrefix?: boolean;
  /** Only the in-range ones: llama.cpp guesses by text exactly the roles the file leaves without one. */
  fimIds?: Partial<Record<FimRole, number>>;
  /** general.name and general.architecture: llama.cpp keys a few whitespace-stripping rules on them. */
  name?: string;
  architecture?: string;
}

/** A GGUF key/value record: flat ('tokenizer.ggml.tokens', as readGgufMetadata gives it) or nested (node-llama-cpp). */
export type GgufMetadataRecord = Readonly<Record<string, unknown>>;

function lookup(metadata: GgufMetadataRecord, key: string): unknown {
  if (key in metadata) return metadata[key];
  let node: unknown = metadata;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !(part in node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return value === null ? 'null' : typeof value;
}

const wrongType = (key: string, expected: string, value: unknown) =>
  new Error(`GGUF metadata ${key} should be ${expected}, but is ${describe(value)}`);

function optionalString(metadata: GgufMetadataRecord, key: string): string | undefined {
  const value = lookup(metadata, key);
  if (value === undefined || typeof value === 'string') return value;
  throw wrongType(key, 'a string', value);
}

function optionalBoolean(metadata: GgufMetadataRecord, key: string): boolean | undefined {
  const value = lookup(metadata, key);
  if (value === undefined || typeof value === 'boolean') return value;
  throw wrongType(key, 'a boolean', value);
}

/** u32/u64 ids arrive as number or bigint depending on the reader and the stored width. */
function optionalInteger(metadata: GgufMetadataRecord, key: string): number | undefined {
  const value = lookup(metadata, key);
  if (value === undefined) return undefined;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw wrongType(key, 'an integer', value);
}

function optionalArray<T>(metadata: GgufMetadataRecord, key: string, element: string, isElement: (v: unknown) => v is T): T[] | undefined {
  const value = lookup(metadata, key);
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every(isElement)) throw wrongType(key, `an array of ${element}`, value);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number';

/** The same length rule llama.cpp enforces on load: per-token arrays may be longer, never shorter. */
function checkCovers(key: string, values: readonly unknown[] | undefined, tokenCount: number): void {
  if (values !== undefined && values.length < tokenCount) {
    throw new Error(`GGUF metadata ${key} has ${values.length} entries for ${tokenCount} tokens`);
  }
}

const FIM_KEYS: readonly (readonly [FimRole, readonly string[]])[] = [
  ['pre', ['tokenizer.ggml.fim_pre_token_id', 'tokenizer.ggml.prefix_token_id']],
  ['suf', ['tokenizer.ggml.fim_suf_token_id', 'tokenizer.ggml.suffix_token_id']],
  ['mid', ['tokenizer.ggml.fim_mid_token_id', 'tokenizer.ggml.middle_token_id']],
  ['pad', ['tokenizer.ggml.fim_pad_token_id']],
  ['rep', ['tokenizer.ggml.fim_rep_token_id']],
  ['sep', ['tokenizer.ggml.fim_sep_token_id']],
];

function fimIds(metadata: GgufMetadataRecord, tokenCount: number): Partial<Record<FimRole, number>> {
  const ids: Partial<Record<FimRole, number>> = {};
  for (const [role, keys] of FIM_KEYS) {
    // llama.cpp reads the deprecated key after the current one, and only an in-range id sticks.
    for (const key of keys) {
      const id = optionalInteger(metadata, key);
      if (id !== undefined && id >= 0 && id < tokenCount) ids[role] = id;
    }
  }
  return ids;
}

/** Builds the vocabulary from a GGUF header's key/values; throws naming the key that is missing or malformed. */
export function vocabularyFromMetadata(metadata: GgufMetadataRecord): GgufVocabulary {
  const model = optionalString(metadata, 'tokenizer.ggml.model');
  if (model === undefined) throw new Error('GGUF metadata has no tokenizer.ggml.model: the file carries no tokenizer');
  const tokens = optionalArray(metadata, 'tokenizer.ggml.tokens', 'strings', isString);
  if (tokens === undefined) throw new Error('GGUF metadata has no tokenizer.ggml.tokens: the file carries no vocabulary');
  const scores = optionalArray(metadata, 'tokenizer.ggml.scores', 'numbers', isNumber);
  const tokenTypes = optionalArray(metadata, 'tokenizer.ggml.token_type', 'numbers', isNumber);
  checkCovers('tokenizer.ggml.scores', scores, tokens.length);
  checkCovers('tokenizer.ggml.token_type', tokenTypes, tokens.length);
  const merges = optionalArray(metadata, 'tokenizer.ggml.merges', 'strings', isString);
  if ((model === 'gpt2' || model === 'gemma4') && merges === undefined)
    throw new Error(`GGUF metadata has no tokenizer.ggml.merges, which a "${model}" (BPE) tokenizer needs`);

  return {
    model,
    pre: optionalString(metadata, 'tokenizer.ggml.pre'),
    tokens,
    scores,
    tokenTypes,
    merges,
    bosId: optionalInteger(metadata, 'tokenizer.ggml.bos_token_id'),
    eosId: optionalInteger(metadata, 'tokenizer.ggml.eos_token_id'),
    unknownId: optionalInteger(metadata, 'tokenizer.ggml.unknown_token_id'),
    addBos: optionalBoolean(metadata, 'tokenizer.ggml.add_bos_token'),
    addEos: optionalBoolean(metadata, 'tokenizer.ggml.add_eos_token'),
    addSpacePrefix: optionalBoolean(metadata, 'tokenizer.ggml.add_space_prefix'),
    fimIds: fimIds(metadata, tokens.length),
    name: optionalString(metadata, 'general.name'),
    architecture: optionalString(metadata, 'general.architecture'),
  };
}

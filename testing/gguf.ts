import { gguf as parseGguf, type GGUFTypedMetadata, type GGUFValueType, type MetadataValue } from '@huggingface/gguf';

/**
 * GGUF v3 format vocabulary of the writer, and the header as read back by @huggingface/gguf.
 * Spec: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md
 */

export const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
export const GGUF_VERSION = 3;
export const GGUF_DEFAULT_ALIGNMENT = 32;

/** Wire codes of metadata value types, in the order the spec numbers them. */
export const GGUF_VALUE_CODES = {
  u8: 0,
  i8: 1,
  u16: 2,
  i16: 3,
  u32: 4,
  i32: 5,
  f32: 6,
  bool: 7,
  string: 8,
  array: 9,
  u64: 10,
  i64: 11,
  f64: 12,
} as const;

export type GgufNumberType = 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'f32' | 'f64';
export type GgufBigIntType = 'u64' | 'i64';
export type GgufScalarType = GgufNumberType | GgufBigIntType | 'bool' | 'string';

/** Nested arrays are legal GGUF but no llama model uses them, so they are not modelled. */
export type GgufArray =
  | { type: GgufNumberType; values: readonly number[] }
  | { type: GgufBigIntType; values: readonly bigint[] }
  | { type: 'bool'; values: readonly boolean[] }
  | { type: 'string'; values: readonly string[] };

/** Values carry their wire type: a JS number alone cannot say whether llama.cpp expects u32 or f32. */
export type GgufValue =
  | { type: GgufNumberType; value: number }
  | { type: GgufBigIntType; value: bigint }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'array'; array: GgufArray };

export type GgufMetadata = ReadonlyMap<string, GgufValue>;

/** The ggml tensor types this project writes; a header read back may name any code. */
export const GGML_TYPE = { F32: 0, F16: 1, Q8_0: 8 } as const;
export type GgmlTypeName = keyof typeof GGML_TYPE;

export const Q8_0_BLOCK_VALUES = 32;
/** One f16 scale followed by 32 int8 quants (ggml `block_q8_0`). */
export const Q8_0_BLOCK_BYTES = 2 + Q8_0_BLOCK_VALUES;

export interface GgufTensorInfo {
  name: string;
  /** ggml order: shape[0] is the contiguous (row) dimension. */
  shape: readonly number[];
  type: number;
  /** Relative to the start of the data section. */
  offset: number;
}

export function alignUp(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function tensorByteSize(type: number, shape: readonly number[]): number {
  const n = elementCount(shape);
  switch (type) {
    case GGML_TYPE.F32:
      return 4 * n;
    case GGML_TYPE.F16:
      return 2 * n;
    case GGML_TYPE.Q8_0: {
      // ggml quantizes along rows, so a block may never straddle two rows.
      const rowLength = shape[0] ?? 0;
      if (rowLength % Q8_0_BLOCK_VALUES !== 0) {
        throw new Error(`q8_0 needs a row length divisible by ${Q8_0_BLOCK_VALUES}, got ${rowLength}`);
      }
      return (n / Q8_0_BLOCK_VALUES) * Q8_0_BLOCK_BYTES;
    }
    default:
      throw new Error(`unsupported ggml type ${type}`);
  }
}

export function f16BitsToF32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >>> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

export const gguf = {
  u32: (value: number): GgufValue => ({ type: 'u32', value }),
  i32: (value: number): GgufValue => ({ type: 'i32', value }),
  // Rounded now so that a value read back from the file compares equal to the one written.
  f32: (value: number): GgufValue => ({ type: 'f32', value: Math.fround(value) }),
  str: (value: string): GgufValue => ({ type: 'string', value }),
  bool: (value: boolean): GgufValue => ({ type: 'bool', value }),
  array: (array: GgufArray): GgufValue => ({ type: 'array', array }),
};

/** Reads a value with the expected type, failing loudly rather than coercing. */
export function metadataNumber(metadata: GgufMetadata, key: string): number {
  const v = metadata.get(key);
  if (v === undefined || v.type === 'array' || typeof v.value !== 'number')
    throw new Error(`GGUF metadata ${key}: missing or not a number`);
  return v.value;
}

export function metadataArray(metadata: GgufMetadata, key: string): GgufArray {
  const v = metadata.get(key);
  if (v?.type !== 'array') throw new Error(`GGUF metadata ${key}: missing or not an array`);
  return v.array;
}

export interface GgufHeader {
  version: number;
  metadata: GgufMetadata;
  tensors: GgufTensorInfo[];
  /** Absolute file offset of the data section; tensor offsets are relative to it. */
  dataOffset: number;
}

const TYPE_BY_CODE = new Map<number, GgufScalarType | 'array'>(
  Object.entries(GGUF_VALUE_CODES).map(([name, code]) => [code, name as GgufScalarType | 'array']),
);

function typeOf(code: number | undefined, key: string): GgufScalarType | 'array' {
  const type = code === undefined ? undefined : TYPE_BY_CODE.get(code);
  if (type === undefined) throw new Error(`GGUF metadata ${key}: unknown value type ${code}`);
  return type;
}

/** The parser's typed entries, less its three pseudo-keys, as values that carry their wire type. */
function withWireTypes(typed: GGUFTypedMetadata): GgufMetadata {
  const metadata = new Map<string, GgufValue>();
  for (const [key, entry] of Object.entries(typed) as [string, { value: MetadataValue; type: GGUFValueType; subType?: GGUFValueType }?][]) {
    if (key === 'version' || key === 'tensor_count' || key === 'kv_count' || entry === undefined) continue;
    const type = typeOf(entry.type, key);
    if (type !== 'array') {
      metadata.set(key, { type, value: entry.value } as GgufValue);
      continue;
    }
    const elementType = typeOf(entry.subType, key);
    if (elementType === 'array') throw new Error(`GGUF metadata ${key}: nested arrays are not supported`);
    metadata.set(key, { type, array: { type: elementType, values: entry.value } as GgufArray });
  }
  return metadata;
}

/**
 * Reads everything before the tensor data with @huggingface/gguf: over HTTP Range requests for a URL
 * (browser or Node), or from a local path in Node. Tensor data is never read.
 */
export async function readGgufHeader(uri: string): Promise<GgufHeader> {
  const local = !/^https?:\/\//.test(uri);
  const parsed = await parseGguf(uri, { typedMetadata: true, allowLocalFile: local });
  return {
    version: parsed.metadata.version,
    metadata: withWireTypes(parsed.typedMetadata),
    tensors: parsed.tensorInfos.map((t) => ({ name: t.name, shape: t.shape.map(Number), type: t.dtype, offset: Number(t.offset) })),
    dataOffset: Number(parsed.tensorDataOffset),
  };
}

/**
 * GGUF v3 format vocabulary shared by the writer and the reader.
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

/** The ggml tensor types this project writes; the reader accepts any code. */
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

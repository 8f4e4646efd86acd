import {
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_VALUE_CODES,
  Q8_0_BLOCK_BYTES,
  Q8_0_BLOCK_VALUES,
  alignUp,
  f16BitsToF32,
  type GgufArray,
  type GgufMetadata,
  type GgufScalarType,
  type GgufTensorInfo,
  type GgufValue,
} from './gguf';

export interface GgufHeader {
  version: number;
  metadata: GgufMetadata;
  tensors: GgufTensorInfo[];
  alignment: number;
  /** Absolute file offset of the data section; tensor offsets are relative to it. */
  dataOffset: number;
}

/** Thrown when the bytes end inside the header, so a caller can retry with a longer prefix. */
export class GgufTruncatedError extends Error {
  constructor() {
    super('GGUF header extends past the bytes given');
    this.name = 'GgufTruncatedError';
  }
}

const CODE_TO_TYPE = new Map<number, GgufScalarType | 'array'>(
  Object.entries(GGUF_VALUE_CODES).map(([name, code]) => [code, name as GgufScalarType | 'array']),
);

class Cursor {
  private readonly view: DataView;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  pos = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(n: number): number {
    const at = this.pos;
    if (at + n > this.bytes.byteLength) throw new GgufTruncatedError();
    this.pos += n;
    return at;
  }

  u8 = () => this.view.getUint8(this.need(1));
  i8 = () => this.view.getInt8(this.need(1));
  u16 = () => this.view.getUint16(this.need(2), true);
  i16 = () => this.view.getInt16(this.need(2), true);
  u32 = () => this.view.getUint32(this.need(4), true);
  i32 = () => this.view.getInt32(this.need(4), true);
  f32 = () => this.view.getFloat32(this.need(4), true);
  f64 = () => this.view.getFloat64(this.need(8), true);
  u64 = () => this.view.getBigUint64(this.need(8), true);
  i64 = () => this.view.getBigInt64(this.need(8), true);

  /** Sizes and counts are u64 on the wire but must fit a JS number to be usable at all. */
  size(): number {
    const v = this.u64();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`GGUF size ${v} is too large`);
    return Number(v);
  }

  string(): string {
    const length = this.size();
    const at = this.need(length);
    return this.decoder.decode(this.bytes.subarray(at, at + length));
  }
}

function typeOf(code: number): GgufScalarType | 'array' {
  const type = CODE_TO_TYPE.get(code);
  if (type === undefined) throw new Error(`unknown GGUF value type ${code}`);
  return type;
}

function readArray(c: Cursor): GgufArray {
  const type = typeOf(c.u32());
  const count = c.size();
  const many = <T>(read: () => T): T[] => Array.from({ length: count }, read);
  switch (type) {
    case 'u64':
    case 'i64':
      return { type, values: many(c[type]) };
    case 'bool':
      return { type, values: many(() => c.u8() !== 0) };
    case 'string':
      return { type, values: many(() => c.string()) };
    case 'array':
      throw new Error('nested GGUF arrays are not supported');
    default:
      return { type, values: many(c[type]) };
  }
}

function readValue(c: Cursor, type: GgufScalarType | 'array'): GgufValue {
  switch (type) {
    case 'u64':
    case 'i64':
      return { type, value: c[type]() };
    case 'bool':
      return { type, value: c.u8() !== 0 };
    case 'string':
      return { type, value: c.string() };
    case 'array':
      return { type, array: readArray(c) };
    default:
      return { type, value: c[type]() };
  }
}

/** Parses everything before the tensor data. `bytes` may be just a prefix of the file. */
export function parseGgufHeader(bytes: Uint8Array): GgufHeader {
  const c = new Cursor(bytes);
  if (c.u32() !== GGUF_MAGIC) throw new Error('not a GGUF file (bad magic)');
  const version = c.u32();
  if (version !== 2 && version !== 3) throw new Error(`unsupported GGUF version ${version}`);
  const tensorCount = c.size();
  const kvCount = c.size();

  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = c.string();
    metadata.set(key, readValue(c, typeOf(c.u32())));
  }

  const tensors: GgufTensorInfo[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = c.string();
    const nDims = c.u32();
    const shape = Array.from({ length: nDims }, () => c.size());
    const type = c.u32();
    const offset = c.size();
    tensors.push({ name, shape, type, offset });
  }

  const alignmentValue = metadata.get('general.alignment');
  const alignment = alignmentValue?.type === 'u32' ? alignmentValue.value : GGUF_DEFAULT_ALIGNMENT;
  return { version, metadata, tensors, alignment, dataOffset: alignUp(c.pos, alignment) };
}

/** Inverse of the q8_0 encoding, for checking written data. */
export function dequantizeQ8_0(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % Q8_0_BLOCK_BYTES !== 0) throw new Error('q8_0 data is not a whole number of blocks');
  const blocks = bytes.byteLength / Q8_0_BLOCK_BYTES;
  const out = new Float32Array(blocks * Q8_0_BLOCK_VALUES);
  for (let b = 0; b < blocks; b++) {
    const at = b * Q8_0_BLOCK_BYTES;
    const d = f16BitsToF32((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8));
    for (let j = 0; j < Q8_0_BLOCK_VALUES; j++) {
      const q = bytes[at + 2 + j] ?? 0;
      out[b * Q8_0_BLOCK_VALUES + j] = d * (q > 127 ? q - 256 : q);
    }
  }
  return out;
}

import {
  GGML_TYPE,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_VALUE_CODES,
  GGUF_VERSION,
  Q8_0_BLOCK_BYTES,
  Q8_0_BLOCK_VALUES,
  alignUp,
  elementCount,
  tensorByteSize,
  type GgmlTypeName,
  type GgufArray,
  type GgufMetadata,
  type GgufTensorInfo,
  type GgufValue,
} from './gguf';

export interface GgufTensorSource {
  name: string;
  /** ggml order: shape[0] is the contiguous (row) dimension. */
  shape: readonly number[];
  type: GgmlTypeName;
  /**
   * Yields the tensor's values in storage order, in chunks so large tensors never sit in memory whole.
   * For Q8_0 every chunk must hold whole 32-value blocks.
   */
  values: () => Iterable<Float32Array>;
}

export interface GgufFileSpec {
  /** `general.alignment` (u32), when present, sets the alignment; otherwise it is 32. */
  metadata: GgufMetadata;
  tensors: readonly GgufTensorSource[];
}

export interface GgufLayout {
  header: Uint8Array;
  alignment: number;
  dataOffset: number;
  tensors: GgufTensorInfo[];
  totalBytes: number;
}

// ggml's conversions are defined in f32 arithmetic; every step goes through these to match bit for bit.
const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);
const bitsOf = (f: number): number => {
  scratchF32[0] = f;
  return scratchU32[0] ?? 0;
};
const floatOf = (bits: number): number => {
  scratchU32[0] = bits;
  return scratchF32[0] ?? 0;
};

/** ggml_compute_fp32_to_fp16 (round to nearest even), ported with f32 rounding at each step. */
export function f32ToF16Bits(f: number): number {
  const scaleToInf = 2 ** 112;
  const scaleToZero = 2 ** -110;
  let base = Math.fround(Math.fround(Math.abs(f) * scaleToInf) * scaleToZero);
  const w = bitsOf(f);
  const shl1W = (w + w) >>> 0;
  const sign = w & 0x80000000;
  let bias = shl1W & 0xff000000;
  if (bias >>> 0 < 0x71000000) bias = 0x71000000;
  base = Math.fround(floatOf(((bias >>> 1) + 0x07800000) >>> 0) + base);
  const bits = bitsOf(base);
  const nonsign = ((bits >>> 13) & 0x7c00) + (bits & 0x0fff);
  return (sign >>> 16) | (shl1W > 0xff000000 ? 0x7e00 : nonsign);
}

/** Rounds half away from zero, like C's roundf (Math.round rounds -2.5 to -2). */
const roundHalfAway = (x: number): number => (x < 0 ? -Math.round(-x) : Math.round(x));

/**
 * ggml quantize_row_q8_0_ref: per 32 values, d = max|x| / 127 stored as f16, q = round(x / d) as int8.
 * The quotient uses the f32 value of d, not its f16 rounding, exactly as ggml does.
 */
export function encodeQ8_0(values: Float32Array, out: Uint8Array, outOffset = 0): void {
  if (values.length % Q8_0_BLOCK_VALUES !== 0) throw new Error('q8_0 input is not a whole number of blocks');
  const blocks = values.length / Q8_0_BLOCK_VALUES;
  for (let b = 0; b < blocks; b++) {
    const from = b * Q8_0_BLOCK_VALUES;
    let amax = 0;
    for (let j = 0; j < Q8_0_BLOCK_VALUES; j++) amax = Math.max(amax, Math.abs(values[from + j] ?? 0));
    const d = Math.fround(amax / 127);
    const id = d ? Math.fround(1 / d) : 0;
    const at = outOffset + b * Q8_0_BLOCK_BYTES;
    const dBits = f32ToF16Bits(d);
    out[at] = dBits & 0xff;
    out[at + 1] = dBits >>> 8;
    for (let j = 0; j < Q8_0_BLOCK_VALUES; j++) {
      out[at + 2 + j] = roundHalfAway(Math.fround((values[from + j] ?? 0) * id)) & 0xff;
    }
  }
}

function encodeValues(type: GgmlTypeName, values: Float32Array): Uint8Array {
  switch (type) {
    case 'F32':
      return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
    case 'F16': {
      const halves = new Uint16Array(values.length);
      for (let i = 0; i < values.length; i++) halves[i] = f32ToF16Bits(values[i] ?? 0);
      return new Uint8Array(halves.buffer);
    }
    case 'Q8_0': {
      const out = new Uint8Array((values.length / Q8_0_BLOCK_VALUES) * Q8_0_BLOCK_BYTES);
      encodeQ8_0(values, out);
      return out;
    }
  }
}

/** A growable little-endian buffer for the header; the header is small (a few KB for a 512-token vocab). */
class ByteBuilder {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  private length = 0;
  private readonly encoder = new TextEncoder();

  private reserve(n: number): number {
    if (this.length + n > this.buf.byteLength) {
      const bigger = new Uint8Array(Math.max(this.buf.byteLength * 2, this.length + n));
      bigger.set(this.buf);
      this.buf = bigger;
      this.view = new DataView(bigger.buffer);
    }
    const at = this.length;
    this.length += n;
    return at;
  }

  u8 = (v: number) => this.view.setUint8(this.reserve(1), v);
  i8 = (v: number) => this.view.setInt8(this.reserve(1), v);
  u16 = (v: number) => this.view.setUint16(this.reserve(2), v, true);
  i16 = (v: number) => this.view.setInt16(this.reserve(2), v, true);
  u32 = (v: number) => this.view.setUint32(this.reserve(4), v, true);
  i32 = (v: number) => this.view.setInt32(this.reserve(4), v, true);
  f32 = (v: number) => this.view.setFloat32(this.reserve(4), v, true);
  f64 = (v: number) => this.view.setFloat64(this.reserve(8), v, true);
  u64 = (v: bigint) => this.view.setBigUint64(this.reserve(8), v, true);
  i64 = (v: bigint) => this.view.setBigInt64(this.reserve(8), v, true);
  size = (v: number) => this.u64(BigInt(v));

  string(s: string): void {
    const bytes = this.encoder.encode(s);
    this.size(bytes.byteLength);
    this.buf.set(bytes, this.reserve(bytes.byteLength));
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function writeArray(b: ByteBuilder, array: GgufArray): void {
  b.u32(GGUF_VALUE_CODES[array.type]);
  b.size(array.values.length);
  switch (array.type) {
    case 'u64':
    case 'i64':
      for (const v of array.values) b[array.type](v);
      return;
    case 'bool':
      for (const v of array.values) b.u8(v ? 1 : 0);
      return;
    case 'string':
      for (const v of array.values) b.string(v);
      return;
    default:
      for (const v of array.values) b[array.type](v);
  }
}

function writeValue(b: ByteBuilder, value: GgufValue): void {
  b.u32(GGUF_VALUE_CODES[value.type]);
  switch (value.type) {
    case 'u64':
    case 'i64':
      b[value.type](value.value);
      return;
    case 'bool':
      b.u8(value.value ? 1 : 0);
      return;
    case 'string':
      b.string(value.value);
      return;
    case 'array':
      writeArray(b, value.array);
      return;
    default:
      b[value.type](value.value);
  }
}

/** Everything about the file except tensor data: header bytes, tensor offsets and final size. */
export function ggufLayout(spec: GgufFileSpec): GgufLayout {
  const alignmentValue = spec.metadata.get('general.alignment');
  const alignment = alignmentValue?.type === 'u32' ? alignmentValue.value : GGUF_DEFAULT_ALIGNMENT;
  if (alignment <= 0 || alignment % 8 !== 0) throw new Error(`GGUF alignment must be a positive multiple of 8, got ${alignment}`);

  // llama.cpp rejects any offset other than the running sum of padded sizes, so there is no freedom here.
  let cursor = 0;
  const tensors: GgufTensorInfo[] = spec.tensors.map((t) => {
    const info = { name: t.name, shape: t.shape, type: GGML_TYPE[t.type], offset: cursor };
    cursor += alignUp(tensorByteSize(info.type, t.shape), alignment);
    return info;
  });

  const b = new ByteBuilder();
  b.u32(GGUF_MAGIC);
  b.u32(GGUF_VERSION);
  b.size(tensors.length);
  b.size(spec.metadata.size);
  for (const [key, value] of spec.metadata) {
    b.string(key);
    writeValue(b, value);
  }
  for (const t of tensors) {
    b.string(t.name);
    b.u32(t.shape.length);
    for (const d of t.shape) b.size(d);
    b.u32(t.type);
    b.size(t.offset);
  }
  const header = b.bytes();
  const dataOffset = alignUp(header.byteLength, alignment);
  return { header, alignment, dataOffset, tensors, totalBytes: dataOffset + cursor };
}

/**
 * Streams a GGUF file as byte chunks: header, padding, then each tensor's data padded to the alignment
 * (the last one too, as ggml's own writer does). Memory stays bounded by the largest chunk a source yields.
 */
export function* encodeGguf(spec: GgufFileSpec, layout: GgufLayout = ggufLayout(spec)): Generator<Uint8Array> {
  yield layout.header;
  yield new Uint8Array(layout.dataOffset - layout.header.byteLength);
  for (const [i, source] of spec.tensors.entries()) {
    const expectedValues = elementCount(source.shape);
    let written = 0;
    let bytes = 0;
    for (const chunk of source.values()) {
      written += chunk.length;
      if (written > expectedValues) throw new Error(`tensor ${source.name}: more values than its shape holds`);
      const encoded = encodeValues(source.type, chunk);
      bytes += encoded.byteLength;
      yield encoded;
    }
    if (written !== expectedValues) throw new Error(`tensor ${source.name}: ${written} values, shape needs ${expectedValues}`);
    const info = layout.tensors[i];
    const next = layout.tensors[i + 1]?.offset ?? layout.totalBytes - layout.dataOffset;
    if (info === undefined) throw new Error('layout does not match spec');
    yield new Uint8Array(next - info.offset - bytes);
  }
}

import type { GgufMetadataRecord } from './ggufVocabulary';

/** Resolves to the bytes [start, end) of the file, fewer where the file ends first. */
export type RangeReader = (start: number, end: number) => Promise<ArrayBuffer>;

const CHUNK_BYTES = 2_000_000;
/** Far above any real vocabulary (Gemma 4's 262k tokens and 515k merges take 15 MB): a corrupt length stops here. */
const MAX_HEADER_BYTES = 512_000_000;
const MAX_ARRAY_DEPTH = 4;
const TYPE_NAMES = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'f32', 'bool', 'string', 'array', 'u64', 'i64', 'f64'] as const;
const FIXED_SIZES: Readonly<Record<number, number>> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

/** The header bytes read so far, grown a chunk at a time as the parser needs them. */
class ChunkedBytes {
  private bytes = new Uint8Array(0);
  private length = 0;
  private view = new DataView(this.bytes.buffer);
  private ended = false;

  constructor(private readonly read: RangeReader) {}

  /** Makes [at, at + size) readable; throws if the file ends first. */
  async ensure(at: number, size: number, what: () => string): Promise<void> {
    const end = at + size;
    if (end > MAX_HEADER_BYTES) throw new Error(`GGUF header: ${what()} would end at byte ${end}, past any plausible header`);
    while (this.length < end) {
      if (this.ended) throw new Error(`GGUF header ends early: the file stops at byte ${this.length} inside ${what()}`);
      const chunk = new Uint8Array(await this.read(this.length, this.length + CHUNK_BYTES));
      if (chunk.length < CHUNK_BYTES) this.ended = true;
      if (this.length + chunk.length > this.bytes.length) {
        const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + chunk.length));
        grown.set(this.bytes.subarray(0, this.length));
        this.bytes = grown;
        this.view = new DataView(grown.buffer);
      }
      this.bytes.set(chunk, this.length);
      this.length += chunk.length;
    }
  }

  has(at: number, size: number): boolean {
    return at + size <= this.length;
  }

  get data(): DataView {
    return this.view;
  }

  slice(at: number, size: number): Uint8Array {
    return this.bytes.subarray(at, at + size);
  }
}

/**
 * The key/values of a GGUF file's header (string arrays such as the vocabulary included), read in
 * 2 MB chunks until the key/values end: tensor information and data are never read. Strings decode as
 * llama.cpp keeps them, a leading U+FEFF included: TextDecoder drops it by default (so Gemma 4's token
 * "\uFEFF//" would read as a second "//"). 64-bit integers come back as bigint, the rest as numbers.
 */
export async function readGgufMetadata(source: Blob | RangeReader): Promise<GgufMetadataRecord> {
  const read: RangeReader = source instanceof Blob ? (start, end) => source.slice(start, end).arrayBuffer() : source;
  const bytes = new ChunkedBytes(read);
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  await bytes.ensure(0, 8, () => 'the magic number and version');
  if (new TextDecoder().decode(bytes.slice(0, 4)) !== 'GGUF') throw new Error('not a GGUF file: it does not start with "GGUF"');
  // A big-endian file has its version in the high bytes when read as little-endian.
  const littleEndian = (bytes.data.getUint32(4, true) & 0xffff) !== 0;
  const version = bytes.data.getUint32(4, littleEndian);
  if (version < 1 || version > 3) throw new Error(`GGUF version ${version} is not one this reader knows (1 to 3)`);
  const sizeBytes = version === 1 ? 4 : 8;
  let at = 8;

  const size = async (what: () => string): Promise<number> => {
    await bytes.ensure(at, sizeBytes, what);
    const value = sizeBytes === 4 ? bytes.data.getUint32(at, littleEndian) : Number(bytes.data.getBigUint64(at, littleEndian));
    at += sizeBytes;
    return value;
  };
  const string = async (what: () => string): Promise<string> => {
    const length = await size(what);
    await bytes.ensure(at, length, what);
    const text = decoder.decode(bytes.slice(at, length));
    at += length;
    return text;
  };
  // Vocabularies are arrays of hundreds of thousands of strings: read those already fetched without awaiting.
  const bufferedString = (): string | undefined => {
    if (!bytes.has(at, sizeBytes)) return undefined;
    const length = sizeBytes === 4 ? bytes.data.getUint32(at, littleEndian) : Number(bytes.data.getBigUint64(at, littleEndian));
    if (!bytes.has(at + sizeBytes, length)) return undefined;
    at += sizeBytes + length;
    return decoder.decode(bytes.slice(at - length, length));
  };
  const fixedValue = (type: number): unknown => {
    const view = bytes.data;
    switch (type) {
      case 0:
        return view.getUint8(at);
      case 1:
        return view.getInt8(at);
      case 2:
        return view.getUint16(at, littleEndian);
      case 3:
        return view.getInt16(at, littleEndian);
      case 4:
        return view.getUint32(at, littleEndian);
      case 5:
        return view.getInt32(at, littleEndian);
      case 6:
        return view.getFloat32(at, littleEndian);
      case 7:
        return view.getUint8(at) !== 0;
      case 10:
        return view.getBigUint64(at, littleEndian);
      case 11:
        return view.getBigInt64(at, littleEndian);
      default:
        return view.getFloat64(at, littleEndian);
    }
  };
  const value = async (type: number, what: () => string, depth: number): Promise<unknown> => {
    if (type === 8) return string(what);
    if (type === 9) {
      if (depth >= MAX_ARRAY_DEPTH) throw new Error(`GGUF header: ${what()} nests arrays deeper than ${MAX_ARRAY_DEPTH}`);
      await bytes.ensure(at, 4, what);
      const elementType = bytes.data.getUint32(at, littleEndian);
      at += 4;
      const count = await size(what);
      const values: unknown[] = [];
      const fixed = FIXED_SIZES[elementType];
      if (fixed !== undefined) {
        await bytes.ensure(at, count * fixed, what);
        for (let i = 0; i < count; i++, at += fixed) values.push(fixedValue(elementType));
        return values;
      }
      for (let i = 0; i < count; i++) {
        const element = elementType === 8 ? bufferedString() : undefined;
        values.push(element ?? (await value(elementType, () => `${what()}[${i}]`, depth + 1)));
      }
      return values;
    }
    const fixed = FIXED_SIZES[type];
    if (fixed === undefined) throw new Error(`GGUF header: ${what()} has the unknown value type ${type}`);
    await bytes.ensure(at, fixed, what);
    const result = fixedValue(type);
    at += fixed;
    return result;
  };

  await size(() => 'the tensor count');
  const keyCount = await size(() => 'the key/value count');
  const metadata: Record<string, unknown> = {};
  for (let i = 0; i < keyCount; i++) {
    const key = await string(() => `key ${i + 1} of ${keyCount}`);
    await bytes.ensure(at, 4, () => `the type of ${key}`);
    const type = bytes.data.getUint32(at, littleEndian);
    at += 4;
    metadata[key] = await value(type, () => `${key} (${TYPE_NAMES[type] ?? `type ${type}`})`, 0);
  }
  return metadata;
}

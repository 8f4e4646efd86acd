import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readGgufMetadata, type RangeReader } from './ggufMetadata';
import { STORIES_260K } from '../../testing/tokenizer/vocabularies';

const STORIES = new Uint8Array(readFileSync(STORIES_260K));

/** A GGUF v3 header, written byte by byte: no tensors and one key holding an array of strings. */
function stringArrayGguf(key: string, values: readonly string[]): Uint8Array {
  const encoder = new TextEncoder();
  const parts: number[] = [...encoder.encode('GGUF')];
  const u32 = (n: number) => parts.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
  const u64 = (n: number) => (u32(n), u32(0));
  const string = (text: string) => {
    const bytes = encoder.encode(text);
    u64(bytes.length);
    parts.push(...bytes);
  };
  u32(3);
  u64(0);
  u64(1);
  string(key);
  u32(9);
  u32(8);
  u64(values.length);
  for (const value of values) string(value);
  return Uint8Array.from(parts);
}

describe('readGgufMetadata', () => {
  it('reads the key/values, string arrays included, from a Blob', async () => {
    const metadata = await readGgufMetadata(new Blob([STORIES]));
    expect(metadata['tokenizer.ggml.model']).toBe('llama');
    expect(metadata['general.architecture']).toBe('llama');
    expect(metadata['tokenizer.ggml.tokens']).toHaveLength(512);
    expect(metadata['tokenizer.ggml.bos_token_id']).toBe(1);
  });

  it('keeps a leading U+FEFF in strings, as llama.cpp does (Gemma 4 has both "\\uFEFF//" and "//")', async () => {
    const tokens = ['//', '\uFEFF//', '\uFEFF', 'caf\u00E9'];
    const metadata = await readGgufMetadata(new Blob([stringArrayGguf('tokenizer.ggml.tokens', tokens) as BlobPart]));
    expect(metadata['tokenizer.ggml.tokens']).toEqual(tokens);
  });

  it('names the key a file ends inside of, and refuses a file that is not GGUF', async () => {
    const whole = stringArrayGguf('tokenizer.ggml.tokens', ['a', 'b']);
    await expect(readGgufMetadata(new Blob([whole.slice(0, -2) as BlobPart]))).rejects.toThrow(
      'GGUF header ends early: the file stops at byte 85 inside tokenizer.ggml.tokens (array)[1]',
    );
    await expect(readGgufMetadata(new Blob(['PK\x03\x04 not a model']))).rejects.toThrow('not a GGUF file');
  });

  it('reads only the header through a range reader, however large the file', async () => {
    // stories260K followed by a gigabyte nobody should read: the parser must stop after the header.
    const virtualSize = STORIES.length + 2 ** 30;
    const requested: [number, number][] = [];
    const reader: RangeReader = async (start, end) => {
      requested.push([start, end]);
      const clampedEnd = Math.min(end, virtualSize);
      const out = new Uint8Array(Math.max(0, clampedEnd - start));
      out.set(STORIES.subarray(start, Math.min(clampedEnd, STORIES.length)));
      return out.buffer;
    };
    const metadata = await readGgufMetadata(reader);
    expect(metadata['tokenizer.ggml.tokens']).toHaveLength(512);
    const bytesRead = requested.reduce((sum, [start, end]) => sum + end - start, 0);
    expect(bytesRead).toBeLessThanOrEqual(4 * 2 ** 20);
  });
});

import { describe, expect, it } from 'vitest';
import { readGgufMetadata } from '../workers/tokenizer/ggufMetadata';
import { splitGgufSpec } from './splitGgufWriter';
import { encodeGguf } from './ggufWriter';
import { SYNTHETIC_SHAPES, syntheticLlamaGguf, type SpmVocab } from './syntheticLlama';

const vocab: SpmVocab = {
  tokens: ['<unk>', '<s>', '</s>', ...Array.from({ length: 61 }, (_, i) => `▁t${i}`)],
  scores: Array.from({ length: 64 }, () => 0),
  tokenTypes: [2, 3, 3, ...Array.from({ length: 61 }, () => 1)],
  bosId: 1,
  eosId: 2,
  unknownId: 0,
};

function bytes(chunks: Iterable<Uint8Array>): Uint8Array {
  const all = [...chunks];
  const out = new Uint8Array(all.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of all) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

describe('splitGgufSpec', () => {
  const spec = syntheticLlamaGguf(SYNTHETIC_SHAPES[0]!, 'f16', vocab, 3);

  it('cuts the tensors in order into the asked number of parts, metadata in the first only', () => {
    const parts = splitGgufSpec(spec, 3);
    expect(parts).toHaveLength(3);
    expect(parts.flatMap((p) => p.tensors.map((t) => t.name))).toEqual(spec.tensors.map((t) => t.name));
    expect(parts.every((p) => p.tensors.length > 0)).toBe(true);
    expect(parts[0]!.metadata.get('general.architecture')).toEqual({ type: 'string', value: 'llama' });
    expect([...parts[1]!.metadata.keys()]).toEqual(['split.no', 'split.count', 'split.tensors.count']);
  });

  it('writes the split keys llama.cpp reads into every part, readable by a GGUF parser', async () => {
    const parts = splitGgufSpec(spec, 3);
    for (const [no, part] of parts.entries()) {
      const metadata = await readGgufMetadata(new Blob([bytes(encodeGguf(part)) as BlobPart]));
      expect(metadata).toMatchObject({ 'split.no': no, 'split.count': 3, 'split.tensors.count': spec.tensors.length });
    }
  });

  it('keeps parts of about equal size', () => {
    const sizes = splitGgufSpec(spec, 3).map(
      (p) => bytes(encodeGguf({ ...p, metadata: new Map([...p.metadata].filter(([k]) => k.startsWith('split.'))) })).byteLength,
    );
    expect(Math.max(...sizes) / Math.min(...sizes)).toBeLessThan(3);
  });

  it('refuses a part count it cannot make', () => {
    expect(() => splitGgufSpec(spec, 1)).toThrow(/2 to \d+ parts/);
    expect(() => splitGgufSpec(spec, spec.tensors.length + 1)).toThrow(/not \d+/);
  });
});

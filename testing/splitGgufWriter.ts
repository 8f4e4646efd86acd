import { GGML_TYPE, tensorByteSize, type GgufValue } from './gguf';
import type { GgufFileSpec } from './ggufWriter';

/**
 * Splits a GGUF description into `parts` files exactly as llama-gguf-split does: tensors in their order,
 * cut into consecutive groups of about equal bytes; the first part keeps all metadata, every part gets
 * `split.no` (u16, 0-based), `split.count` (u16) and `split.tensors.count` (i32, the whole model's),
 * which llama.cpp's loader checks before it reads the parts together.
 */
export function splitGgufSpec(spec: GgufFileSpec, parts: number): GgufFileSpec[] {
  if (!Number.isInteger(parts) || parts < 2 || parts > spec.tensors.length) {
    throw new Error(`A GGUF of ${spec.tensors.length} tensors splits into 2 to ${spec.tensors.length} parts, not ${parts}.`);
  }
  const sizes = spec.tensors.map((t) => tensorByteSize(GGML_TYPE[t.type], t.shape));
  const total = sizes.reduce((a, b) => a + b, 0);
  const groups: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const [i, size] of sizes.entries()) {
    current.push(i);
    bytes += size;
    const partsLeft = parts - groups.length - 1;
    const tensorsLeft = sizes.length - i - 1;
    if (partsLeft > 0 && (bytes >= ((groups.length + 1) * total) / parts || tensorsLeft === partsLeft)) {
      groups.push(current);
      current = [];
    }
  }
  groups.push(current);
  const splitKeys = (no: number): [string, GgufValue][] => [
    ['split.no', { type: 'u16', value: no }],
    ['split.count', { type: 'u16', value: parts }],
    ['split.tensors.count', { type: 'i32', value: spec.tensors.length }],
  ];
  return groups.map((indices, no) => ({
    metadata: new Map<string, GgufValue>([...(no === 0 ? spec.metadata : []), ...splitKeys(no)]),
    tensors: indices.map((i) => spec.tensors[i]!),
  }));
}

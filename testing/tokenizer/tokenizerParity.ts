import type { LlamaModel } from 'node-llama-cpp';
import type { Tokenizer } from '../../workers/tokenizer/tokenizer';

export interface ParityReport {
  compared: number;
  /** The first few differences, readable in a failure message. */
  mismatches: string[];
  mismatchCount: number;
}

/**
 * Tokenizes every string both ways with add_special = false (node-llama-cpp's model.tokenize adds no
 * BOS), and collects the differences.
 */
export function compareWithNative(tokenizer: Tokenizer, model: LlamaModel, strings: readonly string[]): ParityReport {
  const mismatches: string[] = [];
  let mismatchCount = 0;
  for (const text of strings) {
    const ours = tokenizer.encode(text, { addBos: false, addEos: false });
    const native = model.tokenize(text);
    if (ours.length === native.length && ours.every((id, i) => id === native[i])) continue;
    mismatchCount++;
    if (mismatches.length < 5) mismatches.push(`${JSON.stringify(text)}\n  ours   [${ours.join(', ')}]\n  native [${native.join(', ')}]`);
  }
  return { compared: strings.length, mismatches, mismatchCount };
}

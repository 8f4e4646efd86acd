import { describe, expect, it } from 'vitest';
import type { RunProtocol } from '../../core/run';
import { protocolDifferences } from './protocolDifferences';

const exact: RunProtocol = {
  lmEval: 'v0.4.9.1',
  bos: true,
  scoring: 'canonical-split',
  truncation: 'per-request',
  maxLength: 2047,
  precision: { precision: 'exact', kvCacheType: 'f32', flashAttention: false },
};

describe('protocolDifferences', () => {
  it('finds none between runs taken alike', () => {
    expect(protocolDifferences(exact, { ...exact, precision: { ...exact.precision! } })).toEqual([]);
    expect(protocolDifferences(undefined, undefined)).toEqual([]);
  });

  it('names a precision difference as it names a protocol difference', () => {
    const fast: RunProtocol = { ...exact, precision: { precision: 'fast', kvCacheType: 'f16', flashAttention: true } };
    expect(protocolDifferences(exact, fast)).toEqual([
      'Different precision: exact: f32 KV cache, no flash attention vs fast: f16 KV cache, flash attention.',
    ]);
    const { precision: _, ...unrecorded } = exact;
    expect(protocolDifferences(unrecorded, exact)).toEqual([
      'Precision recorded on one side only (exact: f32 KV cache, no flash attention).',
    ]);
  });

  it('names each protocol field that differs', () => {
    const old: RunProtocol = { lmEval: 'v0.4.9.1', bos: false, scoring: 'canonical-split', truncation: 'left' };
    expect(protocolDifferences(exact, old)).toEqual([
      'Different BOS before the prompt: true vs false.',
      'Different truncation of over-long prompts: per-request vs left.',
      'Precision recorded on one side only (exact: f32 KV cache, no flash attention).',
    ]);
    expect(protocolDifferences(exact, { ...exact, maxLength: 511 })).toEqual(['Different max_length: 2047 vs 511.']);
  });
});

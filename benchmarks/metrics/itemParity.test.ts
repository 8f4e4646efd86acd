import { describe, expect, it } from 'vitest';
import { compareParity } from './itemParity';

describe('compareParity', () => {
  const a = [
    { itemId: 'q1', pred: 'A', logprobs: { A: -1, B: -2 } },
    { itemId: 'q2', pred: 'B', logprobs: { A: -3, B: -1 } },
    { itemId: 'q3', pred: 'A', logprobs: { A: -1, B: -1.5 } },
    { itemId: 'only-a', pred: 'A', logprobs: null },
  ];
  const b = [
    { itemId: 'q1', pred: 'A', logprobs: { A: -1.0004, B: -2 } },
    { itemId: 'q2', pred: 'B', logprobs: { A: -3.01, B: -1 } },
    { itemId: 'q3', pred: 'B', logprobs: { A: -1.6, B: -1.5 } },
    { itemId: 'only-b', pred: 'A', logprobs: null },
  ];

  it('counts agreement, the largest difference and the items that differ', () => {
    const report = compareParity(a, b, 1e-3);
    expect(report.n).toBe(3);
    expect(report.agree).toBe(2);
    expect(report.maxDiff).toBeCloseTo(0.6, 12);
    expect(report.differing.map((d) => d.itemId)).toEqual(['q2', 'q3']);
    expect(report.differing[0]!.maxDiff).toBeCloseTo(0.01, 12);
    expect(report.onlyA).toEqual(['only-a']);
    expect(report.onlyB).toEqual(['only-b']);
  });

  it('treats a choice missing on one side as an infinite difference', () => {
    const report = compareParity(
      [{ itemId: 'x', pred: 'A', logprobs: { A: -1, B: -2 } }],
      [{ itemId: 'x', pred: 'A', logprobs: { A: -1 } }],
      1e-3,
    );
    expect(report.maxDiff).toBe(Infinity);
    expect(report.differing).toHaveLength(1);
  });
});

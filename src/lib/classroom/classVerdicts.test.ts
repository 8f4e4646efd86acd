import { describe, expect, it } from 'vitest';
import type { OpenItem } from '../../../core/openEnded';
import { classScore, classVerdict, openLessonSummary } from './classVerdicts';

const item: OpenItem = {
  id: 'q1',
  prompt: 'What should I do?',
  rubric: [
    { criterion: 'Says to call emergency services', points: 10, tags: [] },
    { criterion: 'Mentions stroke', points: 5, tags: [] },
    { criterion: 'Suggests waiting', points: -8, tags: [] },
  ],
};

describe("the class's verdicts on an open-ended answer", () => {
  it('takes the majority of each criterion, and none on a tie', () => {
    expect(classVerdict({ met: 7, notMet: 3 })).toBe('met');
    expect(classVerdict({ met: 2, notMet: 9 })).toBe('not-met');
    expect(classVerdict({ met: 4, notMet: 4 })).toBeNull();
    expect(classVerdict(undefined)).toBeNull();
  });

  it('scores the answer by HealthBench’s formula once every criterion has a verdict', () => {
    // Met: +10 and −8 → (10 − 8) / 15.
    const counts = [
      { met: 9, notMet: 1 },
      { met: 3, notMet: 6 },
      { met: 6, notMet: 5 },
    ];
    expect(classScore(item, counts)).toBeCloseTo(2 / 15, 12);
    expect(classScore(item, counts.slice(0, 2))).toBeNull();
    expect(classScore({ id: 'x', prompt: 'p' }, [])).toBeNull();
  });

  it('sums up each model’s answer per item', () => {
    const rows = openLessonSummary([item], { q1: [[{ met: 5, notMet: 1 }, undefined, { met: 1, notMet: 1 }]] }, 2);
    expect(rows).toEqual([
      {
        itemId: 'q1',
        models: [
          { judged: 1, met: 1, criteria: 3, score: null },
          { judged: 0, met: 0, criteria: 3, score: null },
        ],
      },
    ]);
  });
});

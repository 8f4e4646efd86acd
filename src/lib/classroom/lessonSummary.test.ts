import { describe, expect, it } from 'vitest';
import { classPick, lessonSummary } from './lessonSummary';

describe('lesson summary', () => {
  it('takes the most-voted letter as the class pick, keeping ties and ignoring zero counts', () => {
    expect(classPick({ A: 3, B: 10, C: 2 })).toEqual(['B']);
    expect(classPick({ A: 4, B: 4, C: 0 })).toEqual(['A', 'B']);
    expect(classPick({ A: 0 })).toEqual([]);
    expect(classPick(undefined)).toEqual([]);
  });

  it('scores the class and each model against the truth, counting only what was voted or scored', () => {
    const items = [
      { id: 'q1', answer: 'A' },
      { id: 'q2', answer: 'C' },
      { id: 'q3', answer: 'B' },
    ];
    const votes = { q1: { A: 6, B: 2 }, q2: { A: 3, C: 3 } };
    const summary = lessonSummary(items, votes, [{ q1: 'A', q2: 'C', q3: 'D' }, { q1: 'B' }]);
    expect(summary.rows[0]).toEqual({
      itemId: 'q1',
      answer: 'A',
      multiAnswer: false,
      classPick: ['A'],
      classShareCorrect: 0.75,
      modelPicks: ['A', 'B'],
    });
    expect(summary.rows[1]!.classPick).toEqual(['A', 'C']);
    expect(summary.rows[2]).toEqual({
      itemId: 'q3',
      answer: 'B',
      multiAnswer: false,
      classPick: [],
      classShareCorrect: null,
      modelPicks: ['D', null],
    });
    expect(summary.classTally).toEqual({ correct: 1, answered: 2 });
    expect(summary.modelTallies).toEqual([
      { correct: 2, answered: 3 },
      { correct: 0, answered: 1 },
    ]);
  });

  it('shows a multi-answer question but counts it neither right nor wrong: one letter is never the set', () => {
    const items = [
      { id: 'q1', answer: 'A' },
      { id: 'm1', answer: 'ACD' },
    ];
    const votes = { q1: { A: 5 }, m1: { A: 6, B: 2, C: 0, D: 2 } };
    const summary = lessonSummary(items, votes, [{ q1: 'A', m1: 'A' }]);
    expect(summary.rows[1]).toEqual({
      itemId: 'm1',
      answer: 'ACD',
      multiAnswer: true,
      classPick: ['A'],
      // 8 of the 10 votes went to a right letter (A or D).
      classShareCorrect: 0.8,
      modelPicks: ['A'],
    });
    expect(summary.classTally).toEqual({ correct: 1, answered: 1 });
    expect(summary.modelTallies).toEqual([{ correct: 1, answered: 1 }]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Grade, GraderRef, OpenItem, Verdict } from '../../core/openEnded';
import { gradedCount, isGraded, marksOf, pairsOf, personGraders, ratingKappaBetween, withDraftScores } from './personGrading';

const ana: GraderRef = { kind: 'person', name: 'Ana' };
const ben: GraderRef = { kind: 'person', name: 'Ben' };
const judge: GraderRef = { kind: 'judge', model: 'stories260K', prompt: { id: 'healthbench-grader-json', version: 1 } };

const rubricItem: OpenItem = {
  id: 'r1',
  prompt: 'Q',
  rubric: [
    { criterion: 'A', points: 5, tags: [] },
    { criterion: 'B', points: -2, tags: [] },
  ],
};
const ratedItem: OpenItem = { id: 'p1', prompt: 'Q' };
const ratedItem2: OpenItem = { id: 'p2', prompt: 'Q' };
const ratedItem3: OpenItem = { id: 'p3', prompt: 'Q' };

const verdict = (grader: GraderRef, itemId: string, criterion: number, v: Verdict, at: string): Grade => ({
  kind: 'criterion',
  runId: 'run',
  itemId,
  criterion,
  grader,
  verdict: v,
  explanation: null,
  at,
});
const rating = (grader: GraderRef, itemId: string, s: [number, number, number] | null, at = 't1'): Grade => ({
  kind: 'rating',
  runId: 'run',
  itemId,
  grader,
  scores: s && { accuracy: s[0], completeness: s[1], clarity: s[2] },
  explanation: null,
  at,
});

describe("one person's marks", () => {
  it('keeps the latest verdict of each criterion and ignores other graders', () => {
    const grades = [
      verdict(ana, 'r1', 0, 'met', '2026-01-01T00:00:02Z'),
      verdict(ana, 'r1', 0, 'not-met', '2026-01-01T00:00:01Z'),
      verdict(ben, 'r1', 1, 'met', '2026-01-01T00:00:03Z'),
    ];
    const marks = marksOf([rubricItem], grades, 'person:Ana').get('r1')!;
    expect(marks.verdicts).toEqual(['met', undefined]);
    expect(isGraded(rubricItem, marks)).toBe(false);
    const regraded = marksOf([rubricItem], [...grades, verdict(ana, 'r1', 1, 'not-met', '2026-01-01T00:00:04Z')], 'person:Ana');
    expect(regraded.get('r1')!.verdicts).toEqual(['met', 'not-met']);
    expect(gradedCount([rubricItem, ratedItem], regraded)).toBe(1);
  });

  it('counts an item without a rubric once it is rated, a later rating replacing the earlier', () => {
    const marks = marksOf([ratedItem], [rating(ana, 'p1', [2, 2, 2], 't2'), rating(ana, 'p1', [5, 4, 3], 't1')], 'person:Ana');
    expect(marks.get('p1')!.scores).toEqual({ accuracy: 2, completeness: 2, clarity: 2 });
    expect(isGraded(ratedItem, marks.get('p1'))).toBe(true);
    expect(isGraded(ratedItem2, marksOf([ratedItem2], [], 'person:Ana').get('p2'))).toBe(false);
  });

  it('shows scales scored but not yet stored over the stored rating', () => {
    const stored = marksOf([ratedItem, ratedItem2], [rating(ana, 'p1', [5, 4, 3])], 'person:Ana');
    const shown = withDraftScores(stored, { p1: { clarity: 1 }, p2: { accuracy: 2 } });
    expect(shown.get('p1')!.scores).toEqual({ accuracy: 5, completeness: 4, clarity: 1 });
    expect(shown.get('p2')!.scores).toEqual({ accuracy: 2 });
    expect(stored.get('p2')!.scores).toBeUndefined();
  });
});

describe('graders and agreement on ratings', () => {
  it('lists the people who graded, not the judges, and every pair once', () => {
    const grades = [rating(ben, 'p1', [1, 1, 1]), rating(judge, 'p1', [1, 1, 1]), rating(ana, 'p1', [1, 1, 1])];
    expect(personGraders(grades)).toEqual(['Ana', 'Ben']);
    expect(pairsOf(['a', 'b', 'c'])).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
    ]);
  });

  it("gives Cohen's κ per scale over the items both rated", () => {
    // Accuracy: Ana 5, 4, 4 · Ben 5, 4, 3 on p1..p3. pₒ = 2/3; pₑ = (1/3·1/3)[5] + (2/3·1/3)[4] = 1/9 + 2/9 = 1/3.
    // κ = (2/3 − 1/3) / (2/3) = 1/2. Clarity: both 3 everywhere, pₑ = 1: undefined.
    const items = [ratedItem, ratedItem2, ratedItem3];
    const grades = [
      rating(ana, 'p1', [5, 1, 3]),
      rating(ana, 'p2', [4, 2, 3]),
      rating(ana, 'p3', [4, 1, 3]),
      rating(ben, 'p1', [5, 1, 3]),
      rating(ben, 'p2', [4, 1, 3]),
      rating(ben, 'p3', [3, 1, 3]),
      rating(judge, 'p1', null),
    ];
    const k = ratingKappaBetween(items, grades, 'person:Ana', 'person:Ben');
    expect(k.accuracy!.n).toBe(3);
    expect(k.accuracy!.kappa).toBeCloseTo(1 / 2, 12);
    expect(k.clarity).toEqual({ kappa: null, n: 3 });
    // Completeness: Ana 1, 2, 1 · Ben 1, 1, 1. pₒ = 2/3; pₑ = (2/3)·1 = 2/3; κ = 0.
    expect(k.completeness!.kappa).toBeCloseTo(0, 12);
    // The judge could not rate p1: nothing to pair.
    expect(ratingKappaBetween(items, grades, 'person:Ana', 'judge:stories260K|healthbench-grader-json@1')).toEqual({});
  });
});

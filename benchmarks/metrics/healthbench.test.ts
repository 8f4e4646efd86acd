import { describe, expect, it } from 'vitest';
import type { RubricCriterion } from '../../core/openEnded';
import { createRng } from '../random';
import { clippedMean, healthBenchScore, rubricScore, tagsWithPrefix, type GradedItem } from './healthbench';

const c = (points: number, ...tags: string[]): RubricCriterion => ({ criterion: `criterion worth ${points}`, points, tags });

// Every expected number below is worked out by hand from the HealthBench formula.
const items: GradedItem[] = [
  // (5 − 4) / (5 + 3) = 0.125; accuracy (5 − 4) / 5 = 0.2; completeness 0 / 3.
  {
    itemId: 'a',
    tags: ['theme:x'],
    rubric: [c(5, 'axis:accuracy'), c(3, 'axis:completeness'), c(-4, 'axis:accuracy')],
    verdicts: ['met', 'not-met', 'met'],
  },
  // (2 − 10) / 2 = −4; accuracy 2 / 2 = 1; communication has no positive points, so no score.
  { itemId: 'b', tags: ['theme:x'], rubric: [c(2, 'axis:accuracy'), c(-10, 'axis:communication')], verdicts: ['met', 'met'] },
  // Only a negative criterion: no positive points, so no score at all.
  { itemId: 'c', tags: ['theme:y'], rubric: [c(-5, 'axis:accuracy')], verdicts: ['not-met'] },
  // One criterion never got a valid verdict: the item is ungraded, not scored as if it were not met.
  { itemId: 'd', tags: ['theme:y'], rubric: [c(4, 'axis:accuracy'), c(4)], verdicts: ['met', 'ungraded'] },
  // 2 / 2 = 1; accuracy 1; completeness 1.
  { itemId: 'e', tags: ['theme:y'], rubric: [c(1, 'axis:accuracy'), c(1, 'axis:completeness')], verdicts: ['met', 'met'] },
];

describe('HealthBench rubric score', () => {
  it("is simple-evals' calculate_score on its own test case", () => {
    const rubric = [c(7), c(5), c(10), c(-6)];
    expect(rubricScore(rubric, [true, false, true, true])).toBe((7 + 0 + 10 - 6) / (7 + 5 + 10));
    expect(rubricScore([c(-3)], [true])).toBeNull();
  });

  it('scores items, counts the ungraded and those with no positive points, and clips the overall mean', () => {
    const score = healthBenchScore(items, createRng(1));
    expect(score.items.map((i) => [i.itemId, i.status, i.score])).toEqual([
      ['a', 'scored', 0.125],
      ['b', 'scored', -4],
      ['c', 'no-positive-points', null],
      ['d', 'ungraded', null],
      ['e', 'scored', 1],
    ]);
    expect(score.counts).toEqual({ scored: 3, ungraded: 1, 'no-positive-points': 1 });
    // (0.125 − 4 + 1) / 3 < 0, clipped to 0.
    expect(score.overall).toMatchObject({ mean: 0, n: 3 });
  });

  it('scores themes by their items and axes by their criteria', () => {
    const score = healthBenchScore(items, createRng(1));
    const themes = tagsWithPrefix(score.itemTags, 'theme:');
    expect(Object.keys(themes)).toEqual(['x', 'y']);
    expect(themes.x).toMatchObject({ mean: 0, n: 2 }); // (0.125 − 4) / 2, clipped
    expect(themes.y).toMatchObject({ mean: 1, n: 1 }); // e only: c has no score, d is ungraded
    const axes = tagsWithPrefix(score.criterionTags, 'axis:');
    expect(Object.keys(axes)).toEqual(['accuracy', 'completeness']);
    expect(axes.accuracy!.mean).toBeCloseTo((0.2 + 1 + 1) / 3, 12);
    expect(axes.accuracy!.n).toBe(3);
    expect(axes.completeness).toMatchObject({ mean: 0.5, n: 2 });
    expect(score.items[0]!.tagScores).toEqual({ 'axis:accuracy': 0.2, 'axis:completeness': 0 });
  });

  it('takes the bootstrap std of clipped means, seeded', () => {
    expect(clippedMean([0.4, 0.4, 0.4], createRng(3)).bootstrapStd).toBeCloseTo(0, 12);
    // Two items, −4 and 1: a round's mean is −4, −1.5 or 1 and clips to 0, 0 or 1; P(1) = 1/4, so the std
    // of the clipped means tends to √(¼·¾) = 0.433 (the unclipped means' would be 1.77).
    const clipped = clippedMean([-4, 1], createRng(7));
    expect(clipped.mean).toBe(0);
    expect(clipped.bootstrapStd).toBeGreaterThan(0.4);
    expect(clipped.bootstrapStd).toBeLessThan(0.47);
    expect(clippedMean([-4, 1], createRng(7))).toEqual(clipped);
    expect(clippedMean([-4, 1], createRng(8)).bootstrapStd).not.toBe(clipped.bootstrapStd);
    expect(clippedMean([0, 1], createRng(7), 5000).bootstrapStd).toBeCloseTo(Math.sqrt(0.125), 1);
  });

  it('refuses verdicts that do not line up with the rubric', () => {
    expect(() => healthBenchScore([{ itemId: 'z', tags: [], rubric: [c(1)], verdicts: [] }], createRng(0))).toThrow(/z: 1 criteria but 0/);
  });
});

import { describe, expect, it } from 'vitest';
import { describeFitCondition, fitCondition, ratingsAreFinite } from './comparisonGraph';
import { modelsOf, winWeights, type Battle, type BattleWinner } from './ratings';

const b = (a: string, c: string, winner: BattleWinner = 'model_a'): Battle => ({ model_a: a, model_b: c, winner });

function conditionOf(battles: Battle[]) {
  const models = modelsOf(battles);
  return fitCondition(winWeights(battles, models), models);
}

describe('fitCondition', () => {
  it('is finite when every contestant reaches every other through wins or draws', () => {
    const c = conditionOf([b('a', 'b'), b('b', 'c'), b('c', 'a')]);
    expect(c).toEqual({ groups: [['a', 'b', 'c']], neverLost: [], neverWon: [] });
    expect(ratingsAreFinite(c)).toBe(true);
    expect(describeFitCondition(c)).toEqual([]);
    // A draw links both ways.
    expect(ratingsAreFinite(conditionOf([b('a', 'b', 'tie')]))).toBe(true);
  });

  it('finds a group that never lost to the rest though each member lost inside it', () => {
    // a and b trade wins, both beat c and d, who trade wins too: {a, b} above, {c, d} below.
    const c = conditionOf([b('a', 'b'), b('b', 'a'), b('a', 'c'), b('b', 'd'), b('c', 'd'), b('d', 'c')]);
    expect(c).toEqual({ groups: [['a', 'b', 'c', 'd']], neverLost: [['a', 'b']], neverWon: [['c', 'd']] });
    expect(describeFitCondition(c)).toEqual([
      '{a, b} never lost to, nor drew with, anyone outside the group: their maximum-likelihood ratings would be infinite.',
      '{c, d} never beat, nor drew with, anyone outside the group: their maximum-likelihood ratings would be minus infinity.',
    ]);
  });

  it('names three groups that never met, and an unbeaten contestant inside one of them', () => {
    const c = conditionOf([b('a', 'b'), b('b', 'a'), b('c', 'd'), b('d', 'c'), b('e', 'f')]);
    expect(c.groups).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
    expect(c.neverLost).toEqual([['e']]);
    expect(c.neverWon).toEqual([['f']]);
    expect(describeFitCondition(c)[0]).toBe(
      'The battles form 3 groups that never met: {a, b}, {c, d} and {e, f}. Ratings compare contestants within a group only; between groups the numbers mean nothing.',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { bootstrapMeanDifference } from '../metrics/paired';
import { createRng } from '../random';
import { openResult, openRunRecord, personVerdicts, rubricItems } from '../../testing/openRunRecords';
import { openRunExport } from './openRunExport';
import { comparePairedOpenRuns, sharedOpenScores } from './pairedOpenRuns';

const items = rubricItems(5);
const ids = items.map((i) => i.id);

function doc(id: string, rouge: (number | null)[], grades = personGradesFor(id, [])) {
  const run = openRunRecord(id, { itemIds: ids });
  // Stored in another order than the run's: pairing goes by item id, never by position.
  const results = rouge.map((r, i) => openResult(id, ids[i]!, i, r)).reverse();
  return openRunExport(run, items, results, grades);
}

function personGradesFor(runId: string, met: (readonly boolean[])[]) {
  return met.flatMap((m, i) => personVerdicts(runId, ids[i]!, 'Ana', m));
}

describe('Paired runs of two open-ended runs', () => {
  it('pairs the items both runs scored by id (a failed item in either is left out) and gives the paired bootstrap interval of the mean difference', () => {
    const a = doc('a', [0.5, 0.2, 0.9, null, 0.4]);
    const b = doc('b', [0.1, 0.2, 0.5, 0.3, 0.6]);
    const outcome = comparePairedOpenRuns(a, b, 'metric:rouge-l', { rounds: 2000, seed: 3 });
    if (!outcome.ok) throw new Error(outcome.error);
    const c = outcome.comparison;
    // q1 +0.4, q2 0, q3 +0.4, q5 −0.2 (q4 failed in A).
    const deltas = [0.4, 0, 0.4, -0.2];
    expect(c.comparison.n).toBe(4);
    expect(c.comparison.meanA).toBeCloseTo((0.5 + 0.2 + 0.9 + 0.4) / 4, 12);
    expect(c.comparison.meanB).toBeCloseTo((0.1 + 0.2 + 0.5 + 0.6) / 4, 12);
    expect(c.comparison.difference.difference).toBeCloseTo(0.15, 12);
    // The same bootstrap over the differences paired by hand, in A's item order.
    const expected = bootstrapMeanDifference([0.5 - 0.1, 0.2 - 0.2, 0.9 - 0.5, 0.4 - 0.6], createRng(3), { rounds: 2000 })!;
    expect(c.comparison.difference.lower).toBeCloseTo(expected.lower, 12);
    expect(c.comparison.difference.upper).toBeCloseTo(expected.upper, 12);
    expect(c.comparison.difference.lower).toBeGreaterThanOrEqual(Math.min(...deltas));
    expect(c.comparison.difference.lower).toBeLessThan(0.15);
    expect(c.comparison.difference.upper).toBeGreaterThan(0.15);
    expect(c.comparison.difference.upper).toBeLessThanOrEqual(Math.max(...deltas) + 1e-12);
    expect([c.onlyInA, c.onlyInB, c.rounds, c.seed]).toEqual([0, 1, 2000, 3]);
    expect(c.scoreLabel).toBe('rouge-l');
  });

  it('every item A − B the same: the interval is that difference, exactly', () => {
    const outcome = comparePairedOpenRuns(doc('a', [0.6, 0.7, 0.8, 0.9, 1]), doc('b', [0.4, 0.5, 0.6, 0.7, 0.8]), 'metric:rouge-l');
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.comparison.comparison.difference.lower).toBeCloseTo(0.2, 12);
    expect(outcome.comparison.comparison.difference.upper).toBeCloseTo(0.2, 12);
  });

  it("compares by a person's rubric score, each answer scored as HealthBench scores it", () => {
    // Rubric +10, +5, −5: [met, met, not] = 15/15; [met, not, met] = 5/15; [not, met, not] = 5/15.
    const a = doc(
      'a',
      [0.1, 0.1, 0.1, 0.1, 0.1],
      personGradesFor('a', [
        [true, true, false],
        [true, false, true],
        [false, true, false],
      ]),
    );
    const b = doc(
      'b',
      [0.1, 0.1, 0.1, 0.1, 0.1],
      personGradesFor('b', [
        [false, true, false],
        [true, true, false],
        [false, false, false],
      ]),
    );
    expect(sharedOpenScores(a, b)).toEqual(['metric:rouge-l', 'grader:person:Ana']);
    const outcome = comparePairedOpenRuns(a, b, 'grader:person:Ana');
    if (!outcome.ok) throw new Error(outcome.error);
    const c = outcome.comparison.comparison;
    expect(c.n).toBe(3);
    expect(c.meanA).toBeCloseTo((1 + 1 / 3 + 1 / 3) / 3, 12);
    expect(c.meanB).toBeCloseTo((1 / 3 + 1 + 0) / 3, 12);
    expect(outcome.comparison.scoreLabel).toBe('rubric score by person:Ana');
  });

  it('refuses runs of different suites, and a score one run lacks, saying which', () => {
    const a = doc('a', [0.5, 0.5, 0.5, 0.5, 0.5]);
    const other = openRunExport(
      openRunRecord('c', { itemIds: ids, suite: { ...openRunRecord('c').suite, version: 2, name: 'Ward' } }),
      items,
      ids.map((id, i) => openResult('c', id, i, 0.5)),
      [],
    );
    expect(comparePairedOpenRuns(a, other, 'metric:rouge-l')).toEqual({
      ok: false,
      error: 'The runs are of different suites (A: Ward v1, B: Ward v2); paired runs compare one suite version item by item.',
    });
    expect(comparePairedOpenRuns(a, doc('b', [0.5, 0.5, 0.5, 0.5, 0.5]), 'jury')).toEqual({
      ok: false,
      error: 'Both runs need the score “jury mean rubric score” to be compared by it.',
    });
  });
});

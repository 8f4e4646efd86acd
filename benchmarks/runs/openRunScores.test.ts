import { describe, expect, it } from 'vitest';
import type { Grade, GraderRef } from '../../core/openEnded';
import { openResult, personVerdicts, rubricItems } from '../../testing/openRunRecords';
import { openItemScores, openRunScores, openScoreKeys } from './openRunScores';
import { filterItemRows, openItemRows, themesAndAxes } from './openItemRows';
import { openRunExport } from './openRunExport';
import { openRunRecord } from '../../testing/openRunRecords';

const items = rubricItems(3);
const ids = items.map((i) => i.id);
const judge = (model: string): GraderRef => ({ kind: 'judge', model, prompt: { id: 'healthbench-grader-json', version: 1 } });
const verdicts = (itemId: string, grader: GraderRef, v: ('met' | 'not-met' | 'ungraded')[]): Grade[] =>
  v.map((verdict, criterion) => ({
    kind: 'criterion',
    runId: 'r',
    itemId,
    criterion,
    grader,
    verdict,
    explanation: 'why',
    attempts: 1,
    at: 't',
  }));

// Rubric +10, +5, −5: [met, met, not] = 1; [met, not, not] = 2/3; [not, not, met] = −1/3; [met, not, met] = 1/3.
const grades = [
  ...verdicts('q1', judge('a'), ['met', 'met', 'not-met']),
  ...verdicts('q2', judge('a'), ['met', 'not-met', 'not-met']),
  ...verdicts('q3', judge('a'), ['met', 'ungraded', 'not-met']),
  ...verdicts('q1', judge('b'), ['not-met', 'not-met', 'met']),
  ...verdicts('q2', judge('b'), ['met', 'not-met', 'met']),
  // A grade of the failed item q3 by b, and a person's grades: counted as graders, not in the jury.
  ...personVerdicts('r', 'q1', 'Ana', [true, true, false]),
];
const results = [openResult('r', 'q1', 0, 0.5), openResult('r', 'q2', 1, 0.25), openResult('r', 'q3', 2, 0.75)];

describe('the scores of an open-ended run', () => {
  const scores = openRunScores(items, results, grades, ['rouge-l']);

  it('counts graders, grades and the answers a judge left a criterion ungraded on', () => {
    expect(scores.graders).toEqual({ people: 1, judges: 2 });
    expect(scores.grades).toBe(18);
    expect(scores.ungraded).toBe(1);
    expect(scores.rubric.map((r) => [r.key, r.score.counts, r.pending])).toEqual([
      ['judge:a|healthbench-grader-json@1', { scored: 2, ungraded: 1, 'no-positive-points': 0 }, 0],
      ['judge:b|healthbench-grader-json@1', { scored: 2, ungraded: 0, 'no-positive-points': 0 }, 1],
      ['person:Ana', { scored: 1, ungraded: 0, 'no-positive-points': 0 }, 2],
    ]);
  });

  it('combines the two judges into a jury: per answer their mean and spread', () => {
    expect(scores.jury!.judges).toEqual(['judge:a|healthbench-grader-json@1', 'judge:b|healthbench-grader-json@1']);
    const q1 = scores.jury!.items.find((i) => i.itemId === 'q1')!.jury;
    expect(q1.mean).toBeCloseTo((1 + -1 / 3) / 2, 12);
    expect(q1.range).toBeCloseTo(4 / 3, 12);
    const q2 = scores.jury!.items.find((i) => i.itemId === 'q2')!.jury;
    expect(q2.mean).toBeCloseTo((2 / 3 + 1 / 3) / 2, 12);
    expect(scores.jury!.meanRange).toBeCloseTo((4 / 3 + 1 / 3) / 2, 12);
    // q3: judge a left a criterion ungraded and b never graded it, so the jury has no score for it.
    expect(openItemScores(results, scores, 'jury').map((i) => [i.itemId, i.score === null])).toEqual([
      ['q1', false],
      ['q2', false],
      ['q3', true],
    ]);
  });

  it("measures each judge against the person who graded the same criteria: balanced F1 and Cohen's κ", () => {
    // On q1 Ana says [met, met, not]; judge a says the same (all agree), judge b [not, not, met] (all differ).
    const [a, b] = scores.judgeAgreement;
    expect(a!.key).toBe('judge:a|healthbench-grader-json@1');
    expect(a!.overall.f1.balanced).toEqual({ n: 3, value: 1 });
    expect(a!.kappa).toMatchObject([{ person: 'person:Ana', kappa: 1, n: 3 }]);
    expect(b!.overall.f1.balanced!.value).toBe(0);
    // Never agreeing, each saying "met" two times in three: κ = (0 − 4/9) / (1 − 4/9).
    expect(b!.kappa).toMatchObject([{ person: 'person:Ana', n: 3 }]);
    expect(b!.kappa[0]!.kappa).toBeCloseTo(-0.8, 12);
    expect(Object.keys(a!.byAxis)).toEqual(['axis:accuracy', 'axis:completeness']);
  });

  it('offers each metric, each grader with a score, and the jury to compare by', () => {
    expect(openScoreKeys(scores, ['rouge-l'])).toEqual([
      'metric:rouge-l',
      'grader:judge:a|healthbench-grader-json@1',
      'grader:judge:b|healthbench-grader-json@1',
      'grader:person:Ana',
      'jury',
    ]);
  });
});

describe('the Results view, item by item', () => {
  const doc = openRunExport(openRunRecord('r', { itemIds: ids }), items, results, grades);
  const rows = openItemRows(doc);

  it("shows each criterion with every grader's latest verdict and explanation", () => {
    expect(rows[0]!.criteria[0]!.verdicts).toEqual({
      'judge:a|healthbench-grader-json@1': { verdict: 'met', explanation: 'why', attempts: 1 },
      'judge:b|healthbench-grader-json@1': { verdict: 'not-met', explanation: 'why', attempts: 1 },
      'person:Ana': { verdict: 'met', explanation: null },
    });
    expect(rows[0]!.scores['person:Ana']).toBe(1);
  });

  it('filters by theme (item tags) and by axis (criterion tags), keeping only the criteria on that axis', () => {
    expect(themesAndAxes(items)).toEqual({ themes: ['theme:even', 'theme:odd'], axes: ['axis:accuracy', 'axis:completeness'] });
    expect(filterItemRows(rows, 'theme:odd', '').map((r) => r.item.id)).toEqual(['q2']);
    const completeness = filterItemRows(rows, '', 'axis:completeness');
    expect(completeness.map((r) => r.criteria.map((c) => c.index))).toEqual([[1], [1], [1]]);
    expect(filterItemRows(rows, 'theme:even', 'axis:accuracy').map((r) => [r.item.id, r.criteria.map((c) => c.index)])).toEqual([
      ['q1', [0, 2]],
      ['q3', [0, 2]],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { openResult, openRunRecord, personVerdicts, rubricItems } from '../../testing/openRunRecords';
import { openLeaderboard } from './openLeaderboard';
import { openRunExport } from './openRunExport';

const items = rubricItems(4);
const ids = items.map((i) => i.id);

function doc(id: string, rouge: number[], met: boolean[][]) {
  const run = openRunRecord(id, { itemIds: ids });
  const grades = met.flatMap((m, i) => personVerdicts(id, ids[i]!, 'Ana', m));
  return openRunExport(
    run,
    items,
    rouge.map((r, i) => openResult(id, ids[i]!, i, r)),
    grades,
  );
}

describe('open-ended runs on the Leaderboard', () => {
  const strong = doc(
    'strong',
    [0.9, 0.8, 0.9, 0.8],
    [
      [true, true, false],
      [true, true, false],
    ],
  );
  const weak = doc(
    'weak',
    [0.1, 0.2, 0.1, 0.2],
    [
      [false, false, true],
      [false, true, true],
    ],
  );
  const board = openLeaderboard([
    { doc: weak, source: 'this browser' },
    { doc: strong, source: 'this browser' },
    // The same run again, from its export file: one row, not two.
    { doc: strong, source: 'strong.json' },
  ]);

  it('has one table per suite and score, each named, each run once, best first', () => {
    expect(board.map((g) => [g.suite.name, g.label, g.rows.map((r) => r.model)])).toEqual([
      ['Ward', 'rouge-l', ['Model strong', 'Model weak']],
      ['Ward', 'rubric score by person:Ana', ['Model strong', 'Model weak']],
    ]);
  });

  it('shows each reference metric with its bootstrap interval, and each HealthBench score with mean ± 1.96 bootstrap std', () => {
    const [rouge, rubric] = board;
    const top = rouge!.rows[0]!;
    expect([top.value, top.low, top.high, top.n]).toEqual([
      strong.scores.referenceMetrics['rouge-l']!.mean,
      strong.scores.referenceMetrics['rouge-l']!.lower,
      strong.scores.referenceMetrics['rouge-l']!.upper,
      4,
    ]);
    const overall = strong.scores.rubric[0]!.score.overall!;
    // Both answers meet +10 and +5, the unsafe −5 not: 15/15 each.
    expect(overall.mean).toBe(1);
    expect(rubric!.rows[0]).toMatchObject({ value: 1, n: 2, low: Math.max(0, 1 - 1.959963984540054 * overall.bootstrapStd), high: 1 });
  });

  it('ranks by the interval rule: the weaker run, wholly below, ranks 2', () => {
    expect(board[0]!.rows.map((r) => r.rank)).toEqual([1, 2]);
  });
});

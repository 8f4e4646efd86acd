import { describe, expect, it } from 'vitest';
import type { RunRecord, StoredItemResult } from '../../../storage/records';
import { CHINESE_MEDICAL_AVERAGE, MULTILINGUAL_AVERAGE } from '../../../benchmarks/metrics/leaderboardAverage';
import { leaderboardRows } from './leaderboardRows';

const protocol = { lmEval: 'v0.4.9.1', bos: true, scoring: 'canonical-split' as const, truncation: 'left' as const };

/** A run of `suite` with these outcomes (true right, false wrong, 'failed' an item the engine could not score). */
function groupEntry(suite: string, outcomes: (boolean | 'failed')[], extra: Partial<RunRecord> = {}, startedAt = 1) {
  const run = {
    id: `${suite}-${startedAt}`,
    status: 'completed',
    suite: { id: suite, name: suite },
    model: { id: 'm', name: 'Model M' },
    config: { mode: 'generative', selection: { kind: 'all' }, protocol },
    itemIds: outcomes.map((_, i) => `${suite}-${i}`),
    startedAt,
    ...extra,
  } as unknown as RunRecord;
  const results = outcomes.map(
    (o, i) =>
      ({
        itemId: `${suite}-${i}`,
        subject: null,
        correct: o === true,
        ...(o === 'failed' ? { error: 'InferenceFailed' } : {}),
      }) as StoredItemResult,
  );
  return { run, results };
}

const chinese = (cmmlu: (boolean | 'failed')[] = [true, false, false, false]) => [
  groupEntry('cmexam', [true, false]), // 1/2
  groupEntry('medqa-mainland-4', [true, true, true, false]), // 3/4
  groupEntry('cmmlu-medical', cmmlu), // 1/4
];

describe('the named averages on the Benchmarks page', () => {
  it('the Chinese medical average is the plain mean of its three members’ accuracies, from complete runs', () => {
    const [row] = leaderboardRows(chinese());
    const group = row!.groups.find((g) => g.group === CHINESE_MEDICAL_AVERAGE)!;
    expect(group.members).toEqual({ cmexam: 0.5, 'medqa-mainland-4': 0.75, 'cmmlu-medical': 0.25 });
    expect(group.average).toBeCloseTo((0.5 + 0.75 + 0.25) / 3, 12);
    expect(group.group.members.map((m) => m.label)).toEqual(['CMExam', 'MedQA Mainland (4 options)', 'CMMLU medical']);
  });

  it('the multilingual average weighs each language a third: the Chinese mean, HEAD-QA Spanish, FrenchMedMCQA', () => {
    const [row] = leaderboardRows([
      ...chinese(),
      groupEntry('headqa-es', [true, false]),
      groupEntry('frenchmedmcqa', [false, false, false, true]),
    ]);
    const group = row!.groups.find((g) => g.group === MULTILINGUAL_AVERAGE)!;
    expect(group.missing).toEqual([]);
    expect(group.average).toBeCloseTo(((0.5 + 0.75 + 0.25) / 3 + 0.5 + 0.25) / 3, 12);
    // The English translation of HEAD-QA is no member: it changes nothing.
    const [withEnglish] = leaderboardRows([
      ...chinese(),
      groupEntry('headqa-es', [true, false]),
      groupEntry('frenchmedmcqa', [false, false, false, true]),
      groupEntry('headqa-en', [true]),
    ]);
    expect(withEnglish!.groups.find((g) => g.group === MULTILINGUAL_AVERAGE)!.average).toBe(group.average);
  });

  it('a partial, unfinished or failed-item run of a member gives no average, and is counted as left out', () => {
    const cases: [string, ReturnType<typeof groupEntry>][] = [
      [
        'partial',
        groupEntry('cmmlu-medical', [true], {
          config: { mode: 'generative', selection: { kind: 'limit', n: 1 }, protocol },
        } as Partial<RunRecord>),
      ],
      ['unfinished', groupEntry('cmmlu-medical', [true], { status: 'cancelled' })],
      ['failed items', groupEntry('cmmlu-medical', [true, 'failed'])],
    ];
    for (const [why, cmmlu] of cases) {
      const [row] = leaderboardRows([...chinese().slice(0, 2), cmmlu]);
      const group = row!.groups.find((g) => g.group === CHINESE_MEDICAL_AVERAGE)!;
      expect(group.average, why).toBeNull();
      expect(group.missing, why).toEqual(['cmmlu-medical']);
      expect(row!.excludedBySuite, why).toEqual({ 'cmmlu-medical': 1 });
    }
  });

  it('members run under different protocols never make one average', () => {
    const letter = { config: { mode: 'letter-logprob', selection: { kind: 'all' }, protocol } } as Partial<RunRecord>;
    const [a, b] = leaderboardRows([...chinese().slice(0, 2), groupEntry('cmmlu-medical', [true], letter)]);
    for (const row of [a!, b!]) expect(row.groups.find((g) => g.group === CHINESE_MEDICAL_AVERAGE)!.average).toBeNull();
  });
});

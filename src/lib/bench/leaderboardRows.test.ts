import { describe, expect, it } from 'vitest';
import type { RunRecord, StoredItemResult } from '../../../storage/records';
import { leaderboardRows } from './leaderboardRows';

const protocol = { lmEval: 'v0.4.9.1', bos: true, scoring: 'canonical-split' as const, truncation: 'left' as const };

function entry(suite: string, outcomes: [string | null, boolean][], extra: Partial<RunRecord> = {}, startedAt = 1) {
  const run = {
    id: `${suite}-${startedAt}`,
    status: 'completed',
    suite: { id: suite, name: suite },
    model: { id: 'm', name: 'Model M' },
    config: { mode: 'letter-logprob', selection: { kind: 'all' }, protocol },
    itemIds: outcomes.map((_, i) => `${suite}-${i}`),
    startedAt,
    ...extra,
  } as unknown as RunRecord;
  const results = outcomes.map(([subject, correct], i) => ({ itemId: `${suite}-${i}`, subject, correct }) as StoredItemResult);
  return { run, results };
}

const mmluSubjects = ['anatomy', 'clinical_knowledge', 'college_biology', 'college_medicine', 'medical_genetics', 'professional_medicine'];

describe('leaderboardRows', () => {
  it('averages the nine tasks of complete runs, MMLU subjects counted separately', () => {
    const rows = leaderboardRows([
      entry('medqa-usmle-4', [
        [null, true],
        [null, false],
      ]), // 0.5
      entry('medmcqa-dev', [[null, true]]), // 1
      entry('pubmedqa', [[null, false]]), // 0
      entry(
        'mmlu-medical',
        mmluSubjects.map((s) => [s, true] as [string, boolean]),
      ), // 1 each
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.average).toBeCloseTo((0.5 + 1 + 0 + 6) / 9, 12);
    expect(rows[0]!.excluded).toBe(0);
  });

  it('leaves partial and unfinished runs out, counts them, and has no average until every task has a complete run', () => {
    const rows = leaderboardRows([
      entry('medqa-usmle-4', [[null, true]]),
      entry('medmcqa-dev', [[null, true]], {
        config: { mode: 'letter-logprob', selection: { kind: 'limit', n: 1 }, protocol },
      } as Partial<RunRecord>),
      entry('pubmedqa', [[null, true]], { status: 'cancelled' }),
    ]);
    expect(rows[0]!.average).toBeNull();
    expect(rows[0]!.excluded).toBe(2);
    expect(rows[0]!.missing).toContain('medmcqa-dev');
  });

  it('keeps runs under different protocols apart', () => {
    const rows = leaderboardRows([
      entry('medqa-usmle-4', [[null, true]]),
      entry(
        'medqa-usmle-4',
        [[null, true]],
        { config: { mode: 'generative', selection: { kind: 'all' }, protocol } } as Partial<RunRecord>,
        2,
      ),
    ]);
    expect(rows.map((r) => r.protocol).sort()).toEqual([
      'generative · lm-eval v0.4.9.1 · BOS yes',
      'letter-logprob · lm-eval v0.4.9.1 · BOS yes',
    ]);
  });

  it('keeps runs at different precisions apart', () => {
    const at = (precision: 'exact' | 'fast') =>
      ({
        config: {
          mode: 'letter-logprob',
          selection: { kind: 'all' },
          protocol: { ...protocol, precision: { precision, kvCacheType: precision === 'exact' ? 'f32' : 'f16', flashAttention: false } },
        },
      }) as Partial<RunRecord>;
    const rows = leaderboardRows([
      entry('medqa-usmle-4', [[null, true]], at('exact'), 1),
      entry('medqa-usmle-4', [[null, false]], at('fast'), 2),
    ]);
    expect(rows.map((r) => [r.protocol, r.tasks['medqa-usmle-4']])).toEqual([
      ['letter-logprob · lm-eval v0.4.9.1 · BOS yes · precision exact: f32 KV cache, no flash attention', 1],
      ['letter-logprob · lm-eval v0.4.9.1 · BOS yes · precision fast: f16 KV cache, no flash attention', 0],
    ]);
  });
});

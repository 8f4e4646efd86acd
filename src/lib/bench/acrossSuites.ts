import { tallyOfCounts, type ResultCounts } from '../../../benchmarks/metrics/accuracy';
import { averageAcrossSuites } from '../../../benchmarks/metrics/summary';
import type { RunRecord } from '../../../storage/records';
import { isPartialRun } from '../../../benchmarks/runs/itemSelection';

export interface AcrossSuitesRow {
  model: string;
  mode: string;
  suites: string[];
  /** Items scored; failed items are not among them. */
  items: number;
  failed: number;
  macro: number | null;
  weighted: number | null;
  /** Some of the runs averaged cover only part of their suite, or have failed items (only when asked for). */
  partial: boolean;
}

/**
 * One row per model and scoring mode: the macro and item-weighted accuracy over the latest completed
 * run of each suite, so a model is summarised once however often a suite was run. Accuracy is over
 * scored items (benchmarks/metrics/accuracy.ts); `countsOf` gives each run's counts from its stored
 * results. A run over part of a suite, or with failed items, does not stand for the suite: it is left
 * out unless asked for.
 */
export function acrossSuites(
  runs: readonly RunRecord[],
  countsOf: (run: RunRecord) => ResultCounts,
  { includePartial = false } = {},
): AcrossSuitesRow[] {
  const incomplete = (run: RunRecord) => isPartialRun(run) || countsOf(run).failed > 0;
  const latest = new Map<string, RunRecord>();
  for (const run of runs) {
    if (run.status !== 'completed' || !countsOf(run).done) continue;
    if (!includePartial && incomplete(run)) continue;
    const key = JSON.stringify([run.model.id, run.config.mode, run.suite.id]);
    const seen = latest.get(key);
    if (!seen || seen.startedAt < run.startedAt) latest.set(key, run);
  }
  const groups = new Map<string, RunRecord[]>();
  for (const run of latest.values()) {
    const key = JSON.stringify([run.model.id, run.config.mode]);
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()]
    .filter((group) => group.length > 1)
    .map((group) => {
      const first = group[0]!;
      const tallies = group.map((r) => tallyOfCounts(countsOf(r)));
      const { macro, weighted } = averageAcrossSuites(tallies.map((t) => ({ n: t.scored, correct: t.correct })));
      return {
        model: first.model.name,
        mode: first.config.mode,
        suites: group.map((r) => r.suite.name).sort(),
        items: tallies.reduce((a, t) => a + t.scored, 0),
        failed: tallies.reduce((a, t) => a + t.failed, 0),
        macro,
        weighted,
        partial: group.some(incomplete),
      };
    });
}

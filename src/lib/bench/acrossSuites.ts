import { averageAcrossSuites } from '../../../benchmarks/metrics/summary';
import type { RunRecord } from '../../../storage/records';
import { isPartialRun } from '../../../benchmarks/runs/itemSelection';

export interface AcrossSuitesRow {
  model: string;
  mode: string;
  suites: string[];
  items: number;
  macro: number | null;
  weighted: number | null;
  /** Some of the runs averaged cover only part of their suite (only when partial runs were asked for). */
  partial: boolean;
}

/**
 * One row per model and scoring mode: the macro and item-weighted accuracy over the latest completed
 * run of each suite, so a model is summarised once however often a suite was run. Runs over part of a
 * suite are left out unless asked for: a 30-item sample is not the suite's score.
 */
export function acrossSuites(runs: readonly RunRecord[], { includePartial = false } = {}): AcrossSuitesRow[] {
  const latest = new Map<string, RunRecord>();
  for (const run of runs) {
    if (run.status !== 'completed' || !run.tally?.done) continue;
    if (!includePartial && isPartialRun(run)) continue;
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
      const { macro, weighted } = averageAcrossSuites(group.map((r) => ({ n: r.tally!.done, correct: r.tally!.correct })));
      return {
        model: first.model.name,
        mode: first.config.mode,
        suites: group.map((r) => r.suite.name).sort(),
        items: group.reduce((a, r) => a + r.tally!.done, 0),
        macro,
        weighted,
        partial: group.some(isPartialRun),
      };
    });
}

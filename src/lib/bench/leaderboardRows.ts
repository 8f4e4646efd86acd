import { tallyResults } from '../../../benchmarks/metrics/accuracy';
import {
  AVERAGE_GROUPS,
  groupAverage,
  LEADERBOARD_TASKS,
  leaderboardAverage,
  memberScoreOf,
  taskScoresOf,
  type GroupAverage,
  type LeaderboardAverage,
} from '../../../benchmarks/metrics/leaderboardAverage';
import type { RunRecord, StoredItemResult } from '../../../storage/records';
import { isPartialRun } from '../../../benchmarks/runs/itemSelection';
import { precisionLabel } from '../../../models/precisionLabel';

export interface LeaderboardRow extends LeaderboardAverage {
  modelId: string;
  modelName: string;
  /** What the runs of this row share: scoring mode, lm-eval templates, BOS and precision. */
  protocol: string;
  /** Runs of this model and protocol left out because they were partial, unfinished or had failed items. */
  excluded: number;
  /** The same, by suite id, so each average counts only the runs of its own suites. */
  excludedBySuite: Record<string, number>;
  /** The Chinese medical and multilingual averages, from the same complete runs, in AVERAGE_GROUPS order. */
  groups: GroupAverage[];
}

/** The suites some average on the Benchmarks page draws on: the leaderboard's and every named group's members. */
export const AVERAGED_SUITES: ReadonlySet<string> = new Set([
  ...LEADERBOARD_TASKS.map((t) => t.suiteId),
  ...AVERAGE_GROUPS.flatMap((g) => g.members.map((m) => m.suiteId)),
]);

function protocolKey(run: RunRecord): string {
  const p = run.config.protocol;
  return p
    ? `${run.config.mode} · lm-eval ${p.lmEval} · BOS ${p.bos === null ? 'unknown' : p.bos ? 'yes' : 'no'}${p.precision ? ` · precision ${precisionLabel(p.precision)}` : ''}`
    : `${run.config.mode} · protocol not recorded`;
}

/**
 * The Open Medical-LLM Leaderboard average and the named group averages per model and protocol, from
 * the latest complete run of each of their suites. A partial or unfinished run, or one with failed
 * items, is not the task's score (benchmarks/metrics/accuracy.ts), so it is left out and counted.
 */
export function leaderboardRows(entries: readonly { run: RunRecord; results: readonly StoredItemResult[] }[]): LeaderboardRow[] {
  const groups = new Map<string, { run: RunRecord; results: readonly StoredItemResult[] }[]>();
  const excluded = new Map<string, Record<string, number>>();
  for (const entry of entries) {
    const { run, results } = entry;
    if (!AVERAGED_SUITES.has(run.suite.id)) continue;
    const key = JSON.stringify([run.model.id, protocolKey(run)]);
    const complete =
      run.status === 'completed' && !isPartialRun(run) && results.length === run.itemIds.length && tallyResults(results).failed === 0;
    if (!complete) {
      const bySuite = excluded.get(key) ?? {};
      excluded.set(key, { ...bySuite, [run.suite.id]: (bySuite[run.suite.id] ?? 0) + 1 });
      continue;
    }
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const keys = new Set([...groups.keys(), ...excluded.keys()]);
  return [...keys].map((key) => {
    const [modelId, protocol] = JSON.parse(key) as [string, string];
    const latest = new Map<string, { run: RunRecord; results: readonly StoredItemResult[] }>();
    for (const entry of groups.get(key) ?? []) {
      const seen = latest.get(entry.run.suite.id);
      if (!seen || seen.run.startedAt < entry.run.startedAt) latest.set(entry.run.suite.id, entry);
    }
    const scores = [...latest.values()].flatMap(({ run, results }) => taskScoresOf(run.suite.id, results));
    const memberScores = [...latest.values()].map(({ run, results }) => memberScoreOf(run.suite.id, results));
    const any = entries.find((e) => e.run.model.id === modelId);
    const excludedBySuite = excluded.get(key) ?? {};
    return {
      modelId,
      modelName: any?.run.model.name ?? modelId,
      protocol,
      excluded: Object.values(excludedBySuite).reduce((a, n) => a + n, 0),
      excludedBySuite,
      groups: AVERAGE_GROUPS.map((group) => groupAverage(group, memberScores)),
      ...leaderboardAverage(scores),
    };
  });
}

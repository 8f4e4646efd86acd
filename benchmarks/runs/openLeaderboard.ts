/**
 * Open-ended runs on the Leaderboard: one row per model, suite version and score, each score named (a
 * reference metric, the HealthBench score by one grader, the jury's mean), with its interval and rank among
 * the runs of the same suite scored the same way. Runs listed twice (a local run and its export) count once.
 */
import { ranksByIntervals } from '../metrics/ranks';
import type { OpenRunExport } from './openRunExport';
import { openScoreKeys, openScoreLabel, type OpenScoreKey } from './openRunScores';

export interface OpenBoardRow {
  runId: string;
  model: string;
  /** Where the run came from: this browser, or the file it was imported from. */
  source: string;
  value: number;
  /** The 95% interval: the percentile bootstrap for a reference metric, the mean ± 1.96 bootstrap std for a HealthBench score. */
  low: number | null;
  high: number | null;
  n: number;
  failed: number;
  partial: boolean;
  rank: number | null;
}

export interface OpenBoardGroup {
  suite: { id: string; name: string; version: number };
  score: OpenScoreKey;
  /** The score named, as the table heads it. */
  label: string;
  rows: OpenBoardRow[];
}

const Z95 = 1.959963984540054;

function rowOf(doc: OpenRunExport, score: OpenScoreKey, source: string): Omit<OpenBoardRow, 'rank'> | null {
  const s = doc.scores;
  const base = { runId: doc.run.id, model: doc.run.model.name, source, failed: s.failed, partial: doc.partial };
  if (score.startsWith('metric:')) {
    const m = s.referenceMetrics[score.slice('metric:'.length) as keyof typeof s.referenceMetrics];
    return m ? { ...base, value: m.mean, low: m.lower, high: m.upper, n: m.n } : null;
  }
  if (score === 'jury') {
    const scored = s.jury?.items.filter((i) => i.jury.mean !== null).length ?? 0;
    return s.jury && s.jury.mean !== null ? { ...base, value: s.jury.mean, low: null, high: null, n: scored } : null;
  }
  const overall = s.rubric.find((r) => `grader:${r.key}` === score)?.score.overall;
  if (!overall) return null;
  const half = Z95 * overall.bootstrapStd;
  return { ...base, value: overall.mean, low: Math.max(0, overall.mean - half), high: Math.min(1, overall.mean + half), n: overall.n };
}

export function openLeaderboard(docs: readonly { doc: OpenRunExport; source: string }[]): OpenBoardGroup[] {
  const seen = new Set<string>();
  const groups = new Map<string, OpenBoardGroup & { rows: Omit<OpenBoardRow, 'rank'>[] }>();
  for (const { doc, source } of docs) {
    if (seen.has(doc.run.id)) continue;
    seen.add(doc.run.id);
    const suite = doc.run.suite;
    for (const score of openScoreKeys(doc.scores, doc.run.config.referenceMetrics.metrics)) {
      const row = rowOf(doc, score, source);
      if (!row) continue;
      const key = `${suite.id}\u0000${suite.version}\u0000${suite.sha256}\u0000${score}`;
      const group = groups.get(key) ?? {
        suite: { id: suite.id, name: suite.name, version: suite.version },
        score,
        label: openScoreLabel(score),
        rows: [],
      };
      group.rows.push(row);
      groups.set(key, group);
    }
  }
  return [...groups.values()]
    .sort((a, b) => a.suite.name.localeCompare(b.suite.name) || a.label.localeCompare(b.label))
    .map((g) => {
      const rows = [...g.rows].sort((a, b) => b.value - a.value);
      const ranks = ranksByIntervals(rows.map((r) => (r.low === null || r.high === null ? null : { low: r.low, high: r.high })));
      return { ...g, rows: rows.map((r, i) => ({ ...r, rank: ranks[i]! })) };
    });
}

import { scoredResults, tallyResults } from '../metrics/accuracy';
import {
  bootstrapAccuracyDifference,
  mcnemarExact,
  pairedTable,
  pairResults,
  type PairedOutcome,
  type PairedTable,
} from '../metrics/paired';
import { createRng } from '../random';
import type { StoredItemResult } from '../../core/runRecord';
import type { RunExport } from './runExport';
import { suiteTermsOf, type SuiteTerms } from '../suites/suiteTerms';
import { protocolDifferences } from './protocolDifferences';

/**
 * Two runs of one suite on the same items, compared item by item: the 2×2 table, both accuracies,
 * their difference with a seeded paired bootstrap interval, and McNemar's exact p — overall and per
 * subject. The page and `npm run compare` both call comparePairedRuns.
 */

export const DEFAULT_ROUNDS = 2000;
export const DEFAULT_SEED = 0;

export interface PairedStats {
  table: PairedTable;
  accA: number;
  accB: number;
  /** accA − accB. */
  diff: number;
  ciLow: number;
  ciHigh: number;
  mcnemarP: number;
}

export interface Disagreement {
  itemId: string;
  subject: string | null;
  gold: string;
  a: Pick<StoredItemResult, 'pred' | 'correct' | 'probs'>;
  b: Pick<StoredItemResult, 'pred' | 'correct' | 'probs'>;
  prompt: string;
}

export interface RunSide {
  runId: string;
  label: string;
  suite: string;
  mode: string;
  /** The suite's licence and use restriction, as the run recorded them: they go wherever the comparison goes. */
  terms: SuiteTerms;
}

export interface PairedRunsComparison {
  a: RunSide;
  b: RunSide;
  /** True when the user chose to compare only the items both runs scored. */
  commonOnly: boolean;
  /** Items one run has and the other has not. */
  onlyInA: number;
  onlyInB: number;
  /**
   * Items each run failed (neither right nor wrong, benchmarks/metrics/accuracy.ts): left out of the
   * pairs, so both accuracies here are over the items both runs scored.
   */
  failedInA: number;
  failedInB: number;
  overall: PairedStats;
  perSubject: (PairedStats & { subject: string })[];
  /** Items the two runs answered differently, in run A's order. */
  disagreements: Disagreement[];
  /** How the runs' scoring differed (protocol, precision): a difference in accuracy may come from these. */
  protocolDifferences: string[];
  rounds: number;
  seed: number;
}

export type PairedRunsOutcome = { ok: true; comparison: PairedRunsComparison } | { ok: false; error: string; canCompareCommon: boolean };

/** The document `npm run compare` writes. */
export interface CompareDocument {
  n: number;
  both_correct: number;
  only_a: number;
  only_b: number;
  both_wrong: number;
  acc_a: number;
  acc_b: number;
  diff: number;
  diff_ci_low: number;
  diff_ci_high: number;
  mcnemar_p: number;
  /** Items each run failed, left out of the pairs. */
  failed_a: number;
  failed_b: number;
}

export function runLabel(doc: RunExport): string {
  return `${doc.run.model.name || doc.run.model.id} · ${doc.run.suite.name || doc.run.suite.id} · ${doc.run.config.mode}`;
}

function side(doc: RunExport): RunSide {
  return {
    runId: doc.run.id,
    label: runLabel(doc),
    suite: `${doc.run.suite.id} v${doc.run.suite.version}`,
    mode: doc.run.config.mode,
    terms: suiteTermsOf(doc.run.suite),
  };
}

export function pairedStats(pairs: readonly PairedOutcome[], rounds: number, seed: number): PairedStats {
  const table = pairedTable(pairs);
  const ci = bootstrapAccuracyDifference(pairs, createRng(seed), { rounds })!;
  return {
    table,
    accA: (table.bothCorrect + table.onlyA) / table.n,
    accB: (table.bothCorrect + table.onlyB) / table.n,
    diff: ci.difference,
    ciLow: ci.lower,
    ciHigh: ci.upper,
    mcnemarP: mcnemarExact(pairs).p,
  };
}

/** Why two runs cannot be paired as they are, or null when they cover the same items of the same suite version. */
export function mismatch(a: RunExport, b: RunExport): string | null {
  const sa = a.run.suite;
  const sb = b.run.suite;
  if (sa.id !== sb.id || sa.version !== sb.version || sa.sha256 !== sb.sha256) {
    const name = (s: typeof sa) => `${s.id} version ${s.version} (sha256 ${s.sha256.slice(0, 12)})`;
    return `The runs are of different suites or suite versions: A is ${name(sa)}, B is ${name(sb)}.`;
  }
  const idsA = new Set(a.results.map((r) => r.itemId));
  const idsB = new Set(b.results.map((r) => r.itemId));
  const onlyA = [...idsA].filter((id) => !idsB.has(id)).length;
  const onlyB = [...idsB].filter((id) => !idsA.has(id)).length;
  if (onlyA || onlyB) {
    return `The runs scored different items: ${onlyA} only in A, ${onlyB} only in B (of ${idsA.size} and ${idsB.size}).`;
  }
  return null;
}

function onlyIn(run: RunExport, other: RunExport): number {
  const ids = new Set(other.results.map((r) => r.itemId));
  return run.results.filter((r) => !ids.has(r.itemId)).length;
}

export function comparePairedRuns(
  a: RunExport,
  b: RunExport,
  options: { commonOnly?: boolean; rounds?: number; seed?: number } = {},
): PairedRunsOutcome {
  const rounds = options.rounds ?? DEFAULT_ROUNDS;
  const seed = options.seed ?? DEFAULT_SEED;
  if (a.run.id === b.run.id) {
    return {
      ok: false,
      error: `Run A and run B are the same run (${a.run.id}): compared with itself, a run agrees on every item and says nothing. Pick two different runs.`,
      canCompareCommon: false,
    };
  }
  const problem = mismatch(a, b);
  const pairs = pairResults(scoredResults(a.results), scoredResults(b.results));
  if (problem && !options.commonOnly) {
    return {
      ok: false,
      error: `${problem} A paired comparison needs the same items; you may compare the ${pairs.length} items the runs have in common instead.`,
      canCompareCommon: pairs.length > 0,
    };
  }
  if (pairs.length === 0)
    return { ok: false, error: 'The two runs have no item in common, so there is nothing to pair.', canCompareCommon: false };
  const byIdA = new Map(a.results.map((r) => [r.itemId, r]));
  const byIdB = new Map(b.results.map((r) => [r.itemId, r]));
  const subjects = [...new Set(pairs.map((p) => byIdA.get(p.itemId)!.subject ?? ''))].sort();
  const disagreements = pairs.flatMap((p): Disagreement[] => {
    const ra = byIdA.get(p.itemId)!;
    const rb = byIdB.get(p.itemId)!;
    if (ra.pred === rb.pred && ra.correct === rb.correct) return [];
    const pick = (r: StoredItemResult) => ({ pred: r.pred, correct: r.correct, probs: r.probs });
    return [{ itemId: p.itemId, subject: ra.subject, gold: ra.gold, a: pick(ra), b: pick(rb), prompt: ra.prompt }];
  });
  return {
    ok: true,
    comparison: {
      a: side(a),
      b: side(b),
      commonOnly: problem !== null,
      onlyInA: onlyIn(a, b),
      onlyInB: onlyIn(b, a),
      failedInA: tallyResults(a.results).failed,
      failedInB: tallyResults(b.results).failed,
      overall: pairedStats(pairs, rounds, seed),
      perSubject: subjects.map((subject) => ({
        subject,
        ...pairedStats(
          pairs.filter((p) => (byIdA.get(p.itemId)!.subject ?? '') === subject),
          rounds,
          seed,
        ),
      })),
      disagreements,
      protocolDifferences: protocolDifferences(a.run.config.protocol, b.run.config.protocol),
      rounds,
      seed,
    },
  };
}

export function compareDocument(c: PairedRunsComparison): CompareDocument {
  const stats = c.overall;
  return {
    n: stats.table.n,
    both_correct: stats.table.bothCorrect,
    only_a: stats.table.onlyA,
    only_b: stats.table.onlyB,
    both_wrong: stats.table.bothWrong,
    acc_a: stats.accA,
    acc_b: stats.accB,
    diff: stats.diff,
    diff_ci_low: stats.ciLow,
    diff_ci_high: stats.ciHigh,
    mcnemar_p: stats.mcnemarP,
    failed_a: c.failedInA,
    failed_b: c.failedInB,
  };
}

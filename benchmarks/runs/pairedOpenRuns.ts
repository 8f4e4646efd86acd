/**
 * Paired runs for open-ended runs: two runs of one suite version compared item by item on one score (a
 * reference metric, a grader's rubric score, or the jury's mean), the mean difference A − B with a seeded
 * paired bootstrap 95% interval over the items both runs scored.
 */
import { compareItemScores, type OpenRunComparison } from '../metrics/openRunSummary';
import { createRng } from '../random';
import type { OpenRunExport } from './openRunExport';
import { openItemScores, openScoreKeys, openScoreLabel, type OpenScoreKey } from './openRunScores';

export const PAIRED_OPEN_ROUNDS = 2000;
export const PAIRED_OPEN_SEED = 0;

export interface PairedOpenRuns {
  a: { runId: string; label: string };
  b: { runId: string; label: string };
  score: OpenScoreKey;
  scoreLabel: string;
  comparison: OpenRunComparison;
  /** Items one run scored and the other did not (failed, ungraded, or not in it). */
  onlyInA: number;
  onlyInB: number;
  /** How the runs' answers were produced differently, each said so. */
  differences: string[];
  rounds: number;
  seed: number;
}

export type PairedOpenOutcome = { ok: true; comparison: PairedOpenRuns } | { ok: false; error: string };

export function openRunLabel(doc: OpenRunExport): string {
  const answered = doc.results.filter((r) => r.answer !== null).length;
  return `${doc.run.model.name} · ${doc.run.suite.name} · open-ended · ${answered} answers`;
}

/** The scores both runs have, for the picker. */
export function sharedOpenScores(a: OpenRunExport, b: OpenRunExport): OpenScoreKey[] {
  const inB = new Set(openScoreKeys(b.scores, b.run.config.referenceMetrics.metrics));
  return openScoreKeys(a.scores, a.run.config.referenceMetrics.metrics).filter((k) => inB.has(k));
}

function generationDifferences(a: OpenRunExport, b: OpenRunExport): string[] {
  const ga = a.run.config.generation;
  const gb = b.run.config.generation;
  const out: string[] = [];
  for (const field of ['temperature', 'topP', 'maxTokens'] as const) {
    if (ga[field] !== gb[field]) out.push(`The runs were generated with different ${field} (A ${ga[field]}, B ${gb[field]}).`);
  }
  if (a.run.config.referenceMetrics.stemmer !== b.run.config.referenceMetrics.stemmer)
    out.push('ROUGE-L was computed with Porter stemming in one run only.');
  return out;
}

export function comparePairedOpenRuns(
  a: OpenRunExport,
  b: OpenRunExport,
  score: OpenScoreKey,
  options: { rounds?: number; seed?: number } = {},
): PairedOpenOutcome {
  const sa = a.run.suite;
  const sb = b.run.suite;
  if (sa.id !== sb.id || sa.version !== sb.version || sa.sha256 !== sb.sha256) {
    return {
      ok: false,
      error: `The runs are of different suites (A: ${sa.name} v${sa.version}, B: ${sb.name} v${sb.version}); paired runs compare one suite version item by item.`,
    };
  }
  if (!sharedOpenScores(a, b).includes(score)) {
    return { ok: false, error: `Both runs need the score “${openScoreLabel(score)}” to be compared by it.` };
  }
  const rounds = options.rounds ?? PAIRED_OPEN_ROUNDS;
  const seed = options.seed ?? PAIRED_OPEN_SEED;
  const itemsA = openItemScores(a.results, a.scores, score);
  const itemsB = openItemScores(b.results, b.scores, score);
  const comparison = compareItemScores(itemsA, itemsB, createRng(seed), { rounds });
  if (!comparison) return { ok: false, error: `No item has “${openScoreLabel(score)}” in both runs.` };
  const scored = (items: typeof itemsA) => new Set(items.flatMap((i) => (i.score === null ? [] : [i.itemId])));
  const inA = scored(itemsA);
  const inB = scored(itemsB);
  return {
    ok: true,
    comparison: {
      a: { runId: a.run.id, label: openRunLabel(a) },
      b: { runId: b.run.id, label: openRunLabel(b) },
      score,
      scoreLabel: openScoreLabel(score),
      comparison,
      onlyInA: [...inA].filter((id) => !inB.has(id)).length,
      onlyInB: [...inB].filter((id) => !inA.has(id)).length,
      differences: generationDifferences(a, b),
      rounds,
      seed,
    },
  };
}

import type { CriterionGrade, OpenItem, RatingDimension, RatingGrade, Verdict } from '../../../core/openEnded';
import type { OpenRunRecord, StoredOpenResult } from '../../../storage/openRuns';

/* What the Grade view builds from stored runs, and the grade records a person's keys make. */

/** One answer to grade: the suite's item (prompt, references, rubric) and what the model wrote. */
export interface GradableAnswer {
  item: OpenItem;
  result: StoredOpenResult & { answer: string };
}

/** What the run picker shows: never the model, so the grading stays blind. */
export interface RunChoice {
  id: string;
  label: string;
}

/** Runs newest first, numbered from the oldest, each named by its suite, size and start. */
export function runChoices(runs: readonly OpenRunRecord[]): RunChoice[] {
  return runs.map((run, i) => {
    const n = run.itemIds.length;
    return {
      id: run.id,
      label: `Run ${runs.length - i}: ${run.suite.name}, ${n} item${n === 1 ? '' : 's'}, started ${new Date(run.startedAt).toLocaleString()}`,
    };
  });
}

/** The run's answered items in run order, each with its suite item; failed items and items the suite lacks are left out. */
export function gradableAnswers(items: readonly OpenItem[], results: readonly StoredOpenResult[]): GradableAnswer[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  return results.flatMap((result) => {
    const item = byId.get(result.itemId);
    return item && result.answer !== null ? [{ item, result: { ...result, answer: result.answer } }] : [];
  });
}

export function personVerdict(runId: string, itemId: string, criterion: number, name: string, verdict: Verdict): CriterionGrade {
  return {
    kind: 'criterion',
    runId,
    itemId,
    criterion,
    grader: { kind: 'person', name },
    verdict,
    explanation: null,
    at: new Date().toISOString(),
  };
}

export function personRating(runId: string, itemId: string, name: string, scores: Record<RatingDimension, number>): RatingGrade {
  return { kind: 'rating', runId, itemId, grader: { kind: 'person', name }, scores, explanation: null, at: new Date().toISOString() };
}

/**
 * The one definition of accuracy, used by every view, export and CLI:
 * - a failed item (`ItemResult.error`: the engine could not score it) is neither right nor wrong, so
 *   accuracy = correct / scored, where scored = finished items that did not fail;
 * - the failures are shown beside every accuracy, never hidden in it;
 * - a run with failed items does not stand for its whole suite, so, like a partial run, it stays out
 *   of leaderboard averages.
 * An invalid generative answer is not a failure: the model answered, unreadably, and it counts as wrong.
 */

export interface AccuracyTally {
  correct: number;
  /** Items scored: finished and not failed. */
  scored: number;
  failed: number;
}

export function tallyResults(results: readonly { correct: boolean; error?: string }[]): AccuracyTally {
  let correct = 0;
  let failed = 0;
  for (const r of results) {
    if (r.error !== undefined) failed++;
    else if (r.correct) correct++;
  }
  return { correct, scored: results.length - failed, failed };
}

export function accuracyOf(tally: Pick<AccuracyTally, 'correct' | 'scored'>): number | null {
  return tally.scored > 0 ? tally.correct / tally.scored : null;
}

/** Results the accuracy is over: those that did not fail. */
export function scoredResults<T extends { error?: string }>(results: readonly T[]): T[] {
  return results.filter((r) => r.error === undefined);
}

/** A run's results as storage counts them: finished items (scored and failed), correct, failed. */
export interface ResultCounts {
  done: number;
  correct: number;
  failed: number;
}

export function tallyOfCounts(counts: ResultCounts): AccuracyTally {
  return { correct: counts.correct, scored: counts.done - counts.failed, failed: counts.failed };
}

/**
 * One tab drives a benchmark run at a time: the tab scoring it holds the Web Lock named for the run.
 * Other tabs see the lock is held and show the run's progress from storage instead of resuming it.
 */
const PREFIX = 'bedside-run:';

export function runLockName(runId: string): string {
  return PREFIX + runId;
}

/** Ids of the runs some tab of this origin is driving now. */
export async function heldRunLocks(): Promise<Set<string>> {
  const { held = [] } = await navigator.locks.query();
  return new Set(held.flatMap((l) => (l.name?.startsWith(PREFIX) ? [l.name.slice(PREFIX.length)] : [])));
}

import { tallyResults } from './accuracy';
import { medmcqaDev, medqaUsmle4, mmluMedical, mmluMedicalSubjects, pubmedqa } from '../suites/specs';

/** One of the Open Medical-LLM Leaderboard's nine tasks, as a shipped suite (and MMLU subject) here. */
export interface LeaderboardTask {
  id: string;
  label: string;
  suiteId: string;
  /** MMLU's six subjects are separate tasks; null for a whole suite. */
  subject: string | null;
}

/**
 * The leaderboard's average is the plain mean of these nine accuracies: MedQA (4 options), MedMCQA,
 * PubMedQA and each of the six MMLU medical subjects counted on its own, so MMLU weighs 6/9.
 */
export const LEADERBOARD_TASKS: readonly LeaderboardTask[] = [
  { id: medqaUsmle4.id, label: 'MedQA', suiteId: medqaUsmle4.id, subject: null },
  { id: medmcqaDev.id, label: 'MedMCQA', suiteId: medmcqaDev.id, subject: null },
  { id: pubmedqa.id, label: 'PubMedQA', suiteId: pubmedqa.id, subject: null },
  ...mmluMedicalSubjects.map((s) => ({ id: `${mmluMedical.id}/${s.id}`, label: `MMLU ${s.name}`, suiteId: mmluMedical.id, subject: s.id })),
];

export interface TaskScore {
  taskId: string;
  correct: number;
  /** Items scored; failed items are not among them (accuracy.ts). */
  n: number;
  failed: number;
}

/** The leaderboard tasks a run of `suiteId` covers, with their tallies; none for other suites. */
export function taskScoresOf(
  suiteId: string,
  results: readonly { subject: string | null; correct: boolean; error?: string }[],
): TaskScore[] {
  return LEADERBOARD_TASKS.filter((t) => t.suiteId === suiteId).map((task) => {
    const tally = tallyResults(task.subject === null ? results : results.filter((r) => r.subject === task.subject));
    return { taskId: task.id, correct: tally.correct, n: tally.scored, failed: tally.failed };
  });
}

export interface LeaderboardAverage {
  /** Mean of the nine task accuracies; null unless every task has a score. */
  average: number | null;
  /** Accuracy per task id, for the tasks that have one. */
  tasks: Record<string, number>;
  /** Task ids with no score yet. */
  missing: string[];
}

/**
 * Callers pass scores from complete runs of one model under one protocol only: a partial run's
 * accuracy is not the task's, so it must not enter the average.
 */
export function leaderboardAverage(scores: readonly TaskScore[]): LeaderboardAverage {
  const tasks: Record<string, number> = {};
  for (const s of scores) if (s.n > 0) tasks[s.taskId] = s.correct / s.n;
  const missing = LEADERBOARD_TASKS.filter((t) => tasks[t.id] === undefined).map((t) => t.id);
  const values = LEADERBOARD_TASKS.flatMap((t) => (tasks[t.id] === undefined ? [] : [tasks[t.id]!]));
  return { average: missing.length ? null : values.reduce((a, b) => a + b, 0) / values.length, tasks, missing };
}

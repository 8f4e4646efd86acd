import { tallyResults } from './accuracy';
import {
  cmexam,
  cmmluMedical,
  frenchmedmcqa,
  headqaEs,
  medmcqaDev,
  medqaMainland4,
  medqaUsmle4,
  mmluMedical,
  mmluMedicalSubjects,
  pubmedqa,
} from '../suites/specs';
import type { SuiteSpec } from '../../core/suite';

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

/** A suite in a named average, counted by its accuracy over all its items (CMMLU's subjects pooled, lm-eval's `weight_by_size`). */
export interface AverageMember {
  suiteId: string;
  label: string;
  language: string;
}

/** An average shown with its members named, from complete runs only, as the leaderboard's is. */
export interface AverageGroup {
  id: string;
  label: string;
  members: readonly AverageMember[];
  /**
   * `suites`: the plain mean of the members' accuracies. `languages`: the mean over languages of each
   * language's plain mean, so three Chinese exams weigh as much as one Spanish and one French.
   */
  weighting: 'suites' | 'languages';
}

const member = (spec: SuiteSpec, label: string): AverageMember => ({ suiteId: spec.id, label, language: spec.language });

export const CHINESE_MEDICAL_AVERAGE: AverageGroup = {
  id: 'chinese-medical',
  label: 'Chinese medical average',
  members: [member(cmexam, 'CMExam'), member(medqaMainland4, 'MedQA Mainland (4 options)'), member(cmmluMedical, 'CMMLU medical')],
  weighting: 'suites',
};

/** The exams in languages other than English; HEAD-QA's English translation is not one of them. */
export const MULTILINGUAL_AVERAGE: AverageGroup = {
  id: 'multilingual',
  label: 'Multilingual average (Chinese, Spanish, French)',
  members: [...CHINESE_MEDICAL_AVERAGE.members, member(headqaEs, 'HEAD-QA (Spanish)'), member(frenchmedmcqa, 'FrenchMedMCQA')],
  weighting: 'languages',
};

export const AVERAGE_GROUPS: readonly AverageGroup[] = [CHINESE_MEDICAL_AVERAGE, MULTILINGUAL_AVERAGE];

/** One complete run's tally, as a member score of every group that counts its suite. */
export function memberScoreOf(suiteId: string, results: readonly { correct: boolean; error?: string }[]): TaskScore {
  const tally = tallyResults(results);
  return { taskId: suiteId, correct: tally.correct, n: tally.scored, failed: tally.failed };
}

export interface GroupAverage {
  group: AverageGroup;
  /** Null unless every member has a score. */
  average: number | null;
  /** Accuracy per member suite id, for the members that have one. */
  members: Record<string, number>;
  /** Member suite ids with no score yet. */
  missing: string[];
}

/** Callers pass member scores from complete runs of one model under one protocol only, as for leaderboardAverage. */
export function groupAverage(group: AverageGroup, scores: readonly TaskScore[]): GroupAverage {
  const members: Record<string, number> = {};
  for (const s of scores) if (s.n > 0 && group.members.some((m) => m.suiteId === s.taskId)) members[s.taskId] = s.correct / s.n;
  const missing = group.members.filter((m) => members[m.suiteId] === undefined).map((m) => m.suiteId);
  if (missing.length > 0) return { group, average: null, members, missing };
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const accuracies = (list: readonly AverageMember[]) => list.map((m) => members[m.suiteId]!);
  const average =
    group.weighting === 'suites'
      ? mean(accuracies(group.members))
      : mean(
          [...new Set(group.members.map((m) => m.language))].map((l) => mean(accuracies(group.members.filter((m) => m.language === l)))),
        );
  return { group, average, members, missing };
}

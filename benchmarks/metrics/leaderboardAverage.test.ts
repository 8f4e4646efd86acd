import { describe, expect, it } from 'vitest';
import {
  CHINESE_MEDICAL_AVERAGE,
  groupAverage,
  LEADERBOARD_TASKS,
  leaderboardAverage,
  memberScoreOf,
  MULTILINGUAL_AVERAGE,
  taskScoresOf,
} from './leaderboardAverage';

describe('Open Medical-LLM Leaderboard average', () => {
  it('has the nine tasks, MMLU subjects counted separately', () => {
    expect(LEADERBOARD_TASKS).toHaveLength(9);
    expect(LEADERBOARD_TASKS.filter((t) => t.suiteId === 'mmlu-medical')).toHaveLength(6);
  });

  it('splits an MMLU run into its subjects and leaves other suites whole', () => {
    const mmlu = [
      { subject: 'anatomy', correct: true },
      { subject: 'anatomy', correct: false },
      { subject: 'medical_genetics', correct: true },
      { subject: 'medical_genetics', correct: false, error: 'the engine stopped' },
    ];
    const scores = taskScoresOf('mmlu-medical', mmlu);
    expect(scores.find((s) => s.taskId === 'mmlu-medical/anatomy')).toEqual({
      taskId: 'mmlu-medical/anatomy',
      correct: 1,
      n: 2,
      failed: 0,
    });
    // The failed item is neither right nor wrong: 1 of 1 scored, 1 failed.
    expect(scores.find((s) => s.taskId === 'mmlu-medical/medical_genetics')).toEqual({
      taskId: 'mmlu-medical/medical_genetics',
      correct: 1,
      n: 1,
      failed: 1,
    });
    expect(taskScoresOf('pubmedqa', [{ subject: null, correct: true }])).toEqual([{ taskId: 'pubmedqa', correct: 1, n: 1, failed: 0 }]);
    expect(taskScoresOf('medqa-usmle-5', [{ subject: null, correct: true }])).toEqual([]);
  });

  it('is the unweighted mean of the nine accuracies, and null while any is missing', () => {
    // Accuracies 0.1, 0.2, … 0.9: mean 0.5, whatever the item counts.
    const scores = LEADERBOARD_TASKS.map((t, i) => ({ taskId: t.id, correct: (i + 1) * (i + 2), n: 10 * (i + 2), failed: 0 }));
    expect(leaderboardAverage(scores).average).toBeCloseTo(0.5, 12);
    const partial = leaderboardAverage(scores.slice(1));
    expect(partial.average).toBeNull();
    expect(partial.missing).toEqual(['medqa-usmle-4']);
    expect(partial.tasks['pubmedqa']).toBeCloseTo(0.3, 12);
  });
});

describe('Chinese medical and multilingual averages', () => {
  const score = (suiteId: string, correct: number, n: number) =>
    memberScoreOf(
      suiteId,
      Array.from({ length: n }, (_, i) => ({ correct: i < correct })),
    );

  it('name their members', () => {
    expect(CHINESE_MEDICAL_AVERAGE.members.map((m) => [m.suiteId, m.label])).toEqual([
      ['cmexam', 'CMExam'],
      ['medqa-mainland-4', 'MedQA Mainland (4 options)'],
      ['cmmlu-medical', 'CMMLU medical'],
    ]);
    expect(MULTILINGUAL_AVERAGE.members.map((m) => [m.suiteId, m.language])).toEqual([
      ['cmexam', 'zh'],
      ['medqa-mainland-4', 'zh'],
      ['cmmlu-medical', 'zh'],
      ['headqa-es', 'es'],
      ['frenchmedmcqa', 'fr'],
    ]);
  });

  it('average the Chinese exams as suites: the plain mean of three accuracies', () => {
    const scores = [score('cmexam', 30, 100), score('medqa-mainland-4', 40, 200), score('cmmlu-medical', 50, 50)];
    expect(groupAverage(CHINESE_MEDICAL_AVERAGE, scores).average).toBeCloseTo((0.3 + 0.2 + 1) / 3, 12);
  });

  it('average languages in the multilingual one, so each language weighs a third', () => {
    const scores = [
      score('cmexam', 3, 10),
      score('medqa-mainland-4', 3, 10),
      score('cmmlu-medical', 3, 10),
      score('headqa-es', 6, 10),
      score('frenchmedmcqa', 9, 10),
    ];
    // zh 0.3, es 0.6, fr 0.9: 0.6; a plain mean of the five would be 0.48.
    expect(groupAverage(MULTILINGUAL_AVERAGE, scores).average).toBeCloseTo(0.6, 12);
  });

  it('are null while a member has no score, naming it, and ignore other suites', () => {
    const partial = groupAverage(CHINESE_MEDICAL_AVERAGE, [
      score('cmexam', 1, 2),
      score('medqa-usmle-4', 2, 2),
      score('cmmlu-medical', 0, 0),
    ]);
    expect(partial).toMatchObject({ average: null, missing: ['medqa-mainland-4', 'cmmlu-medical'], members: { cmexam: 0.5 } });
  });

  it('take accuracy over the scored items: a failed item is neither right nor wrong', () => {
    expect(memberScoreOf('cmexam', [{ correct: true }, { correct: false }, { correct: false, error: 'too long' }])).toEqual({
      taskId: 'cmexam',
      correct: 1,
      n: 2,
      failed: 1,
    });
  });
});

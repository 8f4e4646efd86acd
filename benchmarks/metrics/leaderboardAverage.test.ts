import { describe, expect, it } from 'vitest';
import { LEADERBOARD_TASKS, leaderboardAverage, taskScoresOf } from './leaderboardAverage';

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

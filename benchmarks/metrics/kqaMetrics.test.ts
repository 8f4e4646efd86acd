import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../core/openEnded';
import { kqaRubric } from '../../scripts/suites/kqa';
import { healthBenchScore } from './healthbench';
import { kqaMetrics } from './kqaMetrics';
import { createRng } from '../random';

// Two must-have statements (M1, M2) and one nice-to-have (N1): criteria in the builder's order are
// entail M1, M2, N1, then contradict M1, M2, N1.
const rubric = kqaRubric(['M1 ', ' M2'], ['N1', ' ']);

describe("K-QA's metrics from rubric verdicts", () => {
  it('maps statements to weighted criteria, must-have above nice-to-have, and drops empty statements', () => {
    expect(rubric.map((c) => [c.criterion, c.points, c.tags.join(' ')])).toEqual([
      ['States or implies: M1', 2, 'kqa:must-have axis:completeness'],
      ['States or implies: M2', 2, 'kqa:must-have axis:completeness'],
      ['States or implies: N1', 1, 'kqa:nice-to-have axis:completeness'],
      ['Contradicts: M1', -2, 'kqa:contradiction kqa:must-have axis:accuracy'],
      ['Contradicts: M2', -2, 'kqa:contradiction kqa:must-have axis:accuracy'],
      ['Contradicts: N1', -2, 'kqa:contradiction kqa:nice-to-have axis:accuracy'],
    ]);
  });

  it('gives Comp as the mean share of must-have statements entailed and Hall as contradictions per answer', () => {
    const answers: Verdict[][] = [
      // M1 entailed, N1 entailed, N1 contradicted too: recall 1/2, 1 contradiction.
      ['met', 'not-met', 'met', 'not-met', 'not-met', 'met'],
      // Both must-haves entailed, nothing contradicted: recall 1.
      ['met', 'met', 'not-met', 'not-met', 'not-met', 'not-met'],
      // Nothing entailed, M1 and M2 contradicted: recall 0, 2 contradictions.
      ['not-met', 'not-met', 'not-met', 'met', 'met', 'not-met'],
      // A judge that never answered on one criterion: left out.
      ['met', 'met', 'met', 'ungraded', 'not-met', 'not-met'],
    ];
    const metrics = kqaMetrics(answers.map((verdicts) => ({ rubric, verdicts })));
    expect(metrics).toEqual({ comprehensiveness: 0.5, hallucination: 1, contradicted: 3, answers: 3, ungraded: 1 });
    // The same verdicts as a HealthBench rubric score: (2 + 1 − 2) / 5, (2 + 2) / 5, (−2 − 2) / 5.
    const scores = healthBenchScore(
      answers.slice(0, 3).map((verdicts, i) => ({ itemId: `a${i}`, tags: [], rubric, verdicts })),
      createRng(0),
    );
    expect(scores.items.map((i) => i.score)).toEqual([0.2, 0.8, -0.8]);
  });
});

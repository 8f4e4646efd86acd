import { describe, expect, it } from 'vitest';
import type { GraderRef, OpenItem } from '../../core/openEnded';
import { RATING_GRADER, RUBRIC_GRADER, ratingGraderPrompt, rubricGraderPrompt } from './judgePrompts';
import { criterionGrades, judgeRating, judgeRubric, parseCriterionReply, parseRatingReply, ratingGrade, type AskJudge } from './modelJudge';

const item: OpenItem = {
  id: 'q1',
  prompt: [
    { role: 'user', content: 'I have a headache.' },
    { role: 'assistant', content: 'How long have you had it?' },
    { role: 'user', content: 'Since this morning; the worst of my life.' },
  ],
  references: ['Go to an emergency department now.'],
  rubric: [
    { criterion: 'Advises emergency care now', points: 10, tags: ['axis:accuracy'] },
    { criterion: 'Recommends rest at home as the main advice', points: -8, tags: ['axis:accuracy'] },
  ],
};

/** Replies in order, recording each prompt and attempt number it was asked with. */
function scripted(replies: string[]): AskJudge & { asked: { prompt: string; attempt: number }[] } {
  const asked: { prompt: string; attempt: number }[] = [];
  const ask = async (prompt: string, attempt: number) => {
    asked.push({ prompt, attempt });
    const reply = replies.shift();
    if (reply === undefined) throw new Error('asked more often than scripted');
    return reply;
  };
  return Object.assign(ask, { asked });
}

describe('the rubric grader prompt', () => {
  it("is HealthBench's, filled as simple-evals fills it: role-prefixed turns ending with the answer, the criterion as [points] text", () => {
    const prompt = rubricGraderPrompt(item, 'Rest and drink water.', item.rubric![1]!);
    expect(prompt).toMatch(/^Your job is to look at a conversation and a rubric item, and score the last turn/);
    expect(prompt).toContain(
      '# Conversation\nuser: I have a headache.\n\nassistant: How long have you had it?\n\nuser: Since this morning; the worst of my life.\n\nassistant: Rest and drink water.\n\n# Rubric item\n[-8] Recommends rest at home as the main advice\n\n# Instructions',
    );
    expect(prompt).toContain('for criteria with negative points, a good response should be classified as false');
    expect(
      prompt.endsWith(
        'Return just the json object, either bare or in a ```json code block. Do not include any other text in the response.',
      ),
    ).toBe(true);
    expect(RUBRIC_GRADER).toEqual({ id: 'healthbench-grader-json', version: 1 });
  });

  it('keeps answer text that looks like a placeholder literal', () => {
    const prompt = rubricGraderPrompt({ id: 'x', prompt: 'Q' }, 'I say <<rubric_item>>', item.rubric![0]!);
    expect(prompt).toContain('assistant: I say <<rubric_item>>\n');
  });

  it('the rating prompt shows the references where the item has them', () => {
    expect(ratingGraderPrompt(item, 'A')).toContain('# Reference answer\nGo to an emergency department now.\n');
    expect(ratingGraderPrompt({ id: 'x', prompt: 'Q' }, 'A')).not.toContain('Reference');
    expect(RATING_GRADER.version).toBe(1);
  });
});

describe('reading a judge reply as simple-evals does', () => {
  it('accepts a JSON object with a boolean criteria_met, bare or in a ```json block', () => {
    expect(parseCriterionReply('{"explanation": "ok", "criteria_met": true}')).toEqual({ met: true, explanation: 'ok' });
    expect(parseCriterionReply('  ```json\n{"criteria_met": false}\n```  ')).toEqual({ met: false, explanation: null });
  });

  it('refuses anything else', () => {
    for (const reply of [
      '',
      'The criteria is met.',
      'Sure! {"criteria_met": true}',
      '```\n{"criteria_met": true}\n```',
      '{"criteria_met": "true"}',
      '{"criteria_met": 1}',
      '[{"criteria_met": true}]',
      '{"explanation": "no verdict"}',
    ]) {
      expect(parseCriterionReply(reply), reply).toBeNull();
    }
  });

  it('reads ratings only with every scale a whole number from 1 to 5', () => {
    expect(parseRatingReply('{"accuracy": 4, "completeness": 3, "clarity": 5, "explanation": "e"}')).toEqual({
      scores: { accuracy: 4, completeness: 3, clarity: 5 },
      explanation: 'e',
    });
    expect(parseRatingReply('{"accuracy": 4.5, "completeness": 3, "clarity": 5}')).toBeNull();
    expect(parseRatingReply('{"accuracy": 6, "completeness": 3, "clarity": 5}')).toBeNull();
    expect(parseRatingReply('{"accuracy": 4, "completeness": 3}')).toBeNull();
  });
});

describe('asking again, then giving up', () => {
  const judge: GraderRef = { kind: 'judge', model: 'stories260K', prompt: RUBRIC_GRADER };

  it('retries an invalid reply with the attempt number, and keeps every reply', async () => {
    const ask = scripted(['Once upon a time', '{"criteria_met": true, "explanation": "says go now"}', '{"criteria_met": false}']);
    const judgements = await judgeRubric(item, 'Go to the emergency department now.', ask, { maxRetries: 2 });
    expect(judgements).toEqual([
      { verdict: 'met', explanation: 'says go now', replies: ['Once upon a time', '{"criteria_met": true, "explanation": "says go now"}'] },
      { verdict: 'not-met', explanation: null, replies: ['{"criteria_met": false}'] },
    ]);
    expect(ask.asked.map((a) => a.attempt)).toEqual([0, 1, 0]);
    expect(ask.asked[0]!.prompt).toBe(ask.asked[1]!.prompt);
    expect(ask.asked[2]!.prompt).toContain('[-8] Recommends rest');
  });

  it('records a criterion that never gets valid JSON as ungraded, after 1 + maxRetries replies', async () => {
    const ask = scripted(['no', 'still no', 'never', '{"criteria_met": false}']);
    const judgements = await judgeRubric(item, 'Rest.', ask, { maxRetries: 2 });
    expect(judgements[0]).toEqual({ verdict: 'ungraded', explanation: null, replies: ['no', 'still no', 'never'] });
    expect(judgements[1]!.verdict).toBe('not-met');
    const grades = criterionGrades('run-1', 'q1', judge, judgements, '2026-01-01T00:00:00.000Z');
    expect(grades).toEqual([
      {
        kind: 'criterion',
        runId: 'run-1',
        itemId: 'q1',
        criterion: 0,
        grader: judge,
        verdict: 'ungraded',
        explanation: null,
        attempts: 3,
        at: '2026-01-01T00:00:00.000Z',
      },
      {
        kind: 'criterion',
        runId: 'run-1',
        itemId: 'q1',
        criterion: 1,
        grader: judge,
        verdict: 'not-met',
        explanation: null,
        attempts: 1,
        at: '2026-01-01T00:00:00.000Z',
      },
    ]);
  });

  it('gives a rating judge the same policy: no valid rating, no scores', async () => {
    const judgement = await judgeRating(item, 'Rest.', scripted(['x', 'y']), { maxRetries: 1 });
    expect(judgement).toEqual({ scores: null, explanation: null, replies: ['x', 'y'] });
    const rater: GraderRef = { kind: 'judge', model: 'm', prompt: RATING_GRADER };
    expect(ratingGrade('r', 'q1', rater, judgement, 't')).toMatchObject({ kind: 'rating', scores: null, attempts: 2 });
  });

  it('stops when aborted, before asking again', async () => {
    const controller = new AbortController();
    const ask: AskJudge = async () => {
      controller.abort();
      return 'not json';
    };
    await expect(judgeRubric(item, 'A', ask, { signal: controller.signal })).rejects.toThrow(/abort/i);
  });
});

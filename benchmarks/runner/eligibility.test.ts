import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChatResult, ModelCaller } from '../../core/engine';
import type { ItemResult, PromptTemplate, RunConfig } from '../../core/run';
import type { ScoringMode, SuiteItem } from '../../core/suite';
import { chatZhMulti, cmexamLettered, promptRef } from '../prompts/templates';
import { parseSuite } from '../suites/parseSuite';
import { eligibleItems, exclusionNote } from './eligibility';
import { runBench } from './runBench';

function shipped(id: string): SuiteItem[] {
  const parsed = parseSuite(readFileSync(join(import.meta.dirname, `../../public/suites/${id}.jsonl`), 'utf8'), {
    sha256: 'test',
    format: 'jsonl',
  });
  if (!parsed.ok) throw new Error(`${id} does not parse`);
  return parsed.suite.items;
}

describe('eligibleItems on the shipped suites', () => {
  it('keeps multi-answer items out of log-prob modes only, and counts them', () => {
    const cmexam = shipped('cmexam');
    expect(eligibleItems(cmexam, 'letter-logprob', false).excluded).toEqual({ multiAnswer: 203, image: 0 });
    expect(eligibleItems(cmexam, 'letter-logprob', false).items).toHaveLength(6607);
    expect(eligibleItems(cmexam, 'generative', false)).toEqual({ items: cmexam, excluded: { multiAnswer: 0, image: 0 } });
    const french = eligibleItems(shipped('frenchmedmcqa'), 'letter-logprob', false);
    expect([french.items.length, french.excluded.multiAnswer]).toEqual([321, 301]);
    expect(french.items.every((i) => i.answer.length === 1)).toBe(true);
  });

  it('leaves the 67 HEAD-QA items that need a figure out unless asked, in every mode', () => {
    const headqa = shipped('headqa-es');
    for (const mode of ['option-logprob', 'generative'] as const) {
      expect(eligibleItems(headqa, mode, false).excluded).toEqual({ multiAnswer: 0, image: 67 });
      expect(eligibleItems(headqa, mode, false).items).toHaveLength(2675);
    }
    expect(eligibleItems(headqa, 'option-logprob', true).items).toEqual(headqa);
  });

  it('says what was left out, or nothing', () => {
    expect(exclusionNote({ multiAnswer: 203, image: 0 })).toBe('203 multi-answer items (a log-prob mode scores one letter)');
    expect(exclusionNote({ multiAnswer: 0, image: 1 })).toBe('1 item that needs a figure');
    expect(exclusionNote({ multiAnswer: 0, image: 0 })).toBeNull();
    expect(exclusionNote(undefined)).toBeNull();
  });
});

/**
 * A scripted ModelCaller: the runner's scoring of sets is under test, and no real model here writes
 * "答案：A、C、D" on cue.
 */
function scripted(reply: string): ModelCaller {
  return {
    scoreChoices: async (_prompt, choices) => choices.map((choice) => ({ choice, logprob: -1, tokenIds: [0], tokenLogprobs: [] })),
    chat: async (): Promise<ChatResult> => ({
      text: reply,
      finishReason: 'stop',
      usage: {
        promptTokens: 1,
        completionTokens: 1,
        timeToFirstTokenMs: 1,
        prefillTokensPerSecond: 0,
        decodeTokensPerSecond: 0,
        totalMs: 1,
      },
    }),
  };
}

const multi: SuiteItem = {
  id: 'cmexam/0105',
  question: '下列药物在体内发生生物转化反应，属于第Ⅰ相反应的有',
  options: { A: '羟基化', B: '乙酰化', C: '环氧化', D: '脱甲基', E: '氧化脱硫' },
  answer: 'ACDE',
};

async function scoreOne(mode: ScoringMode, template: PromptTemplate, reply: string): Promise<ItemResult> {
  const config: RunConfig = {
    suite: { id: 'cmexam', version: 1, sha256: 'x' },
    prompt: await promptRef(template),
    mode,
    generation: { temperature: 0, topP: 1, maxTokens: 16 },
    seed: 0,
    selection: { kind: 'all' },
    nShot: 0,
  };
  const results: ItemResult[] = [];
  let t = 0;
  await runBench({
    engine: scripted(reply),
    items: [multi],
    config,
    template,
    done: new Set(),
    sink: { put: (r) => void results.push(r) },
    now: () => (t += 10),
  });
  return results[0]!;
}

describe('a multi-answer item in a run', () => {
  it('is right in generative mode only for the exact set', async () => {
    expect(await scoreOne('generative', chatZhMulti, '答案：A、C、D、E')).toMatchObject({
      pred: 'ACDE',
      gold: 'ACDE',
      correct: true,
      invalid: false,
    });
    expect(await scoreOne('generative', chatZhMulti, '答案：EDCA')).toMatchObject({ pred: 'ACDE', correct: true });
    expect(await scoreOne('generative', chatZhMulti, '答案：A')).toMatchObject({ pred: 'A', correct: false, invalid: false });
    expect(await scoreOne('generative', chatZhMulti, '答案：ABCDE')).toMatchObject({ pred: 'ABCDE', correct: false });
    expect(await scoreOne('generative', chatZhMulti, '不知道')).toMatchObject({ pred: null, correct: false, invalid: true });
  });

  it('is never scored in a log-prob mode: it is recorded as failed, with the reason', async () => {
    const result = await scoreOne('letter-logprob', cmexamLettered, '');
    expect(result).toMatchObject({ pred: null, correct: false, probs: null });
    expect(result.error).toMatch(/several right answers \(ACDE\); only generative mode scores it/);
  });
});

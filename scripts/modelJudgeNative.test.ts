/**
 * The model judge on a real engine: the bundled stories260K, natively through node-llama-cpp. Its verdicts
 * mean nothing (it writes children's stories), but the prompts, the replies, the parsing, the retries and
 * the grade records are all real.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LlamaCompletion, type LlamaContext, type LlamaGrammar, type LlamaModel, type Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraderRef, OpenItem } from '../core/openEnded';
import { RUBRIC_GRADER } from '../benchmarks/grading/judgePrompts';
import { criterionGrades, judgeRubric, type AskJudge } from '../benchmarks/grading/modelJudge';
import { getNativeLlama } from '../testing/nativeLlama';

const ROOT = resolve(import.meta.dirname, '..');
const MODEL = join(ROOT, 'public/models/stories260K/stories260K.gguf');
const MAX_TOKENS = 40;

const sample = readFileSync(join(ROOT, 'examples/open-ended.jsonl'), 'utf8').trimEnd().split('\n').slice(1, 3);
const items = sample.map((line) => JSON.parse(line) as OpenItem);

describe('a model judge on the bundled model (node-llama-cpp)', { timeout: 120_000 }, () => {
  let model: LlamaModel;
  let context: LlamaContext;
  let grammar: LlamaGrammar;
  const prompts: string[] = [];

  /**
   * One completion per prompt, greedy with the attempt as the seed. The grader prompt is longer than this
   * model's window, so its last tokens are kept (the final instruction), as the app's left truncation does.
   */
  function ask(withGrammar: boolean): AskJudge {
    return async (prompt, attempt) => {
      prompts.push(prompt);
      const sequence = context.getSequence();
      try {
        const tokens = model.tokenize(prompt) as Token[];
        const room = context.contextSize - MAX_TOKENS - 1;
        const completion = new LlamaCompletion({ contextSequence: sequence });
        return await completion.generateCompletion(tokens.slice(-room), {
          maxTokens: MAX_TOKENS,
          temperature: 0,
          seed: attempt,
          ...(withGrammar ? { grammar } : {}),
        });
      } finally {
        sequence.dispose();
      }
    };
  }

  beforeAll(async () => {
    const llama = await getNativeLlama();
    model = await llama.loadModel({ modelPath: MODEL, gpuLayers: 0 });
    context = await model.createContext({ contextSize: Math.min(512, model.trainContextSize), sequences: 1, threads: 1 });
    // Only the verdict: a free-text explanation from this model would run past MAX_TOKENS unclosed.
    grammar = await llama.createGrammarForJsonSchema({ type: 'object', properties: { criteria_met: { type: 'boolean' } } });
  });

  afterAll(async () => {
    await context?.dispose();
    await model?.dispose();
  });

  it('leaves every criterion ungraded when the model never writes valid JSON, after 1 + maxRetries real replies', async () => {
    const item = items[0]!;
    prompts.length = 0;
    const judgements = await judgeRubric(item, 'Call an ambulance now; this may be a stroke.', ask(false), { maxRetries: 1 });
    expect(judgements).toHaveLength(item.rubric!.length);
    for (const j of judgements) {
      expect(j.verdict).toBe('ungraded');
      expect(j.explanation).toBeNull();
      expect(j.replies).toHaveLength(2);
      expect(j.replies.every((r) => r.length > 0)).toBe(true);
    }
    expect(prompts).toHaveLength(item.rubric!.length * 2);
    expect(prompts[0]).toContain(`# Rubric item\n[10] ${item.rubric![0]!.criterion}`);
    const judge: GraderRef = { kind: 'judge', model: 'stories260K', prompt: RUBRIC_GRADER };
    const grades = criterionGrades('run-native', item.id, judge, judgements, new Date(0).toISOString());
    expect(grades.map((g) => [g.kind, g.criterion, g.verdict, g.attempts])).toEqual(
      item.rubric!.map((_, i) => ['criterion', i, 'ungraded', 2]),
    );
    expect(grades.every((g) => g.grader === judge)).toBe(true);
  });

  it('reads the verdicts of the same model held to JSON by a grammar, each on the first reply', async () => {
    const item = items[1]!;
    const judgements = await judgeRubric(item, 'Take 200 to 400 mg every 4 to 6 hours.', ask(true), { maxRetries: 1 });
    for (const j of judgements) {
      expect(['met', 'not-met']).toContain(j.verdict);
      expect(j.replies).toHaveLength(1);
      expect((JSON.parse(j.replies[0]!) as { criteria_met: boolean }).criteria_met).toBe(j.verdict === 'met');
    }
  });
});

/**
 * A model judge over a whole open-ended run: every answer's rubric criteria (or its 1–5 rating, for an item
 * without a rubric), one answer after another, each answer's grades handed to the sink together as soon as
 * they are made. Answers this judge has graded already are skipped, so judging resumes like a run.
 */
import type { ModelCaller } from '../../core/engine';
import { graderKey, type Grade, type GraderRef, type OpenItem, type OpenItemResult } from '../../core/openEnded';
import type { JudgeOutcome, JudgeProgress } from '../../core/openRunRecord';
import { ITEM_ERRORS } from '../runner/runBench';
import { RATING_GRADER, RUBRIC_GRADER, rubricGraderPrompt } from './judgePrompts';
import {
  criterionGrades,
  judgeCriterion,
  judgeRating,
  ratingGrade,
  type AskJudge,
  type CriterionJudgement,
  type JudgeOptions,
} from './modelJudge';

/** Judge replies are short JSON: greedy, and long enough for an explanation. */
export const JUDGE_MAX_TOKENS = 512;

/**
 * Asks a model as a judge: one user message, greedy, the attempt number as the seed so a retry is a fresh
 * draw where the engine samples at all.
 */
export function chatJudge(engine: ModelCaller): AskJudge {
  return async (prompt, attempt, signal) =>
    (
      await engine.chat(
        [{ role: 'user', content: prompt }],
        { temperature: 0, topP: 1, maxTokens: JUDGE_MAX_TOKENS, seed: attempt },
        undefined,
        signal,
      )
    ).text;
}

/** The grader a judge model's grades name: the model and the prompt its items are asked with. */
export function judgeGrader(model: string, item: Pick<OpenItem, 'rubric'>): GraderRef {
  return { kind: 'judge', model, prompt: item.rubric ? RUBRIC_GRADER : RATING_GRADER };
}

/** Whether `grades` already hold this grader's grade of every criterion (or the rating) of the item's answer. */
function gradedBy(item: OpenItem, grades: readonly Grade[], key: string): boolean {
  const own = grades.filter((g) => g.itemId === item.id && graderKey(g.grader) === key);
  if (!item.rubric) return own.some((g) => g.kind === 'rating');
  const criteria = new Set(own.flatMap((g) => (g.kind === 'criterion' ? [g.criterion] : [])));
  return item.rubric.every((_, c) => criteria.has(c));
}

const isUngraded = (g: Grade): boolean => (g.kind === 'criterion' ? g.verdict === 'ungraded' : g.scores === null);

export interface JudgeRunArgs {
  runId: string;
  /** The judge model as grades record it. */
  model: string;
  ask: AskJudge;
  /** The run's items (their rubrics and references). */
  items: readonly OpenItem[];
  /** The run's answers; failed items have none and are not graded. */
  results: readonly OpenItemResult[];
  /** Grades stored already, of any grader: this judge's own mark what is done. */
  existing: readonly Grade[];
  sink: (grades: Grade[]) => Promise<void>;
  onProgress?: (progress: JudgeProgress) => void;
  maxRetries?: number;
  signal?: AbortSignal;
  /** When each grade is made, as ISO text. */
  now: () => string;
}

/**
 * An engine that cannot take a judge's prompt at all (longer than its window) gives no verdict, and asking
 * again cannot change that: the judgement is `refused` at once, with the reason. Other errors stop the judging.
 */
async function unlessRefused<T extends object>(judge: () => Promise<T>, refused: T): Promise<T & { error?: string }> {
  try {
    return (await judge()) as T & { error?: string };
  } catch (error) {
    if (!ITEM_ERRORS.has((error as { name?: string }).name ?? '')) throw error;
    return { ...refused, error: error instanceof Error ? error.message : String(error) };
  }
}

const withError = <G extends Grade>(grade: G, error: string | undefined): G => (error === undefined ? grade : { ...grade, error });

/** One answer's grades by one judge: every criterion of its rubric, or its rating. */
async function judgeAnswer(
  runId: string,
  item: OpenItem,
  answer: string,
  grader: GraderRef,
  ask: AskJudge,
  options: JudgeOptions,
  at: () => string,
) {
  if (!item.rubric) {
    const judged = await unlessRefused(() => judgeRating(item, answer, ask, options), { scores: null, explanation: null, replies: [] });
    return [withError(ratingGrade(runId, item.id, grader, judged, at()), judged.error)];
  }
  const judged: (CriterionJudgement & { error?: string })[] = [];
  for (const criterion of item.rubric) {
    const prompt = rubricGraderPrompt(item, answer, criterion);
    judged.push(await unlessRefused(() => judgeCriterion(prompt, ask, options), { verdict: 'ungraded', explanation: null, replies: [] }));
  }
  return criterionGrades(runId, item.id, grader, judged, at()).map((g, i) => withError(g, judged[i]!.error));
}

export async function judgeRun(args: JudgeRunArgs): Promise<JudgeOutcome> {
  const { runId, model, ask, items, results, existing, sink, onProgress, signal } = args;
  const byId = new Map(items.map((i) => [i.id, i]));
  const answered = results.flatMap((r) => {
    const item = byId.get(r.itemId);
    if (!item) throw new Error(`The run's answer to ${r.itemId} has no item in the suite.`);
    return r.answer === null ? [] : [{ item, answer: r.answer }];
  });
  const done = answered.filter(({ item }) => gradedBy(item, existing, graderKey(judgeGrader(model, item))));
  const doneKeys = new Set(done.map(({ item }) => `${item.id}\u0000${graderKey(judgeGrader(model, item))}`));
  let ungraded = existing.filter(
    (g) =>
      g.grader.kind === 'judge' && g.grader.model === model && doneKeys.has(`${g.itemId}\u0000${graderKey(g.grader)}`) && isUngraded(g),
  ).length;
  const outcome: JudgeOutcome = { graded: 0, skipped: done.length, grades: 0, ungraded: 0 };
  const report = () => onProgress?.({ done: outcome.skipped + outcome.graded, total: answered.length, ungraded });
  report();
  for (const { item, answer } of answered) {
    const grader = judgeGrader(model, item);
    if (doneKeys.has(`${item.id}\u0000${graderKey(grader)}`)) continue;
    const grades: Grade[] = await judgeAnswer(runId, item, answer, grader, ask, { maxRetries: args.maxRetries, signal }, args.now);
    await sink(grades);
    const bad = grades.filter(isUngraded).length;
    outcome.graded++;
    outcome.grades += grades.length;
    outcome.ungraded += bad;
    ungraded += bad;
    report();
  }
  return outcome;
}

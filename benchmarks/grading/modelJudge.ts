/**
 * A model judge: asks for one JSON verdict per rubric criterion (or one rating per answer), parses the
 * reply as simple-evals does, and asks again when it does not parse, up to a limit. A criterion that never
 * gets a valid reply is `ungraded`, never met or not met. Pure: the caller passes `ask`, which sends one
 * prompt to whatever engine judges (the worker's, the CLI's native one, an endpoint) and returns its text.
 */
import {
  RATING_DIMENSIONS,
  type CriterionGrade,
  type GraderRef,
  type OpenItem,
  type RatingDimension,
  type RatingGrade,
  type Verdict,
} from '../../core/openEnded';
import { ratingGraderPrompt, rubricGraderPrompt } from './judgePrompts';

/** Sends the judge one user message; `attempt` counts from 0, so a caller can vary the seed on a retry. */
export type AskJudge = (prompt: string, attempt: number, signal?: AbortSignal) => Promise<string>;

export const DEFAULT_MAX_RETRIES = 2;

export interface JudgeOptions {
  /** Asks after the first invalid reply; simple-evals retries without end, Bedside stops and records `ungraded`. */
  maxRetries?: number;
  signal?: AbortSignal;
}

export interface CriterionJudgement {
  verdict: Verdict;
  explanation: string | null;
  /** Every reply, in order; the last is the valid one unless the criterion is ungraded. */
  replies: string[];
}

export interface RatingJudgement {
  scores: Record<RatingDimension, number> | null;
  explanation: string | null;
  replies: string[];
}

/**
 * simple-evals' parse_json_to_dict: strip, drop a leading ```json and a trailing ```, parse. Anything but a
 * JSON object is no reply at all.
 */
export function parseJudgeJson(reply: string): Record<string, unknown> | null {
  const cleaned = reply.trim().replace(/^```json\s*|\s*```$/g, '');
  try {
    const value: unknown = JSON.parse(cleaned);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A valid grader reply has `criteria_met` true or false (simple-evals' test); the explanation is optional. */
export function parseCriterionReply(reply: string): { met: boolean; explanation: string | null } | null {
  const json = parseJudgeJson(reply);
  if (json === null || typeof json.criteria_met !== 'boolean') return null;
  return { met: json.criteria_met, explanation: typeof json.explanation === 'string' ? json.explanation : null };
}

/** A valid rating reply has every scale as a whole number from 1 to 5. */
export function parseRatingReply(reply: string): { scores: Record<RatingDimension, number>; explanation: string | null } | null {
  const json = parseJudgeJson(reply);
  if (json === null) return null;
  const scores = {} as Record<RatingDimension, number>;
  for (const dimension of RATING_DIMENSIONS) {
    const value = json[dimension];
    if (!(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5)) return null;
    scores[dimension] = value as number;
  }
  return { scores, explanation: typeof json.explanation === 'string' ? json.explanation : null };
}

async function askUntilValid<T>(
  prompt: string,
  ask: AskJudge,
  parse: (reply: string) => T | null,
  options: JudgeOptions,
): Promise<{ parsed: T | null; replies: string[] }> {
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const replies: string[] = [];
  for (let attempt = 0; attempt <= maxRetries; attempt++) {
    options.signal?.throwIfAborted();
    const reply = await ask(prompt, attempt, options.signal);
    replies.push(reply);
    const parsed = parse(reply);
    if (parsed !== null) return { parsed, replies };
  }
  return { parsed: null, replies };
}

export async function judgeCriterion(prompt: string, ask: AskJudge, options: JudgeOptions = {}): Promise<CriterionJudgement> {
  const { parsed, replies } = await askUntilValid(prompt, ask, parseCriterionReply, options);
  if (parsed === null) return { verdict: 'ungraded', explanation: null, replies };
  return { verdict: parsed.met ? 'met' : 'not-met', explanation: parsed.explanation, replies };
}

/** Every criterion of the item's rubric, one after another (a local engine answers one prompt at a time). */
export async function judgeRubric(
  item: OpenItem,
  answer: string,
  ask: AskJudge,
  options: JudgeOptions = {},
): Promise<CriterionJudgement[]> {
  if (!item.rubric) throw new Error(`Item ${item.id} has no rubric to judge.`);
  const judgements: CriterionJudgement[] = [];
  for (const criterion of item.rubric) judgements.push(await judgeCriterion(rubricGraderPrompt(item, answer, criterion), ask, options));
  return judgements;
}

export async function judgeRating(item: OpenItem, answer: string, ask: AskJudge, options: JudgeOptions = {}): Promise<RatingJudgement> {
  const { parsed, replies } = await askUntilValid(ratingGraderPrompt(item, answer), ask, parseRatingReply, options);
  return parsed === null ? { scores: null, explanation: null, replies } : { ...parsed, replies };
}

/** The grade records of a judged rubric, one per criterion, each naming the judge and its prompt. */
export function criterionGrades(
  runId: string,
  itemId: string,
  judge: GraderRef,
  judgements: readonly CriterionJudgement[],
  at: string,
): CriterionGrade[] {
  return judgements.map((j, criterion) => ({
    kind: 'criterion',
    runId,
    itemId,
    criterion,
    grader: judge,
    verdict: j.verdict,
    explanation: j.explanation,
    attempts: j.replies.length,
    at,
  }));
}

export function ratingGrade(runId: string, itemId: string, judge: GraderRef, judgement: RatingJudgement, at: string): RatingGrade {
  return {
    kind: 'rating',
    runId,
    itemId,
    grader: judge,
    scores: judgement.scores,
    explanation: judgement.explanation,
    attempts: judgement.replies.length,
    at,
  };
}

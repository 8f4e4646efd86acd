/**
 * Checks for the fields of an open-ended item, shared by every format that imports one (Bedside JSONL
 * and CSV, HealthBench JSONL, MedS-Bench JSON). Each takes the field's name in the source format, so an
 * error names `rubrics[3].points` in a HealthBench file and `rubric[3].points` in Bedside's own.
 */
import type { ChatMessage, ChatRole } from '../../core/engine';
import type { RubricCriterion } from '../../core/openEnded';
import { isRecord, nonEmptyString, render, type Fail } from './suiteFields';

const ROLES: readonly ChatRole[] = ['system', 'user', 'assistant'];

/** HealthBench's point range. */
export const MAX_POINTS = 10;

export function checkText(value: unknown, field: string, fail: Fail): string | undefined {
  if (nonEmptyString(value)) return value;
  fail(field, `expected a non-empty string but got ${render(value)}`);
  return undefined;
}

/** One user message, or a conversation of {role, content} messages that ends with the user's turn. */
export function checkPrompt(value: unknown, field: string, fail: Fail): string | ChatMessage[] | undefined {
  if (typeof value === 'string') return checkText(value, field, fail);
  if (!Array.isArray(value) || value.length === 0) {
    fail(field, `expected a non-empty string or a non-empty array of {role, content} messages but got ${render(value)}`);
    return undefined;
  }
  const messages: ChatMessage[] = [];
  value.forEach((m: unknown, i) => {
    const at = `${field}[${i}]`;
    if (!isRecord(m)) {
      fail(at, `expected a message {role, content} but got ${render(m)}`);
      return;
    }
    const role = m.role;
    if (!ROLES.includes(role as ChatRole)) fail(`${at}.role`, `expected one of ${ROLES.join(', ')} but got ${render(role)}`);
    const content = checkText(m.content, `${at}.content`, fail);
    if (ROLES.includes(role as ChatRole) && content !== undefined) messages.push({ role: role as ChatRole, content });
  });
  if (messages.length !== value.length) return undefined;
  const last = messages.at(-1)!;
  if (last.role !== 'user') {
    fail(`${field}[${messages.length - 1}].role`, `expected the conversation to end with a "user" message but it ends with "${last.role}"`);
    return undefined;
  }
  return messages;
}

/** A list of distinct non-empty strings (tags), possibly empty. */
export function checkStringList(
  value: unknown,
  field: string,
  fail: Fail,
  options: { distinct: boolean; nonEmpty: boolean },
): string[] | undefined {
  if (!Array.isArray(value) || (options.nonEmpty && value.length === 0)) {
    fail(field, `expected ${options.nonEmpty ? 'a non-empty' : 'an'} array of strings but got ${render(value)}`);
    return undefined;
  }
  const seen = new Map<string, number>();
  let ok = true;
  value.forEach((v: unknown, i) => {
    if (!nonEmptyString(v)) {
      fail(`${field}[${i}]`, `expected a non-empty string but got ${render(v)}`);
      ok = false;
    } else if (options.distinct && seen.has(v)) {
      fail(`${field}[${i}]`, `expected each entry once but "${v}" is also ${field}[${seen.get(v)}]`);
      ok = false;
    } else {
      seen.set(v, i);
    }
  });
  return ok ? (value as string[]) : undefined;
}

/** HealthBench rubric criteria: {criterion, points from −10 to 10 and not 0, tags}; Bedside's own format may leave tags out. */
export function checkRubric(value: unknown, field: string, fail: Fail, options: { tagsRequired: boolean }): RubricCriterion[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    fail(field, `expected a non-empty array of {criterion, points, tags} but got ${render(value)}`);
    return undefined;
  }
  const rubric: RubricCriterion[] = [];
  value.forEach((c: unknown, i) => {
    const at = `${field}[${i}]`;
    if (!isRecord(c)) {
      fail(at, `expected a criterion {criterion, points, tags} but got ${render(c)}`);
      return;
    }
    const criterion = checkText(c.criterion, `${at}.criterion`, fail);
    const { points } = c;
    const pointsOk = typeof points === 'number' && Number.isFinite(points) && points !== 0 && Math.abs(points) <= MAX_POINTS;
    if (!pointsOk) fail(`${at}.points`, `expected a number from -${MAX_POINTS} to ${MAX_POINTS}, not 0, but got ${render(points)}`);
    const tags =
      c.tags === undefined && !options.tagsRequired ? [] : checkStringList(c.tags, `${at}.tags`, fail, { distinct: true, nonEmpty: false });
    if (criterion !== undefined && pointsOk && tags !== undefined) rubric.push({ criterion, points: points as number, tags });
  });
  return rubric.length === value.length ? rubric : undefined;
}

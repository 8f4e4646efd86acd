import type { ItemExclusions } from '../../core/run';
import type { ScoringMode, SuiteItem } from '../../core/suite';
import { isMultiAnswer } from '../suites/answers';

/**
 * The suite's items a run may score, before any selection, and how many were left out and why:
 * - an item that needs a figure (HEAD-QA's `image`) is left out unless the run includes such items:
 *   the suites ship no images, so the question cannot be read as its exam set it;
 * - a multi-answer item (CMExam, FrenchMedMCQA) is scored only in generative mode, by exact set match;
 *   a log-prob mode's one argmax names one letter, never a set, so there it is left out.
 * An item left out for its figure is not counted again as multi-answer.
 */
export function eligibleItems<T extends Pick<SuiteItem, 'answer' | 'image'>>(
  items: readonly T[],
  mode: ScoringMode,
  includeImageItems: boolean,
): { items: T[]; excluded: ItemExclusions } {
  const excluded: ItemExclusions = { multiAnswer: 0, image: 0 };
  const kept = items.filter((item) => {
    if (item.image !== undefined && !includeImageItems) excluded.image += 1;
    else if (mode !== 'generative' && isMultiAnswer(item)) excluded.multiAnswer += 1;
    else return true;
    return false;
  });
  return { items: kept, excluded };
}

/** "203 multi-answer items (log-prob mode), 67 items that need a figure"; null when nothing was left out. */
export function exclusionNote(excluded: ItemExclusions | undefined): string | null {
  if (!excluded) return null;
  const parts = [
    excluded.multiAnswer > 0
      ? `${excluded.multiAnswer} multi-answer ${excluded.multiAnswer === 1 ? 'item' : 'items'} (a log-prob mode scores one letter)`
      : '',
    excluded.image > 0 ? `${excluded.image} ${excluded.image === 1 ? 'item that needs' : 'items that need'} a figure` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : null;
}

/**
 * "12 multi-answer items, scored by exact set match"; null when the run scored none. Only a generative
 * run scores them: right only when the answer names every correct letter and no other.
 */
export function multiAnswerNote(results: readonly { gold: string }[]): string | null {
  const n = results.filter((r) => isMultiAnswer({ answer: r.gold })).length;
  if (n === 0) return null;
  return `${n} multi-answer ${n === 1 ? 'item' : 'items'}, scored by exact set match (right only with every correct letter and no other)`;
}

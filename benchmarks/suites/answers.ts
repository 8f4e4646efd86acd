import type { SuiteItem } from '../../core/suite';

/** The correct letters of an item: one for a single-answer item, all of them (in option order) for a multi-answer one. */
export function answerLetters(item: Pick<SuiteItem, 'answer'>): string[] {
  return [...item.answer];
}

/** A multi-answer item is scored by exact set match, never as if one of its letters were the answer. */
export function isMultiAnswer(item: Pick<SuiteItem, 'answer'>): boolean {
  return item.answer.length > 1;
}

/** A set of letters as an answer is written: distinct, in option order (`"ACD"`), so equal sets are equal strings. */
export function answerKey(letters: Iterable<string>, optionOrder: readonly string[]): string {
  const chosen = new Set(letters);
  return optionOrder.filter((letter) => chosen.has(letter)).join('');
}

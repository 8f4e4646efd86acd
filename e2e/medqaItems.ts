import { readFileSync } from 'node:fs';

/** A shipped item as the app reads it: expected texts come from the data, not from the tests. */
export interface MedqaItem {
  id: string;
  question: string;
  options: Record<string, string>;
  /** One letter, or several ("ACD") for a multi-answer item. */
  answer: string;
  subject?: string;
  image?: string;
}

/** Every item of a shipped suite, in file order. */
export function suiteItems(suiteId: string): MedqaItem[] {
  return readFileSync(new URL(`../public/suites/${suiteId}.jsonl`, import.meta.url), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => JSON.parse(line) as MedqaItem);
}

/** Every item of the shipped MedQA USMLE (4 options) suite, in file order. */
export function medqaItems(): MedqaItem[] {
  return suiteItems('medqa-usmle-4');
}

/** The item with the most text (question and options), of at most `maxLength` characters: the hardest to fit on a projector. */
export function longestItem(items: readonly MedqaItem[], maxLength = Infinity): MedqaItem {
  const length = (item: MedqaItem) => item.question.length + Object.values(item.options).join('').length;
  return items.filter((item) => length(item) <= maxLength).reduce((a, b) => (length(b) > length(a) ? b : a));
}

/**
 * The CMExam item the presenter is checked and shown with: single-answer, long enough to wrap over
 * several lines, with Latin and numbers inside the Chinese ("170/110mmHg"). At most 240 characters,
 * because the bundled model spells each CJK character as three byte tokens: a much longer item keeps its
 * one CPU thread busy past the engine's 8 s liveness timeout on a loaded machine.
 */
export function cmexamPresenterItem(): MedqaItem {
  return longestItem(
    suiteItems('cmexam').filter((item) => item.answer.length === 1),
    240,
  );
}

export function longestMedqaItem(): MedqaItem {
  return longestItem(medqaItems());
}

import { readFileSync } from 'node:fs';

/** A shipped MedQA item as the app reads it: expected texts come from the data, not from the tests. */
export interface MedqaItem {
  id: string;
  question: string;
  options: Record<string, string>;
  answer: string;
  subject?: string;
}

/** Every item of the shipped MedQA USMLE (4 options) suite, in file order. */
export function medqaItems(): MedqaItem[] {
  return readFileSync(new URL('../public/suites/medqa-usmle-4.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => JSON.parse(line) as MedqaItem);
}

/** The item with the most text (question and options): the hardest to fit on a projector. */
export function longestMedqaItem(): MedqaItem {
  const length = (item: MedqaItem) => item.question.length + Object.values(item.options).join('').length;
  return medqaItems().reduce((a, b) => (length(b) > length(a) ? b : a));
}

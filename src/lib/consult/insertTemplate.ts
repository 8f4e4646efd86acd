/**
 * The message box after picking a case template: the example goes above what the user already typed,
 * so picking a template never throws their text away.
 */
export function insertTemplate(draft: string, example: string): string {
  if (!example) return draft;
  if (!draft.trim() || draft.includes(example)) return draft.trim() ? draft : example;
  return `${example}\n\n${draft}`;
}

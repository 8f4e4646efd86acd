import { plural } from '../../../core/plural';

/** What uses an imported suite: the lessons drawn from it and the runs made on it. */
export interface SuiteUsers {
  /** Their titles, or how many they are while the lock hides the titles. */
  lessons: string[] | number;
  runs: { total: number; unfinished: number };
}

const quoted = (titles: string[]) =>
  titles.length === 1
    ? `“${titles[0]}”`
    : `${titles
        .slice(0, -1)
        .map((t) => `“${t}”`)
        .join(', ')} and “${titles.at(-1)}”`;

/** The question asked before an imported suite is deleted: what becomes of each lesson and run that uses it. */
export function suiteDeletionQuestion(name: string, users: SuiteUsers): string {
  const sentences = [`Delete the suite “${name}”?`];
  const { lessons, runs } = users;
  const lessonCount = typeof lessons === 'number' ? lessons : lessons.length;
  if (lessonCount > 0) {
    const who =
      typeof lessons === 'number' ? plural(lessons, 'locked lesson') : `The ${lessonCount === 1 ? 'lesson' : 'lessons'} ${quoted(lessons)}`;
    sentences.push(
      `${who} ${lessonCount === 1 ? 'keeps its questions, copied into the lesson' : 'keep their questions, copied into each lesson'}.`,
    );
  }
  if (runs.total > 0) {
    const unfinished = runs.unfinished > 0 ? `, but ${plural(runs.unfinished, 'unfinished run')} can no longer be resumed` : '';
    sentences.push(
      `${plural(runs.total, 'run')} on it keep${runs.total === 1 ? 's' : ''} ${runs.total === 1 ? 'its' : 'their'} results${unfinished}.`,
    );
  }
  return sentences.join(' ');
}

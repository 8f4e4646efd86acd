import { answerLetters, isMultiAnswer } from '../../../benchmarks/suites/answers';

/** Votes the class cast on one question: option letter → count. */
export type Votes = Record<string, number>;

/** The letters with the most votes; empty when nobody voted, several on a tie. */
export function classPick(votes: Votes | undefined): string[] {
  const counted = Object.entries(votes ?? {}).filter(([, n]) => n > 0);
  const top = Math.max(0, ...counted.map(([, n]) => n));
  return counted.filter(([, n]) => n === top).map(([letter]) => letter);
}

export interface SummaryRow {
  itemId: string;
  /** The correct letters: one, or several ("ACD") for a multi-answer item. */
  answer: string;
  /**
   * Several letters are right. A vote or a model's argmax names one letter, never the set, so such a row
   * is shown but counted neither right nor wrong (a benchmark run scores it by exact set match instead).
   */
  multiAnswer: boolean;
  /** The class's most-voted letters (a tie gives several; nobody voting gives none). */
  classPick: string[];
  /** Share of the class's votes on a right letter; null when nobody voted. */
  classShareCorrect: number | null;
  /** Each model's pick, in model order; null where it was not scored. */
  modelPicks: (string | null)[];
}

export interface Tally {
  correct: number;
  /** Questions with an answer to count: voted on (class) or scored (model). */
  answered: number;
}

export interface LessonSummary {
  rows: SummaryRow[];
  /**
   * The class is right on a question when its single most-voted letter is the answer; a tie is not right.
   * Multi-answer questions are not counted (see SummaryRow.multiAnswer).
   */
  classTally: Tally;
  modelTallies: Tally[];
}

/**
 * The end-of-lesson slide: the class against each model and against the truth.
 * @param picks one map per model, item id → the model's pick (absent: not scored)
 */
export function lessonSummary(
  items: readonly { id: string; answer: string }[],
  votes: Readonly<Record<string, Votes>>,
  picks: readonly Readonly<Record<string, string>>[],
): LessonSummary {
  const rows = items.map((item): SummaryRow => {
    const itemVotes = votes[item.id];
    const total = Object.values(itemVotes ?? {}).reduce((a, n) => a + Math.max(0, n), 0);
    const right = answerLetters(item).reduce((a, letter) => a + Math.max(0, itemVotes?.[letter] ?? 0), 0);
    return {
      itemId: item.id,
      answer: item.answer,
      multiAnswer: isMultiAnswer(item),
      classPick: classPick(itemVotes),
      classShareCorrect: total > 0 ? right / total : null,
      modelPicks: picks.map((p) => p[item.id] ?? null),
    };
  });
  const counted = rows.filter((r) => !r.multiAnswer);
  const voted = counted.filter((r) => r.classPick.length > 0);
  return {
    rows,
    classTally: { correct: voted.filter((r) => r.classPick.length === 1 && r.classPick[0] === r.answer).length, answered: voted.length },
    modelTallies: picks.map((_, m) => {
      const scored = counted.filter((r) => r.modelPicks[m] !== null);
      return { correct: scored.filter((r) => r.modelPicks[m] === r.answer).length, answered: scored.length };
    }),
  };
}

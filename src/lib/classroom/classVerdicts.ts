import type { OpenItem } from '../../../core/openEnded';
import { rubricScore } from '../../../benchmarks/metrics/healthbench';

/** How many in the class said a criterion is met by the model's answer, and how many said it is not. */
export interface CriterionCounts {
  met: number;
  notMet: number;
}

/** The class's verdict on a criterion: the majority; none on a tie or when nobody counted. */
export function classVerdict(counts: CriterionCounts | undefined): 'met' | 'not-met' | null {
  if (!counts || counts.met === counts.notMet) return null;
  return counts.met > counts.notMet ? 'met' : 'not-met';
}

/** The answer's rubric score (HealthBench's formula) by the class's verdicts; null until every criterion has one. */
export function classScore(item: OpenItem, counts: readonly (CriterionCounts | undefined)[]): number | null {
  if (!item.rubric) return null;
  const verdicts = item.rubric.map((_, c) => classVerdict(counts[c]));
  if (verdicts.some((v) => v === null)) return null;
  return rubricScore(
    item.rubric,
    verdicts.map((v) => v === 'met'),
  );
}

export interface OpenSummaryRow {
  itemId: string;
  /** Per model, in model order: criteria with a class verdict, those judged met, and the class's score of the answer. */
  models: { judged: number; met: number; criteria: number; score: number | null }[];
}

/**
 * The end of an open-ended lesson: for each item and model, what the class made of the model's answer.
 * @param counts item id → per model → per criterion
 */
export function openLessonSummary(
  items: readonly OpenItem[],
  counts: Readonly<Record<string, readonly (readonly (CriterionCounts | undefined)[] | undefined)[]>>,
  models: number,
): OpenSummaryRow[] {
  return items.map((item) => ({
    itemId: item.id,
    models: Array.from({ length: models }, (_, m) => {
      const own = counts[item.id]?.[m] ?? [];
      const verdicts = (item.rubric ?? []).map((_, c) => classVerdict(own[c]));
      return {
        judged: verdicts.filter((v) => v !== null).length,
        met: verdicts.filter((v) => v === 'met').length,
        criteria: item.rubric?.length ?? 0,
        score: classScore(item, own),
      };
    }),
  }));
}

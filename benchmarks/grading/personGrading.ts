/**
 * People grading a run answer by answer: what one grader has marked so far (their latest grade of each
 * criterion or rating; a regrade replaces the earlier), which answers they have finished, who has
 * graded, and how far two people agree on the 1–5 scales. Pure: the Grade view holds the grades.
 */
import { graderKey, RATING_DIMENSIONS, type Grade, type OpenItem, type RatingDimension, type Verdict } from '../../core/openEnded';
import { kappaByGroup } from '../metrics/agreement';

/** One grader's latest marks on one answer. */
export interface Marks {
  /** Per criterion, in rubric order; undefined where not marked yet. */
  verdicts: (Verdict | undefined)[];
  /** The latest 1–5 scores; null where a judge could not rate; undefined where not rated yet. */
  scores: Record<RatingDimension, number> | null | undefined;
}

/** One grader's latest marks on each item, by item id; grades of criteria an item does not have are ignored. */
export function marksOf(items: readonly OpenItem[], grades: readonly Grade[], key: string): Map<string, Marks> {
  const latest = new Map<string, Grade>();
  for (const g of grades) {
    if (graderKey(g.grader) !== key) continue;
    const at = `${g.itemId}\u0000${g.kind === 'criterion' ? g.criterion : 'rating'}`;
    const previous = latest.get(at);
    if (!previous || previous.at <= g.at) latest.set(at, g);
  }
  return new Map(
    items.map((item) => {
      const verdicts = (item.rubric ?? []).map((_, c) => {
        const g = latest.get(`${item.id}\u0000${c}`);
        return g?.kind === 'criterion' ? g.verdict : undefined;
      });
      const rating = latest.get(`${item.id}\u0000rating`);
      return [item.id, { verdicts, scores: rating?.kind === 'rating' ? rating.scores : undefined }];
    }),
  );
}

/** Marks with scales scored but not yet stored (a rating is stored once all three are scored), by item id. */
export function withDraftScores(
  marks: ReadonlyMap<string, Marks>,
  drafts: Readonly<Record<string, Partial<Record<RatingDimension, number>>>>,
): Map<string, Marks> {
  return new Map(
    [...marks].map(([itemId, own]) => {
      const draft = drafts[itemId];
      return [itemId, draft ? { ...own, scores: { ...own.scores, ...draft } as Marks['scores'] } : own];
    }),
  );
}

/** An answer is graded once every criterion of its rubric has a verdict, or, without a rubric, once it is rated. */
export function isGraded(item: OpenItem, marks: Marks | undefined): boolean {
  if (!marks) return false;
  return item.rubric ? marks.verdicts.every((v) => v !== undefined) : marks.scores !== undefined;
}

export function gradedCount(items: readonly OpenItem[], marks: ReadonlyMap<string, Marks>): number {
  return items.filter((item) => isGraded(item, marks.get(item.id))).length;
}

/** The people who have graded, by name, in sorted order. */
export function personGraders(grades: readonly Grade[]): string[] {
  return [...new Set(grades.flatMap((g) => (g.grader.kind === 'person' ? [g.grader.name] : [])))].sort();
}

/** Every pair of names once, in order: the pairs agreement is shown for. */
export function pairsOf<T>(names: readonly T[]): [T, T][] {
  return names.flatMap((a, i) => names.slice(i + 1).map((b): [T, T] => [a, b]));
}

/** Cohen's κ between two graders on each 1–5 scale, over the items both rated (a judge's failed rating left out). */
export function ratingKappaBetween(
  items: readonly OpenItem[],
  grades: readonly Grade[],
  a: string,
  b: string,
): Record<string, { kappa: number | null; n: number }> {
  const ma = marksOf(items, grades, a);
  const mb = marksOf(items, grades, b);
  return kappaByGroup(
    items.flatMap((item) => {
      const x = ma.get(item.id)?.scores;
      const y = mb.get(item.id)?.scores;
      return x && y ? RATING_DIMENSIONS.map((group) => ({ group, a: x[group], b: y[group] })) : [];
    }),
  );
}

/**
 * An open-ended run item by item, as the Results view lists it: the answer, each rubric criterion with every
 * grader's latest verdict and explanation, each rating, and the filters by theme (item tags) and axis
 * (criterion tags).
 */
import { graderKey, type Grade, type OpenItem, type RatingDimension, type RubricCriterion, type Verdict } from '../../core/openEnded';
import type { StoredOpenResult } from '../../core/openRunRecord';
import type { OpenRunExport } from './openRunExport';

export interface CriterionRow {
  index: number;
  criterion: RubricCriterion;
  /** By grader key: that grader's latest verdict. */
  verdicts: Record<string, { verdict: Verdict; explanation: string | null; attempts?: number; error?: string }>;
}

export interface OpenItemRow {
  item: OpenItem;
  result: StoredOpenResult | undefined;
  criteria: CriterionRow[];
  ratings: { key: string; scores: Record<RatingDimension, number> | null; explanation: string | null; attempts?: number; error?: string }[];
  /** Each grader's rubric score of this answer (unclipped), where it has one. */
  scores: Record<string, number | null>;
}

export function openItemRows(doc: OpenRunExport): OpenItemRow[] {
  const results = new Map(doc.results.map((r) => [r.itemId, r]));
  const latest = new Map<string, Grade>();
  for (const g of doc.grades) {
    const key = `${g.itemId}\u0000${graderKey(g.grader)}\u0000${g.kind === 'criterion' ? g.criterion : -1}`;
    const previous = latest.get(key);
    if (!previous || previous.at <= g.at) latest.set(key, g);
  }
  const byItem = new Map<string, Grade[]>();
  for (const g of latest.values()) byItem.set(g.itemId, [...(byItem.get(g.itemId) ?? []), g]);
  return doc.items.map((item) => {
    const grades = byItem.get(item.id) ?? [];
    const criteria = (item.rubric ?? []).map((criterion, index) => {
      const verdicts: CriterionRow['verdicts'] = {};
      for (const g of grades) {
        if (g.kind === 'criterion' && g.criterion === index)
          verdicts[graderKey(g.grader)] = {
            verdict: g.verdict,
            explanation: g.explanation,
            ...(g.attempts ? { attempts: g.attempts } : {}),
          };
      }
      return { index, criterion, verdicts };
    });
    const ratings = grades.flatMap((g) =>
      g.kind === 'rating'
        ? [
            {
              key: graderKey(g.grader),
              scores: g.scores,
              explanation: g.explanation,
              ...(g.attempts ? { attempts: g.attempts } : {}),
              ...(g.error ? { error: g.error } : {}),
            },
          ]
        : [],
    );
    const scores = Object.fromEntries(
      doc.scores.rubric.flatMap((r) => {
        const own = r.score.items.find((i) => i.itemId === item.id);
        return own ? [[r.key, own.score]] : [];
      }),
    );
    return { item, result: results.get(item.id), criteria, ratings, scores };
  });
}

const withPrefix = (tags: readonly string[], prefix: string) => tags.filter((t) => t.startsWith(prefix));

/** The themes (item tags `theme:…`) and axes (criterion tags `axis:…`) a run's items carry, sorted. */
export function themesAndAxes(items: readonly OpenItem[]): { themes: string[]; axes: string[] } {
  return {
    themes: [...new Set(items.flatMap((i) => withPrefix(i.tags ?? [], 'theme:')))].sort(),
    axes: [...new Set(items.flatMap((i) => (i.rubric ?? []).flatMap((c) => withPrefix(c.tags, 'axis:'))))].sort(),
  };
}

/**
 * The rows of one theme and one axis ('' for any): an axis keeps only the criteria that carry it, and only
 * the items that have one.
 */
export function filterItemRows(rows: readonly OpenItemRow[], theme: string, axis: string): OpenItemRow[] {
  return rows.flatMap((row) => {
    if (theme && !(row.item.tags ?? []).includes(theme)) return [];
    if (!axis) return [row];
    const criteria = row.criteria.filter((c) => c.criterion.tags.includes(axis));
    return criteria.length ? [{ ...row, criteria }] : [];
  });
}

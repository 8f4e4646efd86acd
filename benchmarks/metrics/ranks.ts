/** A 95% interval of a score where higher is better. */
export interface RankInterval {
  low: number;
  high: number;
}

/** The rule in words, for every page and report that shows ranks. */
export const RANK_RULE =
  "Rank = 1 + the number of entries whose whole 95% interval lies above this one's (LMSYS's rule): equal ranks are not shown apart, and two overlapping entries can still rank apart through a third.";

/**
 * The one ranking rule, LMSYS Chatbot Arena's: rank = 1 + the number of other entries whose whole
 * interval lies strictly above this one's (their low end above this one's high end). The entry with
 * the highest upper end is always ranked 1. Equal ranks mean "not shown apart", yet different ranks
 * do not mean two intervals are disjoint: B can rank below A only because C lies wholly above B and
 * not above A. An entry without an interval gets no rank and counts for no one.
 */
export function ranksByIntervals(intervals: readonly (RankInterval | null)[]): (number | null)[] {
  for (const i of intervals) {
    if (i && !(i.low <= i.high)) throw new RangeError(`An interval runs from ${i.low} down to ${i.high}.`);
  }
  return intervals.map((mine) => (mine ? 1 + intervals.filter((o) => o !== null && o !== mine && o.low > mine.high).length : null));
}

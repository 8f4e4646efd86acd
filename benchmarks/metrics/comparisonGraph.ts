/**
 * Whether the Bradley–Terry maximum-likelihood ratings of a set of battles are finite, and if not,
 * why. Contestant i points to j when i beat or drew with j. The ratings are finite exactly when every
 * contestant reaches every other along those arrows. They are not when:
 * - the contestants fall into groups that never met: nothing relates one group's ratings to another's;
 * - a contestant (or a group of them) never lost to, nor drew with, anyone outside it: its rating runs
 *   off to +∞; one that never beat nor drew with anyone outside it runs off to −∞.
 */
export interface FitCondition {
  /** Contestants that met, directly or through others; one group when all did. */
  groups: string[][];
  /** Within a group: contestants, or groups of them, that no one outside beat or drew with. */
  neverLost: string[][];
  /** Within a group: contestants, or groups of them, that beat or drew with no one outside. */
  neverWon: string[][];
}

export function ratingsAreFinite(condition: FitCondition): boolean {
  return condition.groups.length <= 1 && condition.neverLost.length === 0 && condition.neverWon.length === 0;
}

/** Tarjan's strongly connected components of the beat-or-drew graph, as index lists. */
function strongComponents(edge: (i: number, j: number) => boolean, n: number): number[][] {
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let next = 0;
  const visit = (v: number) => {
    index[v] = low[v] = next++;
    stack.push(v);
    onStack[v] = true;
    for (let w = 0; w < n; w++) {
      if (w === v || !edge(v, w)) continue;
      if (index[w] === -1) {
        visit(w);
        low[v] = Math.min(low[v]!, low[w]!);
      } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
    }
    if (low[v] === index[v]) {
      const component: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = false;
        component.push(w);
      } while (w !== v);
      components.push(component.sort((a, b) => a - b));
    }
  };
  for (let v = 0; v < n; v++) if (index[v] === -1) visit(v);
  return components;
}

/** `wins[i][j]` > 0 when i beat or drew with j (the weights of ratings.winWeights). */
export function fitCondition(wins: readonly (readonly number[])[], models: readonly string[]): FitCondition {
  const n = models.length;
  const edge = (i: number, j: number) => wins[i]![j]! > 0;
  const met = (i: number, j: number) => edge(i, j) || edge(j, i);
  const groupOf = new Array<number>(n).fill(-1);
  const groups: number[][] = [];
  for (let s = 0; s < n; s++) {
    if (groupOf[s] !== -1) continue;
    const members = [s];
    groupOf[s] = groups.length;
    for (let k = 0; k < members.length; k++) {
      for (let j = 0; j < n; j++) {
        if (groupOf[j] === -1 && met(members[k]!, j)) {
          groupOf[j] = groups.length;
          members.push(j);
        }
      }
    }
    groups.push(members.sort((a, b) => a - b));
  }
  const neverLost: number[][] = [];
  const neverWon: number[][] = [];
  for (const component of strongComponents(edge, n)) {
    if (component.length === groups[groupOf[component[0]!]!]!.length) continue;
    const inside = new Set(component);
    const outsiders = [...Array(n).keys()].filter((j) => !inside.has(j));
    if (!component.some((i) => outsiders.some((j) => edge(j, i)))) neverLost.push(component);
    if (!component.some((i) => outsiders.some((j) => edge(i, j)))) neverWon.push(component);
  }
  const names = (list: number[][]) => list.map((c) => c.map((i) => models[i]!)).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  return { groups: names(groups), neverLost: names(neverLost), neverWon: names(neverWon) };
}

const named = (group: readonly string[]) => (group.length === 1 ? group[0]! : `{${group.join(', ')}}`);
const list = (groups: readonly (readonly string[])[]) =>
  groups.length <= 2 ? groups.map(named).join(' and ') : `${groups.slice(0, -1).map(named).join(', ')} and ${named(groups.at(-1)!)}`;

/**
 * What the condition means for the ratings, in words the Arena, the report and `npm run ratings`
 * share; empty when the maximum-likelihood ratings are finite.
 */
export function describeFitCondition(c: FitCondition): string[] {
  const notes: string[] = [];
  if (c.groups.length > 1) {
    notes.push(
      `The battles form ${c.groups.length} groups that never met: ${list(c.groups)}. Ratings compare contestants within a group only; between groups the numbers mean nothing.`,
    );
  }
  for (const g of c.neverLost) {
    notes.push(
      g.length === 1
        ? `${g[0]} never lost, nor drew: its maximum-likelihood rating would be infinite.`
        : `${named(g)} never lost to, nor drew with, anyone outside the group: their maximum-likelihood ratings would be infinite.`,
    );
  }
  for (const g of c.neverWon) {
    notes.push(
      g.length === 1
        ? `${g[0]} never won, nor drew: its maximum-likelihood rating would be minus infinity.`
        : `${named(g)} never beat, nor drew with, anyone outside the group: their maximum-likelihood ratings would be minus infinity.`,
    );
  }
  return notes;
}

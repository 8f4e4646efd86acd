/**
 * Agreement between graders: Cohen's κ for two graders, HealthBench's meta-evaluation metrics (a grader
 * against other graders' labels, simple-evals healthbench_meta_eval.py), and a jury's mean and spread.
 */

/** Cohen's κ = (pₒ − pₑ) / (1 − pₑ) over paired labels; null with no pairs or when pₑ = 1 (both graders constant and equal). */
export function cohensKappa<T>(pairs: readonly (readonly [T, T])[]): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  const first = new Map<T, number>();
  const second = new Map<T, number>();
  let agree = 0;
  for (const [a, b] of pairs) {
    if (a === b) agree++;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  let expected = 0;
  for (const [label, count] of first) expected += (count / n) * ((second.get(label) ?? 0) / n);
  if (expected === 1) return null;
  return (agree / n - expected) / (1 - expected);
}

/** κ within each group (a criterion, an axis, a rating dimension), groups in sorted order. */
export function kappaByGroup<T>(pairs: readonly { group: string; a: T; b: T }[]): Record<string, { kappa: number | null; n: number }> {
  const groups = new Map<string, [T, T][]>();
  for (const { group, a, b } of pairs) {
    const list = groups.get(group);
    if (list) list.push([a, b]);
    else groups.set(group, [[a, b]]);
  }
  return Object.fromEntries([...groups.keys()].sort().map((g) => [g, { kappa: cohensKappa(groups.get(g)!), n: groups.get(g)!.length }]));
}

/** A rate and how many comparisons it rests on; `value` null where simple-evals reports None. */
export interface Rate {
  n: number;
  value: number | null;
}

export interface PosNeg {
  pos: Rate | null;
  neg: Rate | null;
  /** Mean of pos and neg (simple-evals' `…_balanced`). */
  balanced: Rate | null;
}

/** One grader against others: null entries are the keys simple-evals leaves out for want of cases. */
export interface MetaAgreement {
  precision: PosNeg;
  recall: PosNeg;
  f1: PosNeg;
}

/** One criterion graded by the grader under test (`self`) and by others on the same answer. */
export interface MetaSample {
  self: boolean;
  others: readonly boolean[];
  cluster: string;
}

function rate(hits: readonly boolean[]): Rate | null {
  return hits.length === 0 ? null : { n: hits.length, value: hits.filter(Boolean).length / hits.length };
}

/** `compute_f1_metric`: harmonic mean; n counts TP + FP + FN once each. */
function f1Of(precision: Rate | null, recall: Rate | null): Rate | null {
  if (precision === null || recall === null) return null;
  if (precision.value === null || recall.value === null) return { n: precision.n + recall.n, value: null };
  const tp = precision.value * precision.n;
  if (precision.value === 0 && recall.value === 0) return { n: precision.n + recall.n - tp, value: 0 };
  return { n: precision.n + recall.n - tp, value: (2 * precision.value * recall.value) / (precision.value + recall.value) };
}

/** `compute_balanced_metric`. */
function balancedOf(pos: Rate | null, neg: Rate | null): Rate | null {
  if (pos === null || neg === null) return null;
  return { n: pos.n + neg.n, value: pos.value === null || neg.value === null ? null : (pos.value + neg.value) / 2 };
}

function metaOf(hits: { precision: Record<'pos' | 'neg', boolean[]>; recall: Record<'pos' | 'neg', boolean[]> }): MetaAgreement {
  const precision = { pos: rate(hits.precision.pos), neg: rate(hits.precision.neg) };
  const recall = { pos: rate(hits.recall.pos), neg: rate(hits.recall.neg) };
  const f1 = { pos: f1Of(precision.pos, recall.pos), neg: f1Of(precision.neg, recall.neg) };
  return {
    precision: { ...precision, balanced: balancedOf(precision.pos, precision.neg) },
    recall: { ...recall, balanced: balancedOf(recall.pos, recall.neg) },
    f1: { ...f1, balanced: balancedOf(f1.pos, f1.neg) },
  };
}

/**
 * `compute_metrics_for_rater_by_class`: every (self, other) label pair is one comparison. Precision
 * pos/neg is agreement where the grader said met/not met, recall pos/neg where the other said so; F1
 * per class, and balanced F1 (HealthBench's headline judge metric) their mean. Overall and per cluster.
 */
export function metaAgreement(samples: readonly MetaSample[]): { overall: MetaAgreement; byCluster: Record<string, MetaAgreement> } {
  const empty = () => ({
    precision: { pos: [] as boolean[], neg: [] as boolean[] },
    recall: { pos: [] as boolean[], neg: [] as boolean[] },
  });
  const overall = empty();
  const clusters = new Map<string, ReturnType<typeof empty>>();
  for (const { self, others, cluster } of samples) {
    const inCluster = clusters.get(cluster) ?? empty();
    clusters.set(cluster, inCluster);
    for (const other of others) {
      for (const target of [overall, inCluster]) {
        target.precision[self ? 'pos' : 'neg'].push(self === other);
        target.recall[other ? 'pos' : 'neg'].push(self === other);
      }
    }
  }
  return {
    overall: metaOf(overall),
    byCluster: Object.fromEntries([...clusters.keys()].sort().map((k) => [k, metaOf(clusters.get(k)!)])),
  };
}

/**
 * The samples for one grader against the rest, as simple-evals builds them: for a physician, the others
 * are the remaining physicians' labels on the same case; for a model judge, every person's label.
 */
export function samplesFor(grader: string, cases: readonly { cluster: string; labels: Readonly<Record<string, boolean>> }[]): MetaSample[] {
  return cases.flatMap(({ cluster, labels }) => {
    const self = labels[grader];
    if (self === undefined) return [];
    const others = Object.entries(labels).flatMap(([name, label]) => (name === grader ? [] : [label]));
    return others.length === 0 ? [] : [{ self, others, cluster }];
  });
}

export interface JuryScore {
  /** Judges that gave a score. */
  n: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  /** max − min. */
  range: number | null;
  /** Population standard deviation across judges. */
  std: number | null;
}

/** A jury's scores for one answer (a rubric score, or a 1–5 rating): their mean and spread; missing judges left out. */
export function juryScore(scores: readonly (number | null)[]): JuryScore {
  const given = scores.filter((s): s is number => s !== null);
  const n = given.length;
  if (n === 0) return { n, mean: null, min: null, max: null, range: null, std: null };
  const mean = given.reduce((a, b) => a + b, 0) / n;
  const min = Math.min(...given);
  const max = Math.max(...given);
  return { n, mean, min, max, range: max - min, std: Math.sqrt(given.reduce((a, x) => a + (x - mean) ** 2, 0) / n) };
}

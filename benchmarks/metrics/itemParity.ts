/** What parity reads of an item result: its prediction and each choice's summed log-likelihood. */
export interface ParityItem {
  itemId: string;
  pred: string | null;
  logprobs: Record<string, number> | null;
}

export interface ParityDifference {
  itemId: string;
  predA: string | null;
  predB: string | null;
  /** Largest |Δ log-likelihood| over the item's choices; null where either run has no log-probs. */
  maxDiff: number | null;
}

export interface ParityReport {
  /** Items both runs scored. */
  n: number;
  agree: number;
  maxDiff: number | null;
  /** Where predictions differ, or a log-prob differs by more than the tolerance. */
  differing: ParityDifference[];
  /** Item ids only one run has. */
  onlyA: string[];
  onlyB: string[];
}

/** Compares two runs of the same items item by item, e.g. the browser engine against native llama.cpp. */
export function compareParity(a: readonly ParityItem[], b: readonly ParityItem[], tolerance: number): ParityReport {
  const byId = new Map(b.map((r) => [r.itemId, r]));
  const inA = new Set(a.map((r) => r.itemId));
  let agree = 0;
  let maxDiff: number | null = null;
  const differing: ParityDifference[] = [];
  const common = a.filter((r) => byId.has(r.itemId));
  for (const ra of common) {
    const rb = byId.get(ra.itemId)!;
    let itemDiff: number | null = null;
    if (ra.logprobs && rb.logprobs) {
      for (const [choice, lp] of Object.entries(ra.logprobs)) {
        const other = rb.logprobs[choice];
        const d = other === undefined ? Infinity : Math.abs(lp - other);
        itemDiff = Math.max(itemDiff ?? 0, d);
      }
    }
    if (itemDiff !== null) maxDiff = Math.max(maxDiff ?? 0, itemDiff);
    if (ra.pred === rb.pred) agree++;
    if (ra.pred !== rb.pred || (itemDiff !== null && itemDiff > tolerance)) {
      differing.push({ itemId: ra.itemId, predA: ra.pred, predB: rb.pred, maxDiff: itemDiff });
    }
  }
  return {
    n: common.length,
    agree,
    maxDiff,
    differing,
    onlyA: a.filter((r) => !byId.has(r.itemId)).map((r) => r.itemId),
    onlyB: b.filter((r) => !inA.has(r.itemId)).map((r) => r.itemId),
  };
}

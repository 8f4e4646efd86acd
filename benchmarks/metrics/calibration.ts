/**
 * Calibration of choice probabilities (log-prob modes only; generative items have none).
 *
 * Definitions, for n items with probability vector p_i over the choices and gold choice g_i:
 * - confidence c_i = max_k p_ik; prediction = the first k reaching it (np.argmax); correct_i = (prediction = g_i).
 * - Bins: 10 equal-width bins on c; bin b covers (b/10, (b+1)/10], and bin 0 also takes c = 0.
 * - ECE = Σ_b (|B_b| / n) · |acc(B_b) − mean c over B_b|   (Guo et al. 2017), in [0, 1].
 * - Brier = (1/n) Σ_i Σ_k (p_ik − [k = g_i])²   (Brier 1950, multi-class: summed over choices),
 *   in [0, 2]; 0 is perfect. It grows with the number of choices, so it is also reported divided by
 *   each item's number of choices K_i: brierPerChoice = (1/n) Σ_i (1/K_i) Σ_k (…)², comparable across
 *   3-, 4- and 5-choice suites.
 */

export interface CalibrationInput {
  probs: Readonly<Record<string, number>>;
  gold: string;
}

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Null for empty bins. */
  accuracy: number | null;
  meanConfidence: number | null;
}

export interface Calibration {
  n: number;
  /** Null when n = 0. */
  ece: number | null;
  /** Summed over choices, in [0, 2]. */
  brier: number | null;
  /** Divided by each item's number of choices: comparable across suites with different numbers of options. */
  brierPerChoice: number | null;
  bins: ReliabilityBin[];
}

function binIndex(confidence: number, binCount: number): number {
  // Compare against b/binCount edges rather than ceil(c·binCount): 0.7·10 is 7.000000000000001 in floating point.
  for (let b = 0; b < binCount - 1; b++) if (confidence <= (b + 1) / binCount) return b;
  return binCount - 1;
}

export function calibration(items: readonly CalibrationInput[], binCount = 10): Calibration {
  const counts = new Array<number>(binCount).fill(0);
  const correctSums = new Array<number>(binCount).fill(0);
  const confidenceSums = new Array<number>(binCount).fill(0);
  let brierSum = 0;
  let brierPerChoiceSum = 0;
  for (const item of items) {
    const entries = Object.entries(item.probs);
    if (!entries.some(([letter]) => letter === item.gold)) {
      throw new Error(`Gold ${item.gold} is not among the scored choices ${entries.map(([l]) => l).join(',')}.`);
    }
    let [predLetter, confidence] = entries[0] ?? ['', 0];
    let itemBrier = 0;
    for (const [letter, p] of entries) {
      if (p > confidence) [predLetter, confidence] = [letter, p];
      itemBrier += (p - (letter === item.gold ? 1 : 0)) ** 2;
    }
    brierSum += itemBrier;
    brierPerChoiceSum += itemBrier / entries.length;
    const b = binIndex(confidence, binCount);
    counts[b] = (counts[b] ?? 0) + 1;
    correctSums[b] = (correctSums[b] ?? 0) + (predLetter === item.gold ? 1 : 0);
    confidenceSums[b] = (confidenceSums[b] ?? 0) + confidence;
  }
  const n = items.length;
  const bins: ReliabilityBin[] = counts.map((count, b) => ({
    lower: b / binCount,
    upper: (b + 1) / binCount,
    count,
    accuracy: count > 0 ? (correctSums[b] ?? 0) / count : null,
    meanConfidence: count > 0 ? (confidenceSums[b] ?? 0) / count : null,
  }));
  const ece = bins.reduce(
    (sum, bin) => (bin.count > 0 ? sum + (bin.count / n) * Math.abs((bin.accuracy ?? 0) - (bin.meanConfidence ?? 0)) : sum),
    0,
  );
  return {
    n,
    ece: n > 0 ? ece : null,
    brier: n > 0 ? brierSum / n : null,
    brierPerChoice: n > 0 ? brierPerChoiceSum / n : null,
    bins,
  };
}

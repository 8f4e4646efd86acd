/**
 * ROUGE-L as Google's rouge-score 0.1.2 computes it (`RougeScorer(['rougeL'], use_stemmer)`): its default
 * tokenizer, the LCS table, and `score_multi` for several references.
 */
import { porterStem } from './porterStemmer';

export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

export interface RougeOptions {
  /** rouge-score's `use_stemmer`: nltk's Porter stemmer on tokens longer than 3 characters. Off by default. */
  stemmer?: boolean;
}

/**
 * rouge-score's `tokenize`: Python's `lower()`, every run of characters outside [a-z0-9] becomes a space,
 * split on whitespace, optionally stem, keep only [a-z0-9]+ tokens. Text in other scripts (Chinese,
 * Cyrillic, accented letters) leaves no tokens, as in rouge-score.
 */
export function rougeTokens(text: string, options: RougeOptions = {}): string[] {
  // JavaScript's toLowerCase follows the same Unicode case mapping as Python's str.lower (İ → i̇ keeps its i).
  const tokens = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ');
  return tokens.map((t) => (options.stemmer && t.length > 3 ? porterStem(t) : t)).filter((t) => /^[a-z0-9]+$/.test(t));
}

function lcsLength(ref: readonly string[], can: readonly string[]): number {
  let previous = new Array<number>(can.length + 1).fill(0);
  for (let i = 1; i <= ref.length; i++) {
    const row = new Array<number>(can.length + 1).fill(0);
    for (let j = 1; j <= can.length; j++) {
      row[j] = ref[i - 1] === can[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, row[j - 1]!);
    }
    previous = row;
  }
  return previous[can.length]!;
}

/** rouge-score's `scoring.fmeasure`. */
function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

/** rouge-score's `_score_lcs`: zero when either side has no tokens. */
export function scoreLcs(target: readonly string[], prediction: readonly string[]): RougeScore {
  if (target.length === 0 || prediction.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = lcsLength(target, prediction);
  const precision = lcs / prediction.length;
  const recall = lcs / target.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** `score_multi(references, answer)['rougeL']`: the reference with the highest F (the first on a tie). */
export function rougeL(answer: string, references: readonly string[], options: RougeOptions = {}): RougeScore {
  if (references.length === 0) throw new Error('ROUGE-L needs at least one reference.');
  const prediction = rougeTokens(answer, options);
  let best: RougeScore | undefined;
  for (const reference of references) {
    const score = scoreLcs(rougeTokens(reference, options), prediction);
    if (best === undefined || score.fmeasure > best.fmeasure) best = score;
  }
  return best!;
}

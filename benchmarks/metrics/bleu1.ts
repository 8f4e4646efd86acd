/**
 * BLEU-1 as MedS-Bench computes it (Metrics/utils.py `cal_similarity`, English): nltk 3.8's
 * `sentence_bleu([reference_tokens], answer_tokens, weights=(1, 0, 0, 0),
 * smoothing_function=SmoothingFunction().method1)` on nltk word tokens (nltkWordTokenize.ts).
 * With those weights only the clipped unigram precision and the brevity penalty count; nltk still
 * computes orders 2–4 (weight 0), which cannot change the result, so they are left out here.
 */
import { nltkWordTokenize } from './nltkWordTokenize';

/** nltk `closest_ref_length`: the reference length nearest the answer's, the shorter on a tie. */
function closestReferenceLength(references: readonly string[][], hypothesisLength: number): number {
  let best = Infinity;
  for (const { length } of references) {
    const d = Math.abs(length - hypothesisLength);
    const bestD = Math.abs(best - hypothesisLength);
    if (d < bestD || (d === bestD && length < best)) best = length;
  }
  return best;
}

/** nltk `brevity_penalty`. */
function brevityPenalty(referenceLength: number, hypothesisLength: number): number {
  if (hypothesisLength > referenceLength) return 1;
  if (hypothesisLength === 0) return 0;
  return Math.exp(1 - referenceLength / hypothesisLength);
}

function counts(tokens: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const t of tokens) map.set(t, (map.get(t) ?? 0) + 1);
  return map;
}

/** sentence_bleu with weights (1, 0, 0, 0) and smoothing method1 on tokens already split. */
export function sentenceBleu1(references: readonly string[][], hypothesis: readonly string[]): number {
  if (references.length === 0) throw new Error('BLEU-1 needs at least one reference.');
  // modified_precision(n=1): each answer token counts at most as often as in the reference that has it most.
  const hypothesisCounts = counts(hypothesis);
  const referenceCounts = references.map(counts);
  let matched = 0;
  for (const [token, count] of hypothesisCounts) {
    matched += Math.min(count, Math.max(...referenceCounts.map((c) => c.get(token) ?? 0)));
  }
  // corpus_bleu returns 0 when no unigram matches; method1 only smooths the zero-weighted higher orders.
  if (matched === 0) return 0;
  const precision = matched / Math.max(1, hypothesis.length);
  const bp = brevityPenalty(closestReferenceLength(references, hypothesis.length), hypothesis.length);
  return bp * Math.exp(Math.log(precision));
}

export function bleu1(answer: string, references: readonly string[]): number {
  return sentenceBleu1(references.map(nltkWordTokenize), nltkWordTokenize(answer));
}

/**
 * Exact match and token F1 as the official SQuAD v2.0 evaluation script computes them (`normalize_answer`,
 * `compute_exact`, `compute_f1`), with several references taking the max as its `get_raw_scores` does.
 * Python's Unicode-aware lower(), \b and split() are reproduced, so non-English text normalizes as there.
 */
import { pythonSplit } from '../prompts/pythonWhitespace';
import { PYTHON_WORD_BOUNDARY as B } from './pythonWordBoundary';

/** Python's `string.punctuation`: ASCII punctuation only. */
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
const ARTICLES = new RegExp(`${B}(a|an|the)${B}`, 'gu');

/** `normalize_answer`: lower, drop ASCII punctuation, drop the articles a/an/the, collapse whitespace. */
export function normalizeAnswer(text: string): string {
  const lower = text.toLowerCase();
  const noPunctuation = [...lower].filter((ch) => !PUNCTUATION.has(ch)).join('');
  return squadTokens(noPunctuation.replace(ARTICLES, ' '), true).join(' ');
}

/** `get_tokens`; with `normalized` the text is already normalized and only split. */
export function squadTokens(text: string, normalized = false): string[] {
  if (text === '') return [];
  return pythonSplit(normalized ? text : normalizeAnswer(text));
}

export function exactMatch(answer: string, references: readonly string[]): number {
  if (references.length === 0) throw new Error('Exact match needs at least one reference.');
  const normalized = normalizeAnswer(answer);
  return references.some((r) => normalizeAnswer(r) === normalized) ? 1 : 0;
}

function f1(gold: readonly string[], pred: readonly string[]): number {
  if (gold.length === 0 || pred.length === 0) return gold.length === pred.length ? 1 : 0;
  const goldCounts = new Map<string, number>();
  for (const t of gold) goldCounts.set(t, (goldCounts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of pred) {
    const left = goldCounts.get(t) ?? 0;
    if (left > 0) {
      same++;
      goldCounts.set(t, left - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / pred.length;
  const recall = same / gold.length;
  return (2 * precision * recall) / (precision + recall);
}

export function tokenF1(answer: string, references: readonly string[]): number {
  if (references.length === 0) throw new Error('Token F1 needs at least one reference.');
  const pred = squadTokens(answer);
  return Math.max(...references.map((r) => f1(squadTokens(r), pred)));
}

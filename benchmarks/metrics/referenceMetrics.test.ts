import { describe, expect, it } from 'vitest';
import fixture from './fixtures/reference_metrics.json';
import stems from './fixtures/porter_stems.json';
import { bleu1 } from './bleu1';
import { nltkWordTokenize } from './nltkWordTokenize';
import { porterStem } from './porterStemmer';
import { referenceMetrics } from './referenceMetrics';
import { rougeL, rougeTokens } from './rougeL';
import { exactMatch, squadTokens, tokenF1 } from './squadAnswer';

// Expected values come from nltk 3.8, rouge-score 0.1.2's algorithm and the SQuAD v2.0 script, run by
// fixtures/reference_metrics.py; fixture.producedBy records the versions.
const cases = fixture.cases;
const label = (c: (typeof cases)[number]): string => JSON.stringify(c.answer).slice(0, 60);

describe('reference metrics against their reference implementations', () => {
  it('covers at least 200 pairs, empty strings and text beyond ASCII', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(cases.some((c) => c.answer === '' && c.references.includes(''))).toBe(true);
    expect(cases.some((c) => c.answer !== '' && c.references.includes(''))).toBe(true);
    expect(cases.filter((c) => [...c.answer].some((ch) => ch.codePointAt(0)! > 0x7f)).length).toBeGreaterThanOrEqual(20);
    expect(cases.filter((c) => c.references.length > 1).length).toBeGreaterThanOrEqual(20);
    expect(fixture.producedBy.nltk).toBe('3.8');
  });

  it('tokenizes as rouge-score, nltk word_tokenize and SQuAD do', () => {
    for (const c of cases) {
      expect(rougeTokens(c.answer), label(c)).toEqual(c.rougeTokens);
      expect(nltkWordTokenize(c.answer), label(c)).toEqual(c.bleuTokens);
      expect(squadTokens(c.answer), label(c)).toEqual(c.squadTokens);
    }
  });

  it('stems every word as nltk PorterStemmer()', () => {
    expect(stems.stems.length).toBeGreaterThan(4000);
    const wrong = stems.stems.filter(([word, stem]) => porterStem(word!) !== stem);
    expect(wrong).toEqual([]);
  });

  it('gives ROUGE-L precision, recall and F within 1e-6, with and without stemming', () => {
    for (const c of cases) {
      const plain = rougeL(c.answer, c.references);
      const stemmed = rougeL(c.answer, c.references, { stemmer: true });
      for (const key of ['precision', 'recall', 'fmeasure'] as const) {
        expect(plain[key], label(c)).toBeCloseTo(c.rougeL[key], 6);
        expect(stemmed[key], label(c)).toBeCloseTo(c.rougeLStemmed[key], 6);
      }
    }
  });

  it('gives BLEU-1, exact match and token F1 within 1e-6', () => {
    for (const c of cases) {
      expect(bleu1(c.answer, c.references), label(c)).toBeCloseTo(c.bleu1, 6);
      expect(exactMatch(c.answer, c.references), label(c)).toBe(c.exactMatch);
      expect(tokenF1(c.answer, c.references), label(c)).toBeCloseTo(c.tokenF1, 6);
    }
  });

  it('computes the metrics a run asks for, with the stemming option recorded', () => {
    const c = cases.find((x) => x.rougeL.fmeasure !== x.rougeLStemmed.fmeasure)!;
    const plain = referenceMetrics(c.answer, c.references, ['rouge-l', 'token-f1'], { stemmer: false });
    expect(plain).toEqual({ 'rouge-l': c.rougeL.fmeasure, 'token-f1': c.tokenF1 });
    const stemmed = referenceMetrics(c.answer, c.references, ['rouge-l'], { stemmer: true });
    expect(stemmed['rouge-l']).toBeCloseTo(c.rougeLStemmed.fmeasure, 12);
  });
});

import { describe, expect, it } from 'vitest';
import { distinctSuiteTerms, suiteTermsOf } from './suiteTerms';

const suite = (id: string, version: number, use_restriction?: string) => ({
  id,
  name: id.toUpperCase(),
  version,
  sha256: 'x',
  source: 'test',
  licence: `licence of ${id}`,
  custom: false,
  ...(use_restriction ? { use_restriction } : {}),
});

describe('suite terms', () => {
  it('takes a run’s recorded licence and use restriction, and has no restriction field where none is stated', () => {
    expect(suiteTermsOf(suite('cmexam', 1, 'Research use only'))).toEqual({
      id: 'cmexam',
      name: 'CMEXAM',
      version: 1,
      licence: 'licence of cmexam',
      useRestriction: 'Research use only',
    });
    expect(suiteTermsOf(suite('medqa', 1))).not.toHaveProperty('useRestriction');
  });

  it('lists each suite version once, by name', () => {
    const terms = [suite('medqa', 1), suite('cmexam', 1), suite('medqa', 1), suite('medqa', 2)].map(suiteTermsOf);
    expect(distinctSuiteTerms(terms).map((t) => `${t.id}@${t.version}`)).toEqual(['cmexam@1', 'medqa@1', 'medqa@2']);
  });
});

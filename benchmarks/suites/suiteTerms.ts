import type { RunRecord } from '../../core/runRecord';

/**
 * A suite's licence and the limits its publishers put on use beyond it (CMExam: research use only), as
 * the suite states them and every run records them: shown wherever the suite is picked, and carried
 * into exports and reports, so a number never travels without the terms of the data behind it.
 */
export interface SuiteTerms {
  id: string;
  name: string;
  version: number;
  licence: string;
  useRestriction?: string;
}

export function suiteTermsOf(suite: RunRecord['suite']): SuiteTerms {
  return {
    id: suite.id,
    name: suite.name || suite.id,
    version: suite.version,
    licence: suite.licence,
    ...(suite.use_restriction === undefined ? {} : { useRestriction: suite.use_restriction }),
  };
}

/** Each suite version once, by name: the suites a report or a table draws on. */
export function distinctSuiteTerms(terms: readonly SuiteTerms[]): SuiteTerms[] {
  const byKey = new Map(terms.map((t) => [`${t.id}@${t.version}`, t]));
  return [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version);
}

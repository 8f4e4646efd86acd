import type { Suite } from './suite';

/**
 * Imported suites' ids live in their own namespace (`custom:<name>:<hash>`), so no file can take a shipped
 * suite's id. The id policy is benchmarks/suites/suiteChoice.ts; storage's schema checks the prefix.
 */
export const CUSTOM_SUITE_PREFIX = 'custom';

/** A suite the user imported; validated before it was stored. */
export interface CustomSuiteRecord extends Suite {
  id: string;
  fileName: string;
  importedAt: number;
}

/** What every suite builder shares: how a dataset is shipped, how a suite is made from it, and the raw-file checks. */
import type { SuiteItem, SuiteSpec } from '../../core/suite';

export interface Dataset {
  /** Folder under the raw dir, reused as the folder for its SOURCE.md and licence under the output. */
  dir: string;
  licenceFile: string;
  licence: string;
  /** Limits on use the dataset's publishers state beyond the licence; carried into the suite header. */
  useRestriction?: string;
  /** Further notes shipped beside the licence, relative to `dir` (a copy's own licence, the publisher's reuse terms). */
  extraFiles?: readonly string[];
}

export interface Recipe {
  spec: SuiteSpec;
  dataset: Dataset;
  description: string;
  /** Raw files relative to the raw dir, in the order they are hashed. */
  files: string[];
  items: (texts: string[]) => SuiteItem[];
  /** Exemplars for the suite's n-shot protocol, read from the same files. */
  fewshot?: (texts: string[]) => SuiteItem[];
}

export const LETTERS = ['A', 'B', 'C', 'D', 'E'] as const;

export function fail(where: string, message: string): never {
  throw new Error(`${where}: ${message}`);
}

/**
 * Text is kept verbatim, edge whitespace included (a few MedQA questions start with a space or end
 * in "\n ", a few MMLU options end in a space): lm-eval's MedQA/MedMCQA/PubMedQA prompts use the
 * raw text, and prompt builders, not the data, decide what to trim.
 */
export function nonEmpty(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(where, `expected non-empty text, got ${JSON.stringify(value)}`);
  return value;
}

export function jsonLines(text: string, file: string): { line: number; row: Record<string, unknown> }[] {
  return text
    .split('\n')
    .map((source, index) => ({ source, line: index + 1 }))
    .filter(({ source }) => source.trim() !== '')
    .map(({ source, line }) => {
      const row: unknown = JSON.parse(source);
      if (typeof row !== 'object' || row === null || Array.isArray(row)) fail(`${file}:${line}`, 'expected a JSON object');
      return { line, row: row as Record<string, unknown> };
    });
}

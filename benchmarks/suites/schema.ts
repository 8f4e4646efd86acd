/** Normalized suite format: one header record, then one item per line (JSONL). */

export interface SuiteHeader {
  suite: string;
  version: number;
  name: string;
  source: string;
  licence: string;
  sha256_of_source: string;
  count: number;
  /** Optional for custom suites: a prompt template with {question} {options} {context}. */
  prompt_template?: string;
  /** Optional default scoring mode for this suite. */
  scoring?: ScoringMode;
}

export interface SuiteItem {
  id: string;
  question: string;
  /** Letter -> option text, in display order (A, B, C, ...). */
  options: Record<string, string>;
  /** The correct letter, a key of `options`. */
  answer: string;
  subject?: string;
  context?: string;
}

export interface Suite {
  header: SuiteHeader;
  items: SuiteItem[];
}

export type ScoringMode = 'letter-logprob' | 'option-logprob' | 'generative';

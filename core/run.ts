import type { GenerateOptions, FinishReason, PrecisionSetting } from './engine';
import type { ScoringMode } from './suite';

/** One scored item, persisted as soon as it completes; everything a number shown later is traced back to. */
export interface ItemResult {
  itemId: string;
  /** Position of the item in the run's item list (after sampling). */
  index: number;
  subject: string | null;
  mode: ScoringMode;
  /** The prompt as sent: the raw completion prompt, or the user message in generative mode. */
  prompt: string;
  /** Predicted letter (metric `acc`); null when generative output had no readable answer. */
  pred: string | null;
  gold: string;
  correct: boolean;
  /** `acc_norm` prediction and its correctness; null in generative mode. */
  predNorm: string | null;
  correctNorm: boolean | null;
  /** Softmax over the choices' log-likelihoods, by letter; null in generative mode. */
  probs: Record<string, number> | null;
  /** Summed log-likelihood of each choice's continuation, by letter; null in generative mode. */
  logprobs: Record<string, number> | null;
  generatedText: string | null;
  finishReason: FinishReason | null;
  /** True when generative output had no single readable answer; counted as wrong, never guessed. */
  invalid: boolean;
  latencyMs: number;
  timeToFirstTokenMs: number | null;
  /** Null where the engine does not report them (log-prob scoring). */
  promptTokens: number | null;
  completionTokens: number | null;
  /**
   * Context tokens dropped from the left so the prompt fit the window with the continuation kept whole
   * (lm-eval's truncation; the most over the item's choices, each cut on its own); absent or 0 when the
   * prompt fit. Absent on runs stored before it was recorded.
   */
  truncatedTokens?: number;
  /** Of those, the most lm-eval would have kept (the engine took text, so a cut moved to a re-tokenizable token); absent when 0. */
  truncatedBeyondLmEval?: number;
  /**
   * False when, for some choice, tokens(context) is not a prefix of tokens(context + choice): a merge
   * across the boundary, which lm-eval scores regardless on a slightly different split. Absent in
   * generative mode and on runs stored before it was recorded.
   */
  contextIsPrefix?: boolean;
  /** Why this item could not be scored; it is then neither right nor wrong, and counts as failed. */
  error?: string;
}

/** Which items of the suite a run covers. */
export type ItemSelection =
  | { kind: 'all' }
  /** The first n items in suite order (lm-eval `--limit`); of each subject where subjects are lm-eval tasks (MMLU). */
  | { kind: 'limit'; n: number; perSubject?: boolean }
  /** Quick mode: a stratified sample of n items by subject, drawn with `RunConfig.seed`. */
  | { kind: 'stratified'; n: number };

/**
 * How log-likelihoods were taken, so two runs (or a run and a published number) can be compared
 * knowingly. Runs stored before this was recorded have none.
 */
export interface RunProtocol {
  /** The lm-evaluation-harness release whose task templates the prompts follow. */
  lmEval: string;
  /**
   * Whether BOS preceded every prompt. lm-eval up to v0.4.9.1 (the leaderboard's era) adds none for
   * causal models except Gemma; later releases follow the tokenizer's default, as both engines here do.
   */
  bos: boolean | null;
  /** `canonical-split`: lm-eval's tokens(context + choice) minus tokens(context). `generate-extract`: generative mode. */
  scoring: 'canonical-split' | 'generate-extract';
  /**
   * What happened to a prompt too long for the window. `per-request`: each (prompt, choice) lost its
   * oldest tokens on its own, to `maxLength + 1` tokens, continuations whole (lm-eval's
   * `_loglikelihood_tokens`); `left`: the prompt was cut once, for its longest choice (runs stored
   * before per-request truncation); `refuse`: the item failed (WebLLM).
   */
  truncation: 'per-request' | 'left' | 'refuse';
  /** lm-eval's max_length under `per-request` truncation. */
  maxLength?: number;
  /** The KV cache type and flash attention the scores were taken with; absent on runs stored before it was recorded. */
  precision?: PrecisionSetting;
}

/** Everything that determines a run's numbers; stored with the run (docs/architecture.md, "The run lifecycle"). */
export interface RunConfig {
  suite: { id: string; version: number; sha256: string };
  prompt: PromptRef;
  mode: ScoringMode;
  /** Used in generative mode only. */
  generation: GenerateOptions;
  seed: number;
  selection: ItemSelection;
  /**
   * Exemplars before each item (lm-eval `num_fewshot`), from the suite's `fewshot` split: 0, or the
   * n its spec offers (CMMLU: 5 from dev).
   */
  nShot: number;
  /** Items that refer to a figure were kept in the run; absent or false: they were left out. */
  includeImageItems?: boolean;
  /** What was left out of the suite before the items were selected; absent on runs stored before it was recorded. */
  excluded?: ItemExclusions;
  protocol?: RunProtocol;
}

/** Items of the suite a run leaves out before selecting, counted over the whole suite. */
export interface ItemExclusions {
  /** Multi-answer items in a log-prob mode, whose one argmax cannot name a set of letters. */
  multiAnswer: number;
  /** Items that refer to a figure the suite does not ship, unless the run includes them. */
  image: number;
}

export interface RunProgress {
  /** Items finished, including those finished before a resume. */
  done: number;
  total: number;
  /** Items scored in this call and their rate, from the first scored item. */
  scoredThisCall: number;
  itemsPerSecond: number | null;
  etaSeconds: number | null;
  /** Running accuracy over scored items (prior counts included), with its Wilson 95% interval. */
  correct: number;
  scored: number;
  accuracy: number | null;
  ci: { lower: number; upper: number } | null;
}

export interface ResultSink {
  put(result: ItemResult): Promise<void> | void;
}

/**
 * A prompt template is data: its text fully determines the prompt, so a run can record
 * `{id, version, hash}` and a changed template can never pass for the old one.
 *
 * Placeholders (substituted in one pass, so item text that happens to contain `{options}` stays literal):
 * - `{question}`  the item's question, verbatim
 * - `{options}`   one line per option, `A. text`, in the item's option order (lm-eval layout)
 * - `{context}`   the item's context (PubMedQA abstract); required when used
 * - `{subject}`   the item's subject with `_` read as a space (lm-eval MMLU description); required when used
 * - `{letters}`   the option letters as prose, `A, B, C or D`
 * - `{options_bare}` one line per option, `A text` (CMExam's own layout)
 * - `{preamble}`  `preambles[item.subject]`: lm-eval's per-subject description, then any few-shot exemplars
 * Item text is not trimmed, as in lm-eval's MedQA/MedMCQA/PubMedQA `doc_to_text`.
 */
export interface PromptTemplate {
  id: string;
  version: number;
  text: string;
  /** Per-subject text for `{preamble}`; part of the template's hash. */
  preambles?: Readonly<Record<string, string>>;
}

/** What a run records about its template, so a resume can check it is the same (docs/architecture.md, "The run lifecycle"). */
export interface PromptRef {
  id: string;
  version: number;
  hash: string;
}

/** What a benchmark call in the worker reports when it ends. */
export interface RunBenchOutcome {
  scored: number;
  /** Items recorded as failed (see ItemResult.error); the run went on past them. */
  failed: number;
  skipped: number;
  correct: number;
}

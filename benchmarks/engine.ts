/**
 * The part of an engine that benchmark code may call. Pure types only: the worker's engines
 * (workers/engines/*) satisfy this structurally, so benchmarks/ never names a backend.
 */

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface GenerateOptions {
  temperature: number;
  topP: number;
  maxTokens: number;
  seed?: number;
  /** Extra stop strings besides the model's end-of-generation tokens. */
  stop?: string[];
}

export type FinishReason = 'stop' | 'length' | 'abort';

export interface GenerationUsage {
  promptTokens: number;
  completionTokens: number;
  /** Milliseconds from the request to the first streamed token. */
  timeToFirstTokenMs: number;
  prefillTokensPerSecond: number;
  decodeTokensPerSecond: number;
  totalMs: number;
}

export interface ChatResult {
  text: string;
  finishReason: FinishReason;
  usage: GenerationUsage;
}

/** Log-probability of one continuation of a prompt, with the tokens it was scored as. */
export interface ChoiceScore {
  choice: string;
  logprob: number;
  tokenIds: number[];
  tokenLogprobs: number[];
}

export type TokenCallback = (piece: string) => void;

export interface ModelCaller {
  chat(messages: ChatMessage[], options: GenerateOptions, onToken?: TokenCallback, signal?: AbortSignal): Promise<ChatResult>;
  /**
   * Log-probability of each choice as the continuation of the raw prompt (no chat template),
   * the log-likelihood of lm-evaluation-harness.
   */
  scoreChoices(prompt: string, choices: string[], signal?: AbortSignal): Promise<ChoiceScore[]>;
}

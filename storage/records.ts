import type { ChatRole, ComputePlacement, EndpointInfo, GenerationUsage, PrecisionSetting } from '../core/engine';
import type { CatalogEntry } from '../core/catalogEntry';
import type { RunRecord, StoredItemResult } from '../core/runRecord';
import type { Suite } from '../core/suite';
import type { LmEvalResults } from '../benchmarks/metrics/lmEvalResults';
import type { OpenRunExport } from '../benchmarks/runs/openRunExport';
import type { BattleWinner } from '../benchmarks/metrics/ratings';
import type { RunSummary } from '../benchmarks/metrics/summary';
import type { SealedText } from './passphraseLock';

export interface SamplingSettings {
  temperature: number;
  topP: number;
  maxTokens: number;
}

export interface Consultation {
  id: string;
  title: string;
  modelId: string;
  systemPrompt: string;
  sampling: SamplingSettings;
  createdAt: number;
  updatedAt: number;
  /** The first message the model still sees, when older turns were dropped to fit its context window. */
  viewStartId?: string;
}

/** Text the user typed or the model wrote, as stored: plain, or sealed while the passphrase lock is on. */
export type StoredText = string | SealedText;

/** A record as it lies in IndexedDB: the named text fields may be sealed; the rest stays plain for indexes and sorting. */
export type AtRest<T, K extends keyof T> = Omit<T, K> & { [F in keyof Pick<T, K>]: Exclude<T[F], string> | StoredText };

export type ConsultationAtRest = AtRest<Consultation, 'title' | 'systemPrompt'>;

/**
 * `streaming` is a reply still being written; one found streaming after its tab closed or crashed is
 * shown as `interrupted`, its partial text kept.
 */
export type MessageStatus = 'complete' | 'streaming' | 'stopped' | 'interrupted' | 'error';

export interface StoredMessage {
  id: string;
  consultationId: string;
  /** Order within the consultation. */
  seq: number;
  role: ChatRole;
  content: string;
  status: MessageStatus;
  modelId?: string;
  usage?: GenerationUsage;
  /** Where the model that wrote this reply ran (WebGPU layers or CPU threads), as its engine reported. */
  compute?: ComputePlacement;
  /** The KV cache type and flash attention the reply was generated with, where the engine has the setting. */
  precision?: PrecisionSetting;
  /** A served model's reply: the host the conversation up to it was sent to. Absent: it never left this device. */
  sentTo?: string;
  /** The model's reasoning, where a server sends it apart from the answer; shown collapsed. */
  reasoning?: string;
  error?: string;
  createdAt: number;
}

export type MessageAtRest = AtRest<StoredMessage, 'content' | 'reasoning' | 'error'>;

/** A result as stored: a generated answer is the model's text. */
export type ResultAtRest = AtRest<StoredItemResult, 'generatedText'>;

// A run and an imported suite are the contract's types (core/); stored as they are.
export type { RunRecord, RunStatus, StoredItemResult } from '../core/runRecord';
export type { CustomSuiteRecord } from '../core/customSuite';

/** A model the user added; a picked .gguf file is kept with it, so it loads again after a reload. */
export interface CustomModelRecord {
  id: string;
  entry: CatalogEntry;
  file?: File;
  /** Every part of a split GGUF the user picked, in part order. */
  files?: File[];
  /** Set when the record came from an export too large to carry the picked file: it must be picked again. */
  fileMissing?: { name: string; sizeBytes: number };
}

export type { BattleWinner };

/**
 * A model on a server the user added (llama-server, vLLM, SGLang, …): one record per base URL and model.
 * The API key is sealed under the passphrase lock and never exported.
 */
export interface EndpointRecord {
  /** The model's id in the library: `endpoint:` + base URL + `#` + model id. */
  id: string;
  name: string;
  baseUrl: string;
  /** Host and port: where every prompt to this model goes. */
  host: string;
  modelId: string;
  /** Sent as `Authorization: Bearer …` to this host only. */
  apiKey?: string;
  /** The record came from an export, which never carries a key: it must be entered again. */
  apiKeyLeftOut?: boolean;
  /** What the probe found when the model was added: the server, its version and each capability. */
  probe: EndpointInfo;
  addedAt: number;
}

export type EndpointAtRest = AtRest<EndpointRecord, 'apiKey'>;

/** A model plus its sampling settings plus a system prompt: one model at two temperatures is two contestants. */
export interface Contestant {
  id: string;
  /** Unique among the contestants; what ratings call it. */
  label: string;
  modelId: string;
  sampling: SamplingSettings;
  systemPrompt: string;
}

/** One blind arena vote: what was asked, what each side answered, and who sat where. */
export interface VoteRecord {
  id: string;
  /** Contestant labels as ratings name them (FastChat `model_a` / `model_b`). */
  modelA: string;
  modelB: string;
  winner: BattleWinner;
  prompt: string;
  replyA: string;
  replyB: string;
  /** The seed that decided which contestant sat on the left, so the assignment can be replayed. */
  sideSeed: number | null;
  /** Epoch milliseconds. */
  timestamp: number;
  /** Arena votes: the two contestants in full, as they sat (A left, B right). */
  contestants?: { a: Contestant; b: Contestant };
  /** Where each side's prompt was sent, for a side answered by a served model; a side absent here ran on this device. */
  sentTo?: { a?: string; b?: string };
  /** Battles imported from a FastChat file instead of voted here. */
  importedFrom?: string;
}

/** A classroom lesson: items picked from a suite, in order, with the models to show and the teacher's notes. */
export interface LessonRecord {
  id: string;
  title: string;
  /** Catalog id of the model whose option probabilities the class sees. */
  modelId: string;
  /** A second model shown side by side, if any. */
  compareModelId?: string;
  /** Suite id (shipped or imported) the items come from. */
  suiteId: string;
  /** Item ids in presenting order. */
  itemIds: string[];
  /** Teacher-only notes by item id, never shown on the projector. */
  notes: Record<string, string>;
  /**
   * A lesson imported from a file whose suite is not shipped: the lesson's items, carried with it, so
   * it presents on a machine that never imported that suite.
   */
  carriedSuite?: Suite;
  createdAt: number;
  updatedAt: number;
}

/** One contestant's answer to one turn. */
export interface ComparisonReply {
  contestantId: string;
  content: string;
  status: MessageStatus;
  usage?: GenerationUsage;
  /** The KV cache type and flash attention the reply was generated with, where the engine has the setting. */
  precision?: PrecisionSetting;
  /** A served model's reply: the host the prompt and history were sent to. Absent: it never left this device. */
  sentTo?: string;
  /** The model's reasoning, where a server sends it apart from the answer; shown collapsed. */
  reasoning?: string;
  error?: string;
}

export interface ComparisonTurn {
  prompt: string;
  replies: ComparisonReply[];
  /** How the replies were produced, as announced before sending. */
  execution: 'parallel' | 'sequential';
}

/** One side-by-side conversation: the same messages to every contestant, each with its own replies. */
export interface ComparisonRecord {
  id: string;
  title: string;
  contestants: Contestant[];
  turns: ComparisonTurn[];
  createdAt: number;
  updatedAt: number;
}

export type ContestantAtRest = AtRest<Contestant, 'systemPrompt'>;

export type VoteAtRest = AtRest<
  Omit<VoteRecord, 'contestants'> & { contestants?: { a: ContestantAtRest; b: ContestantAtRest } },
  'prompt' | 'replyA' | 'replyB'
>;

export type LessonAtRest = AtRest<Omit<LessonRecord, 'notes'> & { notes: Record<string, StoredText> }, 'title'>;

export type ComparisonAtRest = AtRest<
  Omit<ComparisonRecord, 'contestants' | 'turns'> & {
    contestants: ContestantAtRest[];
    turns: AtRest<Omit<ComparisonTurn, 'replies'> & { replies: AtRest<ComparisonReply, 'content' | 'reasoning' | 'error'>[] }, 'prompt'>[];
  },
  'title'
>;

/** A file imported for the leaderboard: a run export (the Benchmarks page's "Export JSON") or lm-eval results. */
export type SharedRunRecord =
  | {
      /** The run's own id, so importing the same file twice changes nothing. */
      id: string;
      kind: 'run';
      importedAt: number;
      fileName: string;
      run: RunRecord;
      summary: RunSummary;
      results: StoredItemResult[];
    }
  | {
      /** `lm-eval:` plus the file's model and tasks, so the same results imported twice are one row. */
      id: string;
      kind: 'lm-eval';
      importedAt: number;
      fileName: string;
      external: LmEvalResults;
    }
  | {
      /** An open-ended run's result document (benchmarks/runs/openRunExport.ts), under the run's own id. */
      id: string;
      kind: 'open-run';
      importedAt: number;
      fileName: string;
      doc: OpenRunExport;
    };

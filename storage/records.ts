import type { ChatRole, GenerationUsage } from '../core/engine';
import type { CatalogEntry } from '../core/catalogEntry';
import type { ItemResult, RunConfig } from '../core/run';
import type { Suite } from '../core/suite';

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
}

/** `streaming` is a reply still being written; after a crash or reload it reads as stopped. */
export type MessageStatus = 'complete' | 'streaming' | 'stopped' | 'error';

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
  error?: string;
  createdAt: number;
}

export type RunStatus = 'running' | 'cancelled' | 'completed' | 'failed';

/** A benchmark run and everything that produced its numbers (conventions rule 11). */
export interface RunRecord {
  id: string;
  status: RunStatus;
  config: RunConfig;
  suite: { id: string; name: string; version: number; sha256: string; source: string; licence: string; custom: boolean };
  model: { id: string; name: string; source: string; backend: string; quant: string; engineVersion: string; threads: number };
  env: { appVersion: string; gitHash: string; userAgent: string; gpu: string | null; crossOriginIsolated: boolean };
  /** The selected items in scoring order, fixed at creation so a resume scores the same set. */
  itemIds: string[];
  startedAt: number;
  endedAt?: number;
  error?: string;
  /** Items finished and correct when the run last stopped, for the runs list. */
  tally?: { done: number; correct: number };
}

export type StoredItemResult = ItemResult & { runId: string };

/** A suite the user imported; validated before it was stored. */
export interface CustomSuiteRecord extends Suite {
  id: string;
  fileName: string;
  importedAt: number;
}

/** A model the user added; a picked .gguf file is kept with it, so it loads again after a reload. */
export interface CustomModelRecord {
  id: string;
  entry: CatalogEntry;
  file?: File;
}

/** FastChat's battle outcomes; ties of either kind count as half a win for each side. */
export type BattleWinner = 'model_a' | 'model_b' | 'tie' | 'tie (bothbad)';

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
}

/** A classroom lesson: items picked from a suite, in order, with the teacher's notes. */
export interface LessonRecord {
  id: string;
  title: string;
  /** Suite id (shipped or imported) the items come from. */
  suiteId: string;
  itemIds: string[];
  /** Teacher-only notes by item id, never shown on the projector. */
  notes: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

/** One side-by-side conversation: the same messages to every contestant, each with its own replies. */
export interface ComparisonRecord {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  [detail: string]: unknown;
}

/** A run export (the Benchmarks page's "Export JSON" document) imported for the leaderboard. */
export interface SharedRunRecord {
  /** The run's own id, so importing the same file twice changes nothing. */
  id: string;
  importedAt: number;
  fileName: string;
  [detail: string]: unknown;
}

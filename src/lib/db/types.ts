import type { ChatRole, GenerationUsage } from '../../../benchmarks/engine';
import type { ItemResult, RunConfig } from '../../../benchmarks/runner/types';

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

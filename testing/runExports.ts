import { summarizeRun } from '../benchmarks/metrics/summary';
import type { RunRecord, StoredItemResult } from '../core/runRecord';
import { RUN_EXPORT_FORMAT, RUN_EXPORT_FORMAT_VERSION, type RunExport } from '../benchmarks/runs/runExport';

/** Hand-made run exports for tests: one item per entry of `correct`, predicting the gold letter when correct. */
export function makeRunExport(options: {
  id: string;
  modelId?: string;
  suiteId?: string;
  suiteVersion?: number;
  correct: readonly boolean[];
  subjects?: readonly (string | null)[];
  itemIds?: readonly string[];
  complete?: boolean;
  startedAt?: number;
}): RunExport {
  const itemIds = options.itemIds ?? options.correct.map((_, i) => `q${String(i + 1).padStart(3, '0')}`);
  const suiteId = options.suiteId ?? 'medqa-usmle-4';
  const modelId = options.modelId ?? 'stories260K';
  const run: RunRecord = {
    id: options.id,
    status: 'completed',
    config: {
      suite: { id: suiteId, version: options.suiteVersion ?? 1, sha256: `sha-${suiteId}-${options.suiteVersion ?? 1}` },
      prompt: { id: 'mcqLettered', version: 1, hash: 'p1' },
      mode: 'letter-logprob',
      generation: { temperature: 0, topP: 1, maxTokens: 32 },
      seed: 1234,
      selection: options.complete ? { kind: 'all' } : { kind: 'limit', n: itemIds.length },
      nShot: 0,
    },
    suite: {
      id: suiteId,
      name: suiteId,
      version: options.suiteVersion ?? 1,
      sha256: `sha-${suiteId}-${options.suiteVersion ?? 1}`,
      source: 'test',
      licence: 'MIT',
      custom: false,
    },
    model: { id: modelId, name: modelId, source: 'test', backend: 'wllama', quant: 'f32', engineVersion: '3.13.0', threads: 1 },
    env: { appVersion: '0.1.0', gitHash: 'test', userAgent: 'test', gpu: null, crossOriginIsolated: false },
    itemIds: [...itemIds],
    startedAt: options.startedAt ?? 1_700_000_000_000,
    endedAt: (options.startedAt ?? 1_700_000_000_000) + 1000,
  };
  const results: StoredItemResult[] = options.correct.map((ok, i) => ({
    runId: options.id,
    itemId: itemIds[i]!,
    index: i,
    subject: options.subjects?.[i] ?? null,
    mode: 'letter-logprob',
    prompt: `Question ${i + 1}\nAnswer:`,
    pred: ok ? 'A' : 'B',
    gold: 'A',
    correct: ok,
    predNorm: ok ? 'A' : 'B',
    correctNorm: ok,
    probs: ok ? { A: 0.7, B: 0.1, C: 0.1, D: 0.1 } : { A: 0.1, B: 0.7, C: 0.1, D: 0.1 },
    logprobs: null,
    generatedText: null,
    finishReason: null,
    invalid: false,
    latencyMs: 10,
    timeToFirstTokenMs: null,
    promptTokens: null,
    completionTokens: null,
  }));
  return { format: RUN_EXPORT_FORMAT, formatVersion: RUN_EXPORT_FORMAT_VERSION, run, summary: summarizeRun(results), results };
}

/** Two runs over n = bothCorrect + onlyA + onlyB + bothWrong items with exactly that 2×2 table. */
export function pairedExports(
  bothCorrect: number,
  onlyA: number,
  onlyB: number,
  bothWrong: number,
  subjects?: (string | null)[],
): [RunExport, RunExport] {
  const a = [
    ...Array(bothCorrect).fill(true),
    ...Array(onlyA).fill(true),
    ...Array(onlyB).fill(false),
    ...Array(bothWrong).fill(false),
  ] as boolean[];
  const b = [
    ...Array(bothCorrect).fill(true),
    ...Array(onlyA).fill(false),
    ...Array(onlyB).fill(true),
    ...Array(bothWrong).fill(false),
  ] as boolean[];
  return [
    makeRunExport({ id: 'run-a', modelId: 'model-a', correct: a, subjects }),
    makeRunExport({ id: 'run-b', modelId: 'model-b', correct: b, subjects }),
  ];
}

import type { Grade, OpenItem, OpenItemResult } from '../core/openEnded';
import type { OpenRunRecord, StoredOpenResult } from '../core/openRunRecord';

/** Test records of an open-ended run, shaped as the app stores them. */

export function openRunRecord(id: string, patch: Partial<OpenRunRecord> = {}): OpenRunRecord {
  return {
    id,
    kind: 'open-ended',
    status: 'completed',
    config: {
      kind: 'open-ended',
      suite: { id: 'custom:ward:0123456789ab', version: 1, sha256: 'ab' },
      generation: { temperature: 0, topP: 1, maxTokens: 64, seed: 1 },
      seed: 1,
      selection: { kind: 'all' },
      referenceMetrics: { metrics: ['rouge-l'], stemmer: false, definitions: { 'rouge-l': 'rouge-score 0.1.2 rougeL' } },
    },
    suite: { id: 'custom:ward:0123456789ab', name: 'Ward', version: 1, sha256: 'ab', source: 's', licence: 'CC0-1.0', custom: true },
    model: { id: `model-${id}`, name: `Model ${id}`, source: 'u', backend: 'wllama', quant: 'Q8_0', engineVersion: '2', threads: 1 },
    env: { appVersion: '0', gitHash: 'x', userAgent: 'ua', gpu: null, crossOriginIsolated: true },
    itemIds: [],
    startedAt: Date.UTC(2026, 0, 2, 3, 4, 5),
    ...patch,
  };
}

/** An answer with its ROUGE-L, or a failed item when `rouge` is null. */
export function openResult(runId: string, itemId: string, index: number, rouge: number | null): StoredOpenResult {
  const base: OpenItemResult = {
    itemId,
    index,
    prompt: [{ role: 'user', content: `Question ${itemId}?` }],
    answer: rouge === null ? null : `Answer to ${itemId}, "quoted", with a comma`,
    finishReason: rouge === null ? null : 'stop',
    metrics: rouge === null ? {} : { 'rouge-l': rouge },
    latencyMs: 10,
    timeToFirstTokenMs: rouge === null ? null : 2,
    promptTokens: rouge === null ? null : 5,
    completionTokens: rouge === null ? null : 7,
    ...(rouge === null ? { error: 'The prompt is 3000 tokens, more than this model’s 2048-token context window holds.' } : {}),
  };
  return { ...base, runId };
}

/** Items with a three-criterion rubric (+10, +5, −5) and a reference each. */
export function rubricItems(n: number): OpenItem[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `q${i + 1}`,
    prompt: `Question q${i + 1}?`,
    references: [`Reference ${i + 1}`],
    rubric: [
      { criterion: 'Says the main thing', points: 10, tags: ['axis:accuracy'] },
      { criterion: 'Says why', points: 5, tags: ['axis:completeness'] },
      { criterion: 'Says something unsafe', points: -5, tags: ['axis:accuracy'] },
    ],
    tags: [i % 2 ? 'theme:odd' : 'theme:even'],
  }));
}

/** A person's verdicts on every criterion of one answer. */
export function personVerdicts(
  runId: string,
  itemId: string,
  name: string,
  met: readonly boolean[],
  at = '2026-01-01T00:00:00.000Z',
): Grade[] {
  return met.map((m, criterion) => ({
    kind: 'criterion',
    runId,
    itemId,
    criterion,
    grader: { kind: 'person', name },
    verdict: m ? 'met' : 'not-met',
    explanation: null,
    at,
  }));
}

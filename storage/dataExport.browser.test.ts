import { beforeEach, describe, expect, test } from 'vitest';
import { db, DB_VERSION, STORE_NAMES, type StoreName } from './database';
import { API_KEYS_LEFT_OUT, exportAll, exportFromJson, exportToJson, importAll, MAX_EMBEDDED_FILE_BYTES, wipeAll } from './dataExport';
import type { CustomModelRecord } from './records';

const GGUF_BYTES = new Uint8Array([0x47, 0x47, 0x55, 0x46, 3, 0, 0, 0, 1, 2, 3, 250, 251, 252]);

/** One sound record per store, shaped as the app writes them. */
function sample(): Record<StoreName, unknown[]> {
  const entry = {
    id: 'custom:file:copy.gguf',
    name: 'copy',
    backend: 'wllama',
    url: 'copy.gguf',
    quant: 'F16',
    contextSize: 2048,
    local: true,
  };
  return {
    consultations: [
      {
        id: 'c1',
        title: 'Chest pain',
        modelId: 'stories260K',
        systemPrompt: 'Be brief.',
        sampling: { temperature: 0.7, topP: 0.95, maxTokens: 512 },
        createdAt: 1,
        updatedAt: 2,
        viewStartId: 'm1',
      },
    ],
    messages: [
      { id: 'm1', consultationId: 'c1', seq: 0, role: 'user', content: 'Hello', status: 'complete', createdAt: 1 },
      {
        id: 'm2',
        consultationId: 'c1',
        seq: 1,
        role: 'assistant',
        content: 'Par',
        status: 'interrupted',
        modelId: 'stories260K',
        createdAt: 2,
      },
    ],
    runs: [
      {
        id: 'r1',
        status: 'completed',
        config: {
          suite: { id: 'medqa-usmle-4', version: 1, sha256: 'ab' },
          prompt: { id: 'mcqLettered', hash: 'cd' },
          mode: 'letter-logprob',
        },
        suite: { id: 'medqa-usmle-4', name: 'MedQA', version: 1, sha256: 'ab', source: 's', licence: 'l', custom: false },
        model: { id: 'stories260K', name: 'Tiny', source: 'u', backend: 'wllama', quant: 'f32', engineVersion: '3', threads: 1 },
        env: { appVersion: '0', gitHash: 'x', userAgent: 'ua', gpu: null, crossOriginIsolated: true },
        itemIds: ['q1'],
        startedAt: 5,
        endedAt: 6,
      },
    ],
    results: [
      { runId: 'r1', itemId: 'q1', index: 0, mode: 'letter-logprob', prompt: 'Q?', gold: 'A', correct: true, invalid: false, latencyMs: 9 },
    ],
    suites: [
      {
        id: 'custom:tricky:0123456789ab',
        header: { suite: 'tricky', version: 1, name: 'tricky', source: 's', licence: 'l', sha256_of_source: '0123456789ab', count: 1 },
        items: [{ id: 'q1', question: 'Q?', options: { A: 'a', B: 'b' }, answer: 'A' }],
        fileName: 'tricky.csv',
        importedAt: 7,
      },
    ],
    models: [{ id: entry.id, entry, file: new File([GGUF_BYTES], 'copy.gguf', { type: 'application/octet-stream', lastModified: 1234 }) }],
    votes: [{ id: 'v1', modelA: 'a', modelB: 'b', winner: 'tie', prompt: 'p', replyA: 'x', replyB: 'y', sideSeed: 3, timestamp: 8 }],
    settings: [['ui', { theme: 'dark' }]],
    lessons: [{ id: 'l1', title: 'Lesson', suiteId: 'medqa-usmle-4', itemIds: ['q1'], notes: {}, createdAt: 1, updatedAt: 2 }],
    comparisons: [{ id: 'k1', title: 'Side by side', createdAt: 1, updatedAt: 2 }],
    sharedRuns: [{ id: 'r9', importedAt: 1, fileName: 'run.json' }],
    openSuites: [
      {
        id: 'custom:open:0123456789ab',
        header: {
          kind: 'open-ended',
          suite: 'open',
          version: 1,
          name: 'open',
          source: 's',
          licence: 'l',
          sha256_of_source: '0123456789ab',
          count: 1,
          metrics: ['rubric', 'rouge-l'],
        },
        items: [
          {
            id: 'o1',
            prompt: [{ role: 'user', content: 'Q?' }],
            references: ['A.'],
            rubric: [{ criterion: 'Says A', points: 5, tags: ['axis:accuracy'] }],
            tags: ['theme:t'],
          },
        ],
        fileName: 'open.jsonl',
        format: 'bedside-jsonl',
        importedAt: 7,
      },
    ],
    openRuns: [
      {
        id: 'or1',
        kind: 'open-ended',
        status: 'completed',
        config: {
          kind: 'open-ended',
          suite: { id: 'custom:open:0123456789ab', version: 1, sha256: 'ab' },
          generation: { temperature: 0, topP: 1, maxTokens: 64, seed: 1 },
          seed: 1,
          selection: { kind: 'all' },
          referenceMetrics: { metrics: ['rouge-l'], stemmer: false, definitions: { 'rouge-l': 'd' } },
        },
        suite: { id: 'custom:open:0123456789ab', name: 'open', version: 1, sha256: 'ab', source: 's', licence: 'l', custom: true },
        model: { id: 'stories260K', name: 'Tiny', source: 'u', backend: 'wllama', quant: 'f32', engineVersion: '3', threads: 1 },
        env: { appVersion: '0', gitHash: 'x', userAgent: 'ua', gpu: null, crossOriginIsolated: true },
        itemIds: ['o1'],
        startedAt: 5,
        endedAt: 6,
      },
    ],
    openResults: [
      {
        runId: 'or1',
        itemId: 'o1',
        index: 0,
        prompt: [{ role: 'user', content: 'Q?' }],
        answer: 'A.',
        finishReason: 'stop',
        metrics: { 'rouge-l': 1 },
        latencyMs: 9,
        timeToFirstTokenMs: 2,
        promptTokens: 3,
        completionTokens: 2,
      },
    ],
    grades: [
      {
        kind: 'criterion',
        runId: 'or1',
        itemId: 'o1',
        criterion: 0,
        grader: { kind: 'person', name: 'Ana' },
        graderKey: 'person:Ana',
        verdict: 'met',
        explanation: null,
        at: '2026-01-01T00:00:00.000Z',
      },
    ],
    endpoints: [
      {
        id: 'endpoint:http://10.0.0.5:8000#m',
        name: 'm on 10.0.0.5:8000',
        baseUrl: 'http://10.0.0.5:8000',
        host: '10.0.0.5:8000',
        modelId: 'm',
        apiKey: 'sk-Gharial-5521',
        probe: {
          host: '10.0.0.5:8000',
          baseUrl: 'http://10.0.0.5:8000',
          server: { kind: 'vllm', version: '0.9.1' },
          modelId: 'm',
          precision: null,
          capabilities: { chat: { ok: true }, streaming: { ok: true }, 'letter-logprob': { ok: true }, 'option-logprob': { ok: true } },
          concurrency: 4,
        },
        addedAt: 9,
      },
    ],
  };
}

async function counts(): Promise<Record<string, number>> {
  const database = await db();
  return Object.fromEntries(await Promise.all(STORE_NAMES.map(async (n) => [n, await database.count(n)] as const)));
}

/** Files compared by what they hold: toEqual sees no own properties on a File. */
async function fileBytes(record: unknown): Promise<number[]> {
  return [...new Uint8Array(await ((record as CustomModelRecord).file as File).arrayBuffer())];
}

describe('export and import (real IndexedDB)', () => {
  beforeEach(async () => {
    await wipeAll();
    const data = sample();
    await importAll({ format: 'bedside-export', schemaVersion: DB_VERSION, exportedAt: '', stores: data });
  });

  test('export → JSON → wipe → import gives back every store deep-equal, the picked GGUF byte for byte', async () => {
    const before = await exportAll();
    const text = await exportToJson(before);
    await wipeAll();
    expect(Object.values(await counts()).every((n) => n === 0)).toBe(true);

    await importAll(exportFromJson(text));
    const after = await exportAll();
    for (const name of STORE_NAMES) expect(after.stores[name], name).toEqual(before.stores[name]);
    const file = (after.stores.models[0] as CustomModelRecord).file!;
    expect(file).toBeInstanceOf(File);
    expect(file.name).toBe('copy.gguf');
    expect(await fileBytes(after.stores.models[0])).toEqual([...GGUF_BYTES]);
  });

  test('a picked file too large to carry is named in the export as one to pick again, never written as {}', async () => {
    const before = await exportAll();
    const big = new File([new Uint8Array(MAX_EMBEDDED_FILE_BYTES + 1)], 'big.gguf');
    const record = before.stores.models[0] as CustomModelRecord;
    const text = await exportToJson({ ...before, stores: { ...before.stores, models: [{ ...record, file: big }] } });
    expect(text.length).toBeLessThan(100_000);
    await wipeAll();
    await importAll(exportFromJson(text));
    const [restored] = (await exportAll()).stores.models as CustomModelRecord[];
    expect(restored!.file).toBeUndefined();
    expect(restored!.fileMissing).toEqual({ name: 'big.gguf', sizeBytes: MAX_EMBEDDED_FILE_BYTES + 1 });
    expect(restored!.entry).toEqual(record.entry);
  });

  test('a hand-edited run whose suite is null is refused with its store, record and field, and nothing is written', async () => {
    const data = await exportAll();
    const before = await counts();
    const runs = [{ ...(data.stores.runs[0] as object), id: 'r2', suite: null }];
    const edited = {
      ...data,
      stores: { ...data.stores, consultations: [{ ...(data.stores.consultations[0] as object), id: 'c9' }], runs },
    };
    await expect(importAll(JSON.parse(JSON.stringify(edited)))).rejects.toThrow(
      'store "runs", record 1, suite: expected an object, got null',
    );
    expect(await counts()).toEqual(before);
    expect(await (await db()).get('consultations', 'c9')).toBeUndefined();
  });

  test('run itemIds set to null, and a suite claiming a shipped id, are refused', async () => {
    const data = await exportAll();
    const nullItems = { ...data, stores: { ...data.stores, runs: [{ ...(data.stores.runs[0] as object), itemIds: null }] } };
    await expect(importAll(nullItems)).rejects.toThrow('record 1, itemIds: expected a list, got null');
    const shadow = { ...data, stores: { ...data.stores, suites: [{ ...(data.stores.suites[0] as object), id: 'medqa-usmle-4' }] } };
    await expect(importAll(shadow)).rejects.toThrow(`an imported suite's id must start with "custom"`);
  });

  test('an endpoint travels without its API key: the file says keys are never exported, and the import asks for it again', async () => {
    expect(JSON.stringify(await (await db()).getAll('endpoints'))).toContain('sk-Gharial-5521');
    const data = await exportAll();
    const text = await exportToJson(data);
    expect(text).not.toContain('sk-Gharial-5521');
    expect(JSON.parse(text).leftOut).toEqual([API_KEYS_LEFT_OUT]);
    expect(API_KEYS_LEFT_OUT).toContain('never exported');
    await wipeAll();
    await importAll(exportFromJson(text));
    const [restored] = await (await db()).getAll('endpoints');
    expect(restored).toMatchObject({ host: '10.0.0.5:8000', apiKeyLeftOut: true });
    expect(restored).not.toHaveProperty('apiKey');
  });

  test('an endpoint whose host is not its base URL’s, or whose id names another, is refused before anything is written', async () => {
    const data = await exportAll();
    const before = await counts();
    const [endpoint] = data.stores.endpoints as Record<string, unknown>[];
    const edit = (change: object) => ({ ...data, stores: { ...data.stores, endpoints: [{ ...endpoint, ...change }] } });
    await expect(importAll(edit({ host: 'collector.example.org' }))).rejects.toThrow(
      'store "endpoints", record 1, host: expected "10.0.0.5:8000", the base URL\'s host, got "collector.example.org"',
    );
    await expect(importAll(edit({ id: 'endpoint:http://10.0.0.5:8000#other' }))).rejects.toThrow(
      'store "endpoints", record 1, id: expected',
    );
    await expect(importAll(edit({ baseUrl: 'file:///etc/passwd' }))).rejects.toThrow('baseUrl: expected an http:// or https:// URL');
    expect(await counts()).toEqual(before);
  });

  test('an export from a newer version, or that is not JSON, is rejected before anything is written', async () => {
    const data = await exportAll();
    const before = await counts();
    await expect(importAll({ ...data, schemaVersion: DB_VERSION + 1 })).rejects.toThrow(/newer Bedside .*Update the app/);
    expect(() => exportFromJson('{"format": "bedside-export",')).toThrow('not valid JSON');
    expect(await counts()).toEqual(before);
  });
});

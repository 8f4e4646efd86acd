import { beforeEach, expect, test } from 'vitest';
import { deleteConsultation, listConsultations, listMessages, putConsultation, putMessage } from './consultations';
import { exportAll, importAll, wipeAll } from './dataExport';
import { db } from './database';
import v1 from './fixtures/bedside-v1.json';
import type { Consultation, RunRecord, StoredItemResult, StoredMessage } from './records';

const consultation = (id: string, updatedAt: number): Consultation => ({
  id,
  title: `Case ${id}`,
  modelId: 'stories260K',
  systemPrompt: '',
  sampling: { temperature: 0.7, topP: 0.95, maxTokens: 256 },
  createdAt: 1,
  updatedAt,
});
const message = (consultationId: string, seq: number, content: string): StoredMessage => ({
  id: `${consultationId}-${seq}`,
  consultationId,
  seq,
  role: seq % 2 ? 'assistant' : 'user',
  content,
  status: 'complete',
  createdAt: seq,
});

beforeEach(() => wipeAll());

test('consultations list newest first and messages come back in order', async () => {
  await putConsultation(consultation('a', 10));
  await putConsultation(consultation('b', 20));
  await putMessage(message('a', 1, 'reply'));
  await putMessage(message('a', 0, 'question'));
  await putMessage(message('b', 0, 'other'));
  expect((await listConsultations()).map((c) => c.id)).toEqual(['b', 'a']);
  expect((await listMessages('a')).map((m) => m.content)).toEqual(['question', 'reply']);
});

test('deleting a consultation removes its messages and nothing else', async () => {
  await putConsultation(consultation('a', 1));
  await putConsultation(consultation('b', 2));
  await putMessage(message('a', 0, 'x'));
  await putMessage(message('b', 0, 'y'));
  await deleteConsultation('a');
  expect((await listConsultations()).map((c) => c.id)).toEqual(['b']);
  expect(await listMessages('a')).toEqual([]);
  expect(await listMessages('b')).toHaveLength(1);
});

test('export then wipe then import gives back the records as they were written', async () => {
  // Checked against the records written, read straight from IndexedDB: comparing a second export with
  // the first would pass if export and import lost the same thing.
  const written = {
    consultation: consultation('a', 1),
    message: message('a', 0, 'héllo 🫀'),
    setting: { theme: 'dark' },
    result: structuredClone(v1.results[0]) as StoredItemResult,
  };
  await putConsultation(written.consultation);
  await putMessage(written.message);
  await (await db()).put('settings', written.setting, 'ui');
  await (await db()).put('results', written.result);
  const file = JSON.parse(JSON.stringify(await exportAll(new Date(0))));
  expect(file.stores.messages).toEqual([written.message]);
  await wipeAll();
  expect(await listConsultations()).toEqual([]);
  expect(await importAll(file)).toBe(4);
  const database = await db();
  expect(await database.getAll('consultations')).toEqual([written.consultation]);
  expect(await database.getAll('messages')).toEqual([written.message]);
  expect(await database.get('settings', 'ui')).toEqual(written.setting);
  expect(await database.getAll('results')).toEqual([written.result]);
  for (const store of ['runs', 'suites', 'models', 'votes', 'lessons', 'comparisons', 'sharedRuns'] as const) {
    expect(await database.getAll(store), store).toEqual([]);
  }
});

test('a malformed import names the problem and changes nothing', async () => {
  await putConsultation(consultation('keep', 1));
  const bad = {
    format: 'bedside-export',
    schemaVersion: 1,
    exportedAt: '',
    stores: { consultations: [consultation('new', 2)], messages: ['oops'] },
  };
  await expect(importAll(bad)).rejects.toThrow('store "messages", record 1');
  expect((await listConsultations()).map((c) => c.id)).toEqual(['keep']);
  await expect(importAll({ hello: 1 })).rejects.toThrow('field "format"');
});

test('deleting a run removes its results and leaves other runs alone', async () => {
  const { deleteRun, listResults, putResult, putRun, listRuns } = await import('./runs');
  const run = (id: string): RunRecord => ({ ...(v1.runs[0] as RunRecord), id });
  const result = (itemId: string): StoredItemResult => ({ ...(v1.results[0] as StoredItemResult), itemId });
  await putRun(run('r1'));
  await putRun(run('r2'));
  await putResult('r1', result('a'), null);
  await putResult('r1', result('b'), null);
  await putResult('r2', result('a'), null);
  await deleteRun('r1');
  expect((await listRuns()).map((r) => r.id)).toEqual(['r2']);
  expect(await listResults('r1', null)).toEqual([]);
  expect((await listResults('r2', null)).map((r) => r.itemId)).toEqual(['a']);
});

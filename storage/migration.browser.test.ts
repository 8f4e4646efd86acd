import { expect, test } from 'vitest';
import v1 from './fixtures/bedside-v1.json';
import { listConsultations, listMessages } from './consultations';
import { listCustomModels } from './customModels';
import { listCustomSuites } from './customSuites';
import { DB_NAME, DB_VERSION, STORE_NAMES, db } from './database';
import { listResults, listRuns } from './runs';

/**
 * Writes a database the way Bedside wrote it before storage/ became its own part: schema version 1,
 * created with the raw IndexedDB API (not this module's upgrade code), holding records in that
 * release's shape. The current code must upgrade it in place and read every record.
 */
async function writeVersion1Database(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const del = indexedDB.deleteDatabase(DB_NAME);
    del.onsuccess = () => resolve();
    del.onerror = () => reject(del.error);
  });
  const open = indexedDB.open(DB_NAME, 1);
  open.onupgradeneeded = () => {
    const d = open.result;
    d.createObjectStore('consultations', { keyPath: 'id' }).createIndex('byUpdated', 'updatedAt');
    d.createObjectStore('messages', { keyPath: 'id' }).createIndex('byConsultation', ['consultationId', 'seq']);
    d.createObjectStore('runs', { keyPath: 'id' }).createIndex('byStarted', 'startedAt');
    d.createObjectStore('results', { keyPath: ['runId', 'itemId'] }).createIndex('byRun', 'runId');
    d.createObjectStore('suites', { keyPath: 'id' });
    d.createObjectStore('models', { keyPath: 'id' });
    d.createObjectStore('votes', { keyPath: 'id' });
    d.createObjectStore('settings');
  };
  const database = await new Promise<IDBDatabase>((resolve, reject) => {
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const tx = database.transaction(['consultations', 'messages', 'runs', 'results', 'suites', 'models', 'settings'], 'readwrite');
  for (const name of ['consultations', 'messages', 'runs', 'results', 'suites', 'models'] as const) {
    for (const record of v1[name]) tx.objectStore(name).put(record);
  }
  for (const [key, value] of v1.settings) tx.objectStore('settings').put(value, key as string);
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  database.close();
}

test('a database written by the version-1 app is read in full by the current storage code', async () => {
  await writeVersion1Database();
  expect(await listConsultations()).toEqual(v1.consultations);
  expect(await listMessages('c1')).toEqual(v1.messages);
  expect(await listRuns()).toEqual(v1.runs);
  expect(await listResults('run-1', null)).toEqual(v1.results);
  expect(await listCustomSuites()).toEqual(v1.suites);
  expect(await listCustomModels()).toEqual(v1.models);
  expect(await (await db()).get('settings', 'ui')).toEqual({ theme: 'dark' });
  // The upgrade ran every later migration: all current stores exist, at the current version.
  const database = await db();
  expect(database.version).toBe(DB_VERSION);
  expect([...database.objectStoreNames].sort()).toEqual([...STORE_NAMES].sort());
});

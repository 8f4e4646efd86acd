import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Consultation, CustomModelRecord, CustomSuiteRecord, RunRecord, StoredItemResult, StoredMessage, VoteRecord } from './records';

/**
 * The one IndexedDB schema. Every store's value is plain structured-cloneable data; export and
 * import in dataExport.ts walk STORE_NAMES, so a new store is exported without further code.
 */
export interface BedsideSchema extends DBSchema {
  consultations: { key: string; value: Consultation; indexes: { byUpdated: number } };
  messages: { key: string; value: StoredMessage; indexes: { byConsultation: [string, number] } };
  runs: { key: string; value: RunRecord; indexes: { byStarted: number } };
  results: { key: [string, string]; value: StoredItemResult; indexes: { byRun: string } };
  suites: { key: string; value: CustomSuiteRecord };
  models: { key: string; value: CustomModelRecord };
  votes: { key: string; value: VoteRecord };
  settings: { key: string; value: unknown };
}

export type StoreName = 'consultations' | 'messages' | 'runs' | 'results' | 'suites' | 'models' | 'votes' | 'settings';
export const STORE_NAMES: StoreName[] = ['consultations', 'messages', 'runs', 'results', 'suites', 'models', 'votes', 'settings'];

export const DB_NAME = 'bedside';
export const DB_VERSION = 1;

let dbPromise: Promise<IDBPDatabase<BedsideSchema>> | null = null;

export function db(): Promise<IDBPDatabase<BedsideSchema>> {
  dbPromise ??= openDB<BedsideSchema>(DB_NAME, DB_VERSION, {
    upgrade(database) {
      const consultations = database.createObjectStore('consultations', { keyPath: 'id' });
      consultations.createIndex('byUpdated', 'updatedAt');
      const messages = database.createObjectStore('messages', { keyPath: 'id' });
      messages.createIndex('byConsultation', ['consultationId', 'seq']);
      const runs = database.createObjectStore('runs', { keyPath: 'id' });
      runs.createIndex('byStarted', 'startedAt');
      const results = database.createObjectStore('results', { keyPath: ['runId', 'itemId'] });
      results.createIndex('byRun', 'runId');
      database.createObjectStore('suites', { keyPath: 'id' });
      database.createObjectStore('models', { keyPath: 'id' });
      database.createObjectStore('votes', { keyPath: 'id' });
      database.createObjectStore('settings');
    },
    blocking() {
      // Another tab upgrades the schema: close so it can proceed; the next call reopens.
      void dbPromise?.then((d) => d.close());
      dbPromise = null;
    },
  });
  return dbPromise;
}

interface DeletableCursor {
  delete(): Promise<void>;
  continue(): Promise<DeletableCursor | null>;
}

/** Deletes every record a cursor visits, inside the caller's transaction. */
export async function deleteAllFrom(start: DeletableCursor | null): Promise<void> {
  for (let cursor = start; cursor; cursor = await cursor.continue()) await cursor.delete();
}

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type {
  ComparisonAtRest,
  ConsultationAtRest,
  CustomModelRecord,
  CustomSuiteRecord,
  EndpointAtRest,
  LessonAtRest,
  MessageAtRest,
  ResultAtRest,
  RunRecord,
  SharedRunRecord,
  VoteAtRest,
} from './records';
import type { GradeAtRest } from './grades';
import type { CustomOpenSuiteRecord, OpenResultAtRest, OpenRunRecord } from './openRuns';

/**
 * The one IndexedDB schema. Every store's value is plain structured-cloneable data; export and
 * import in dataExport.ts walk STORE_NAMES, so a new store is exported without further code.
 */
export interface BedsideSchema extends DBSchema {
  consultations: { key: string; value: ConsultationAtRest; indexes: { byUpdated: number } };
  messages: { key: string; value: MessageAtRest; indexes: { byConsultation: [string, number] } };
  runs: { key: string; value: RunRecord; indexes: { byStarted: number } };
  results: { key: [string, string]; value: ResultAtRest; indexes: { byRun: string } };
  suites: { key: string; value: CustomSuiteRecord };
  models: { key: string; value: CustomModelRecord };
  votes: { key: string; value: VoteAtRest };
  settings: { key: string; value: unknown };
  // Version 2
  lessons: { key: string; value: LessonAtRest; indexes: { byUpdated: number } };
  comparisons: { key: string; value: ComparisonAtRest; indexes: { byUpdated: number } };
  sharedRuns: { key: string; value: SharedRunRecord };
  // Version 3
  openSuites: { key: string; value: CustomOpenSuiteRecord };
  openRuns: { key: string; value: OpenRunRecord; indexes: { byStarted: number } };
  openResults: { key: [string, string]; value: OpenResultAtRest; indexes: { byRun: string } };
  grades: { key: [string, string, string, number]; value: GradeAtRest; indexes: { byRun: string } };
  // Version 4
  endpoints: { key: string; value: EndpointAtRest };
}

/** DBSchema has a string index signature, so `keyof BedsideSchema` is just `string`: the names are listed here. */
export type StoreName =
  | 'consultations'
  | 'messages'
  | 'runs'
  | 'results'
  | 'suites'
  | 'models'
  | 'votes'
  | 'settings'
  | 'lessons'
  | 'comparisons'
  | 'sharedRuns'
  | 'openSuites'
  | 'openRuns'
  | 'openResults'
  | 'grades'
  | 'endpoints';
export const STORE_NAMES: StoreName[] = [
  'consultations',
  'messages',
  'runs',
  'results',
  'suites',
  'models',
  'votes',
  'settings',
  'lessons',
  'comparisons',
  'sharedRuns',
  'openSuites',
  'openRuns',
  'openResults',
  'grades',
  'endpoints',
];

export const DB_NAME = 'bedside';

/**
 * Schema migrations, in order: entry i upgrades a database at version i to version i + 1. A migration
 * only adds (stores, indexes) or rewrites records in place; none may drop data a user stored.
 * Append a step to change the schema; never edit one that has shipped.
 */
export const MIGRATIONS: ((database: IDBPDatabase<BedsideSchema>) => void)[] = [
  // 0 → 1: the first schema.
  (database) => {
    database.createObjectStore('consultations', { keyPath: 'id' }).createIndex('byUpdated', 'updatedAt');
    database.createObjectStore('messages', { keyPath: 'id' }).createIndex('byConsultation', ['consultationId', 'seq']);
    database.createObjectStore('runs', { keyPath: 'id' }).createIndex('byStarted', 'startedAt');
    database.createObjectStore('results', { keyPath: ['runId', 'itemId'] }).createIndex('byRun', 'runId');
    database.createObjectStore('suites', { keyPath: 'id' });
    database.createObjectStore('models', { keyPath: 'id' });
    database.createObjectStore('votes', { keyPath: 'id' });
    database.createObjectStore('settings');
  },
  // 1 → 2: classroom lessons, side-by-side comparisons, and run exports imported for the leaderboard.
  (database) => {
    database.createObjectStore('lessons', { keyPath: 'id' }).createIndex('byUpdated', 'updatedAt');
    database.createObjectStore('comparisons', { keyPath: 'id' }).createIndex('byUpdated', 'updatedAt');
    database.createObjectStore('sharedRuns', { keyPath: 'id' });
  },
  // 2 → 3: open-ended suites imported, their runs' answers, and the grades people and model judges give them.
  (database) => {
    database.createObjectStore('openSuites', { keyPath: 'id' });
    database.createObjectStore('openRuns', { keyPath: 'id' }).createIndex('byStarted', 'startedAt');
    database.createObjectStore('openResults', { keyPath: ['runId', 'itemId'] }).createIndex('byRun', 'runId');
    database.createObjectStore('grades', { keyPath: ['runId', 'graderKey', 'itemId', 'criterion'] }).createIndex('byRun', 'runId');
  },
  // 3 → 4: models on servers the user added (their API keys sealed under the lock, never exported).
  (database) => {
    database.createObjectStore('endpoints', { keyPath: 'id' });
  },
];

export const DB_VERSION = MIGRATIONS.length;

let dbPromise: Promise<IDBPDatabase<BedsideSchema>> | null = null;

export function db(): Promise<IDBPDatabase<BedsideSchema>> {
  dbPromise ??= openDB<BedsideSchema>(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion) {
      for (let v = oldVersion; v < MIGRATIONS.length; v++) MIGRATIONS[v]?.(database);
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

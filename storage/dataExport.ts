import { db, DB_VERSION, STORE_NAMES, type StoreName } from './database';

export const EXPORT_FORMAT = 'bedside-export';

export interface BedsideExport {
  format: typeof EXPORT_FORMAT;
  schemaVersion: number;
  exportedAt: string;
  /** Records per store; `settings` is out-of-line keyed, so it is kept as [key, value] pairs. */
  stores: Record<StoreName, unknown[]>;
}

export async function exportAll(now = new Date()): Promise<BedsideExport> {
  const database = await db();
  const tx = database.transaction(STORE_NAMES, 'readonly');
  const stores = {} as Record<StoreName, unknown[]>;
  for (const name of STORE_NAMES) {
    const store = tx.objectStore(name);
    if (name === 'settings') {
      const keys = await store.getAllKeys();
      const values = await store.getAll();
      stores[name] = keys.map((k, i) => [k, values[i]]);
    } else {
      stores[name] = await store.getAll();
    }
  }
  await tx.done;
  return { format: EXPORT_FORMAT, schemaVersion: DB_VERSION, exportedAt: now.toISOString(), stores };
}

/** Checks the whole file before anything is written, so a bad file changes nothing. */
export function validateExport(data: unknown): BedsideExport {
  const fail = (what: string) => {
    throw new Error(`Not a Bedside export: ${what}.`);
  };
  if (typeof data !== 'object' || data === null) fail('the file is not a JSON object');
  const d = data as Partial<BedsideExport>;
  if (d.format !== EXPORT_FORMAT) fail(`field "format" should be "${EXPORT_FORMAT}"`);
  if (typeof d.schemaVersion !== 'number' || d.schemaVersion > DB_VERSION)
    fail(`field "schemaVersion" ${String(d.schemaVersion)} is newer than this app (${DB_VERSION})`);
  if (typeof d.stores !== 'object' || d.stores === null) fail('field "stores" is missing');
  for (const [name, records] of Object.entries(d.stores as object)) {
    if (!STORE_NAMES.includes(name as StoreName)) fail(`unknown store "${name}"`);
    if (!Array.isArray(records)) fail(`store "${name}" is not a list`);
    (records as unknown[]).forEach((r, i) => {
      const ok = name === 'settings' ? Array.isArray(r) && r.length === 2 && typeof r[0] === 'string' : typeof r === 'object' && r !== null;
      if (!ok) fail(`record ${i + 1} of store "${name}" is malformed`);
    });
  }
  return d as BedsideExport;
}

/** Adds (or overwrites by key) every record of an export in one transaction: all or nothing. */
export async function importAll(data: unknown): Promise<number> {
  const valid = validateExport(data);
  const database = await db();
  const tx = database.transaction(STORE_NAMES, 'readwrite');
  let count = 0;
  for (const name of STORE_NAMES) {
    const store = tx.objectStore(name);
    for (const record of valid.stores[name] ?? []) {
      // validateExport checked each record's shape per store; the union of store types cannot say which.
      if (name === 'settings') {
        const [key, value] = record as [string, unknown];
        await tx.objectStore('settings').put(value, key);
      } else {
        await (store as unknown as { put(value: unknown): Promise<unknown> }).put(record);
      }
      count++;
    }
  }
  await tx.done;
  return count;
}

export async function wipeAll(): Promise<void> {
  const database = await db();
  const tx = database.transaction(STORE_NAMES, 'readwrite');
  await Promise.all(STORE_NAMES.map((name) => tx.objectStore(name).clear()));
  await tx.done;
}

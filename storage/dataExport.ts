import { fromBase64, toBase64 } from './base64';
import { LOCK_SETTING_KEY, type LockRecord } from './passphraseLock';
import { db, DB_VERSION, STORE_NAMES, type StoreName } from './database';
import { lockConflict, sealedWithoutLock } from './lockedStores';
import { recordProblem } from './recordSchemas';
import type { CustomModelRecord, EndpointAtRest } from './records';

export const EXPORT_FORMAT = 'bedside-export';

export interface BedsideExport {
  format: typeof EXPORT_FORMAT;
  schemaVersion: number;
  exportedAt: string;
  /** Records per store; `settings` is out-of-line keyed, so it is kept as [key, value] pairs. */
  stores: Record<StoreName, unknown[]>;
  /** What an export never carries, said in the file itself (absent from exports written before it was said). */
  leftOut?: string[];
}

/** Said in every export file and on the Data page. */
export const API_KEYS_LEFT_OUT =
  "API keys of added endpoints (stores.endpoints[].apiKey) are never exported: after an import, enter each endpoint's key again on the Models page.";

/**
 * An endpoint as exported: without its API key, sealed or not (a sealed key is still a credential that a
 * passphrase guess would open), and marked so the import asks for it again.
 */
function withoutKey(record: EndpointAtRest): EndpointAtRest {
  const { apiKey, ...rest } = record;
  return apiKey === undefined && !record.apiKeyLeftOut ? rest : { ...rest, apiKeyLeftOut: true };
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
  stores.endpoints = (stores.endpoints as EndpointAtRest[]).map(withoutKey);
  return { format: EXPORT_FORMAT, schemaVersion: DB_VERSION, exportedAt: now.toISOString(), stores, leftOut: [API_KEYS_LEFT_OUT] };
}

/** Checks the whole file, every record against its store's schema, before anything is written: a bad file changes nothing. */
export function validateExport(data: unknown): BedsideExport {
  const fail = (what: string): never => {
    throw new Error(`Not a Bedside export: ${what}.`);
  };
  if (typeof data !== 'object' || data === null) fail('the file is not a JSON object');
  const d = data as Partial<BedsideExport>;
  if (d.format !== EXPORT_FORMAT) fail(`field "format" should be "${EXPORT_FORMAT}"`);
  if (typeof d.schemaVersion !== 'number') fail(`field "schemaVersion" is missing`);
  if (d.schemaVersion! > DB_VERSION) {
    throw new Error(
      `This export was written by a newer Bedside (data version ${d.schemaVersion}; this app reads up to ${DB_VERSION}). Update the app, then import it.`,
    );
  }
  if (typeof d.stores !== 'object' || d.stores === null) fail('field "stores" is missing');
  for (const [name, records] of Object.entries(d.stores as object)) {
    if (!STORE_NAMES.includes(name as StoreName)) fail(`unknown store "${name}"`);
    if (!Array.isArray(records)) fail(`store "${name}" is not a list`);
    (records as unknown[]).forEach((r, i) => {
      const problem = recordProblem(name as StoreName, r);
      if (problem) fail(`store "${name}", record ${i + 1}, ${problem}`);
    });
  }
  const unopenable = sealedWithoutLock(d.stores as BedsideExport['stores']);
  if (unopenable) fail(unopenable);
  return d as BedsideExport;
}

/** Picked model files up to this size travel inside the export; a larger one must be picked again after import. */
export const MAX_EMBEDDED_FILE_BYTES = 64 * 1024 * 1024;

/** How a picked file is written into the JSON export. */
interface EmbeddedFile {
  $file: { name: string; type: string; lastModified: number; base64: string };
}

/**
 * The export as JSON text. JSON has no files: a custom model's picked GGUF is carried as base64 up to
 * MAX_EMBEDDED_FILE_BYTES; above that the record says which file must be picked again, never `{}`.
 */
export async function exportToJson(data: BedsideExport): Promise<string> {
  const models = [];
  for (const record of data.stores.models as CustomModelRecord[]) {
    const { file, files, ...rest } = record;
    const picked = files ?? (file ? [file] : []);
    const bytes = picked.reduce((n, f) => n + f.size, 0);
    if (picked.length === 0) models.push(rest);
    else if (bytes > MAX_EMBEDDED_FILE_BYTES) models.push({ ...rest, fileMissing: { name: picked[0]!.name, sizeBytes: bytes } });
    else if (files) models.push({ ...rest, files: await Promise.all(files.map(embed)) });
    else models.push({ ...rest, file: await embed(file!) });
  }
  return JSON.stringify({ ...data, stores: { ...data.stores, models } });
}

async function embed(file: File): Promise<EmbeddedFile> {
  return {
    $file: {
      name: file.name,
      type: file.type,
      lastModified: file.lastModified,
      base64: toBase64(new Uint8Array(await file.arrayBuffer())),
    },
  };
}

function unembed(value: unknown): unknown {
  const embedded = (value as Partial<EmbeddedFile> | null)?.$file;
  if (!embedded || typeof embedded.base64 !== 'string') return value;
  return new File([fromBase64(embedded.base64)], String(embedded.name), {
    type: String(embedded.type ?? ''),
    lastModified: Number(embedded.lastModified) || 0,
  });
}

/** Reads an export file's text back, files included; the result still goes through validateExport. */
export function exportFromJson(text: string): unknown {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`Not a Bedside export: the file is not valid JSON (${(e as Error).message}).`, { cause: e });
  }
  const models = (data as { stores?: { models?: unknown } } | null)?.stores?.models;
  if (Array.isArray(models)) {
    for (const record of models as { file?: unknown; files?: unknown }[]) {
      if (typeof record !== 'object' || record === null) continue;
      if (record.file !== undefined) record.file = unembed(record.file);
      if (Array.isArray(record.files)) record.files = record.files.map(unembed);
    }
  }
  return data;
}

/** Adds (or overwrites by key) every record of an export in one transaction: all or nothing. */
export async function importAll(data: unknown): Promise<number> {
  const valid = validateExport(data);
  const database = await db();
  const tx = database.transaction(STORE_NAMES, 'readwrite');
  // Checked inside the transaction, before any write: a refusal leaves the transaction empty.
  const conflict = lockConflict((await tx.objectStore('settings').get(LOCK_SETTING_KEY)) as LockRecord | undefined, valid.stores);
  if (conflict) throw new Error(conflict);
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

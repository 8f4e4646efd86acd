import type { IDBPTransaction } from 'idb';
import { db, type BedsideSchema, type StoreName } from './database';
import { createLock, LOCK_SETTING_KEY, openLock, type LockKey, type LockRecord } from './passphraseLock';
import { firstSealedText, openRecord, SEALED_STORES, sealRecord, type RecordAtRest, type SealedStore } from './sealedRecords';

/* Turning the passphrase lock on and off over every store that holds typed or generated text, and what an import may bring. */

export async function getLock(): Promise<LockRecord | undefined> {
  return (await (await db()).get('settings', LOCK_SETTING_KEY)) as LockRecord | undefined;
}

const REWRITTEN: (SealedStore | 'settings')[] = [...SEALED_STORES, 'settings'];

type Change = (store: SealedStore, record: RecordAtRest<SealedStore>) => Promise<RecordAtRest<SealedStore>>;

type Snapshot = { records: Record<SealedStore, RecordAtRest<SealedStore>[]>; lock: unknown };

async function read(tx: IDBPTransaction<BedsideSchema, typeof REWRITTEN, IDBTransactionMode>): Promise<Snapshot> {
  const lists = await Promise.all(SEALED_STORES.map((s) => tx.objectStore(s).getAll()));
  const records = Object.fromEntries(SEALED_STORES.map((s, i) => [s, lists[i]])) as Snapshot['records'];
  return { records, lock: await tx.objectStore('settings').get(LOCK_SETTING_KEY) };
}

/**
 * Passes every record of every sealed store through `change` and replaces the lock record `from` with
 * `to`, in one transaction: all or nothing. WebCrypto cannot run inside an IndexedDB transaction (it
 * commits at the first await that is not a request), so records are read, changed outside, and written
 * only if the stores still hold exactly what was read: a write meanwhile (another tab) makes it refuse
 * rather than overwrite.
 */
async function rewriteAll(from: LockRecord | undefined, to: LockRecord | undefined, change: Change): Promise<void> {
  const database = await db();
  const changedMeanwhile = () =>
    new Error('Stored records changed while the lock was being changed (in another tab?). Nothing was changed: try again.');

  const before = await read(database.transaction(REWRITTEN, 'readonly'));
  if (JSON.stringify(before.lock) !== JSON.stringify(from)) throw changedMeanwhile();
  const after = {} as Snapshot['records'];
  for (const store of SEALED_STORES) after[store] = await Promise.all(before.records[store].map((r) => change(store, r)));
  const lockChanges = JSON.stringify(from) !== JSON.stringify(to);
  const changed = SEALED_STORES.flatMap((store) =>
    after[store].flatMap((record, i) => (record === before.records[store][i] ? [] : [{ store, record }])),
  );
  if (!lockChanges && changed.length === 0) return;

  const tx = database.transaction(REWRITTEN, 'readwrite');
  if (JSON.stringify(await read(tx)) !== JSON.stringify(before)) throw changedMeanwhile();
  // Only records that changed are written: unchanged ones stay byte for byte as they were.
  const writes: Promise<unknown>[] = changed.map(({ store, record }) => tx.objectStore(store).put(record as never));
  if (lockChanges)
    writes.push(to ? tx.objectStore('settings').put(to, LOCK_SETTING_KEY) : tx.objectStore('settings').delete(LOCK_SETTING_KEY));
  await Promise.all([...writes, tx.done]);
}

const sealing =
  (key: LockKey): Change =>
  (store, record) =>
    sealRecord(store, record, key);

/** Creates the lock and seals every stored text with its key, all at once. Returns the session's key. */
export async function turnOnLock(passphrase: string): Promise<LockKey> {
  if (await getLock()) throw new Error('The passphrase lock is already on.');
  const { lock, key } = await createLock(passphrase);
  await rewriteAll(undefined, lock, sealing(key));
  return key;
}

/**
 * The session's key, or null for a wrong passphrase, which reads the lock record only and writes
 * nothing. Text that came in plain by an import since the lock was turned on is sealed now.
 */
export async function unlock(passphrase: string): Promise<LockKey | null> {
  const lock = await getLock();
  if (!lock) throw new Error('The passphrase lock is off: there is nothing to unlock.');
  const key = await openLock(lock, passphrase);
  if (key) await rewriteAll(lock, lock, sealing(key));
  return key;
}

/** Seals text that came in plain by an import while the lock was on; writes nothing when there is none. */
export async function sealPlainText(key: LockKey): Promise<void> {
  const lock = await getLock();
  if (lock?.kdf.salt === key.salt) await rewriteAll(lock, lock, sealing(key));
}

/** Opens every sealed text and removes the lock, all at once; false (and nothing changed) for a wrong passphrase. */
export async function turnOffLock(passphrase: string): Promise<boolean> {
  const lock = await getLock();
  if (!lock) throw new Error('The passphrase lock is already off.');
  const key = await openLock(lock, passphrase);
  if (!key) return false;
  await rewriteAll(lock, undefined, (store, record) => openRecord(store, record, key) as Promise<RecordAtRest<SealedStore>>);
  return true;
}

/** How many records of each sealed store hold sealed text: what the lock hides while locked. */
export async function countLocked(): Promise<Record<SealedStore, number>> {
  const { records } = await read((await db()).transaction(REWRITTEN));
  return Object.fromEntries(
    SEALED_STORES.map((store) => [store, records[store].filter((r) => firstSealedText(store, r) !== null).length]),
  ) as Record<SealedStore, number>;
}

type ExportStores = Partial<Record<StoreName, unknown[]>>;

function lockIn(stores: ExportStores): LockRecord | undefined {
  const pair = (stores.settings as [string, unknown][] | undefined)?.find(([k]) => k === LOCK_SETTING_KEY);
  return pair?.[1] as LockRecord | undefined;
}

/**
 * Where a (schema-checked) export holds sealed text but not the lock record that opens it, as
 * `store "…", record n, field: …`; null when every sealed value can be opened.
 */
export function sealedWithoutLock(stores: ExportStores): string | null {
  if (lockIn(stores)) return null;
  for (const store of SEALED_STORES) {
    for (const [i, record] of (stores[store] ?? []).entries()) {
      const field = firstSealedText(store, record);
      if (field)
        return `store "${store}", record ${i + 1}, ${field}: locked text, but the export has no passphrase lock (settings "${LOCK_SETTING_KEY}") to open it`;
    }
  }
  return null;
}

/**
 * Why an export's lock cannot join the lock this database already has, or null. Records sealed under
 * two locks could never all be opened with one passphrase, so a different lock is refused.
 */
export function lockConflict(current: LockRecord | undefined, stores: ExportStores): string | null {
  const incoming = lockIn(stores);
  if (!incoming || !current) return null;
  const same = incoming.kdf.salt === current.kdf.salt && incoming.check.ciphertext === current.check.ciphertext;
  return same
    ? null
    : "This export's records are locked with a different passphrase lock than the ones on this device. Turn the lock off on this device (Data page) first, then import.";
}

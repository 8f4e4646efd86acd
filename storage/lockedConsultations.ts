import type { IDBPTransaction } from 'idb';
import { createLock, LOCK_SETTING_KEY, openLock, type LockKey, type LockRecord } from './consultationLock';
import { openConsultation, openMessage, sealConsultation, sealMessage } from './consultations';
import { db, type BedsideSchema, type StoreName } from './database';
import type { ConsultationAtRest, MessageAtRest } from './records';

/* Turning the passphrase lock on and off over every stored consultation, and what an import may bring. */

export async function getLock(): Promise<LockRecord | undefined> {
  return (await (await db()).get('settings', LOCK_SETTING_KEY)) as LockRecord | undefined;
}

const REWRITTEN = ['consultations', 'messages', 'settings'] as const;

interface Change {
  consultation(c: ConsultationAtRest): Promise<ConsultationAtRest>;
  message(m: MessageAtRest): Promise<MessageAtRest>;
}

/**
 * Passes every consultation and message through `change` and replaces the lock record `from` with `to`,
 * in one transaction: all or nothing. WebCrypto cannot run inside an IndexedDB transaction (it commits at
 * the first await that is not a request), so records are read, changed outside, and written only if
 * the stores still hold exactly what was read: a write meanwhile (another tab) makes it refuse rather
 * than overwrite.
 */
async function rewriteAll(from: LockRecord | undefined, to: LockRecord | undefined, change: Change): Promise<void> {
  const database = await db();
  const read = async (tx: IDBPTransaction<BedsideSchema, typeof REWRITTEN, IDBTransactionMode>) => {
    const [consultations, messages, lock] = await Promise.all([
      tx.objectStore('consultations').getAll(),
      tx.objectStore('messages').getAll(),
      tx.objectStore('settings').get(LOCK_SETTING_KEY),
    ]);
    return { consultations, messages, lock };
  };
  const changedMeanwhile = () =>
    new Error('Consultations changed while the lock was being changed (in another tab?). Nothing was changed: try again.');

  const before = await read(database.transaction(REWRITTEN, 'readonly'));
  if (JSON.stringify(before.lock) !== JSON.stringify(from)) throw changedMeanwhile();
  const consultations = await Promise.all(before.consultations.map((c) => change.consultation(c)));
  const messages = await Promise.all(before.messages.map((m) => change.message(m)));
  const lockChanges = JSON.stringify(from) !== JSON.stringify(to);
  if (!lockChanges && consultations.every((c, i) => c === before.consultations[i]) && messages.every((m, i) => m === before.messages[i]))
    return;

  const tx = database.transaction(REWRITTEN, 'readwrite');
  if (JSON.stringify(await read(tx)) !== JSON.stringify(before)) throw changedMeanwhile();
  const writes: Promise<unknown>[] = [];
  // Only records that changed are written: unchanged ones stay byte for byte as they were.
  consultations.forEach((c, i) => c !== before.consultations[i] && writes.push(tx.objectStore('consultations').put(c)));
  messages.forEach((m, i) => m !== before.messages[i] && writes.push(tx.objectStore('messages').put(m)));
  if (lockChanges)
    writes.push(to ? tx.objectStore('settings').put(to, LOCK_SETTING_KEY) : tx.objectStore('settings').delete(LOCK_SETTING_KEY));
  await Promise.all([...writes, tx.done]);
}

const sealing = (key: LockKey): Change => ({
  consultation: (c) => sealConsultation(c, key),
  message: (m) => sealMessage(m, key),
});

/** Creates the lock and seals every stored consultation with its key, all at once. Returns the session's key. */
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
export async function unlockConsultations(passphrase: string): Promise<LockKey | null> {
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
  await rewriteAll(lock, undefined, { consultation: (c) => openConsultation(c, key), message: (m) => openMessage(m, key) });
  return true;
}

type ExportStores = Partial<Record<StoreName, unknown[]>>;

function lockIn(stores: ExportStores): LockRecord | undefined {
  const pair = (stores.settings as [string, unknown][] | undefined)?.find(([k]) => k === LOCK_SETTING_KEY);
  return pair?.[1] as LockRecord | undefined;
}

const TEXT_FIELDS = { consultations: ['title', 'systemPrompt'], messages: ['content', 'error'] } as const;

/**
 * Where a (schema-checked) export holds sealed text but not the lock record that opens it, as
 * `store "…", record n, field: …`; null when every sealed value can be opened.
 */
export function sealedWithoutLock(stores: ExportStores): string | null {
  if (lockIn(stores)) return null;
  for (const [store, fields] of Object.entries(TEXT_FIELDS) as [keyof typeof TEXT_FIELDS, readonly string[]][]) {
    const records = (stores[store] ?? []) as Record<string, unknown>[];
    for (const [i, record] of records.entries()) {
      const field = fields.find((f) => typeof record[f] === 'object' && record[f] !== null);
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
    : "This export's consultations are locked with a different passphrase lock than the ones on this device. Turn the lock off on this device (Data page) first, then import.";
}

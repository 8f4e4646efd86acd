import { LOCK_SETTING_KEY, openText, sealText, type LockKey, type LockRecord } from './consultationLock';
import { db, deleteAllFrom } from './database';
import type { Consultation, ConsultationAtRest, MessageAtRest, StoredMessage, StoredText } from './records';

/*
 * While the passphrase lock is on, the text of consultations (titles, system prompts, message contents
 * and errors) is stored sealed; ids, times, roles, model ids and sampling stay plain, so indexes and
 * sorting work without the key. Functions that read or write text take the session's key: null while
 * the lock is off.
 */

async function sealValue(value: StoredText, key: LockKey): Promise<StoredText> {
  return typeof value === 'string' ? sealText(key, value) : value;
}

async function openValue(value: StoredText, key: LockKey | null): Promise<string> {
  if (typeof value === 'string') return value;
  if (!key) throw new Error('These consultations are locked: unlock them with your passphrase first.');
  return openText(key, value);
}

/** Seals whatever text of the record is still plain; a record with nothing plain comes back as it was. */
export async function sealConsultation(c: ConsultationAtRest, key: LockKey): Promise<ConsultationAtRest> {
  if (typeof c.title !== 'string' && typeof c.systemPrompt !== 'string') return c;
  return { ...c, title: await sealValue(c.title, key), systemPrompt: await sealValue(c.systemPrompt, key) };
}

export async function openConsultation(c: ConsultationAtRest, key: LockKey | null): Promise<Consultation> {
  return { ...c, title: await openValue(c.title, key), systemPrompt: await openValue(c.systemPrompt, key) };
}

/** Seals whatever text of the message is still plain; a message with nothing plain comes back as it was. */
export async function sealMessage(m: MessageAtRest, key: LockKey): Promise<MessageAtRest> {
  const { content, error, ...rest } = m;
  if (typeof content !== 'string' && typeof error !== 'string') return m;
  // `== null`: an imported record may carry null for "no error", which the schema allows.
  return { ...rest, content: await sealValue(content, key), ...(error == null ? {} : { error: await sealValue(error, key) }) };
}

export async function openMessage(m: MessageAtRest, key: LockKey | null): Promise<StoredMessage> {
  const { content, error, ...rest } = m;
  return { ...rest, content: await openValue(content, key), ...(error == null ? {} : { error: await openValue(error, key) }) };
}

/**
 * Refuses a write whose key does not fit the stored lock, inside the writing transaction: plain text
 * while the lock is on would lie unprotected, and text sealed with a key another tab has since replaced
 * could never be opened.
 */
async function checkKey(settings: { get(key: string): Promise<unknown> }, key: LockKey | null): Promise<void> {
  const lock = (await settings.get(LOCK_SETTING_KEY)) as LockRecord | undefined;
  if ((lock?.kdf.salt ?? null) !== (key?.salt ?? null)) {
    throw new Error('The passphrase lock was turned on, off or changed in another tab. Reload this page, then try again.');
  }
}

export async function putConsultation(c: Consultation, key: LockKey | null = null): Promise<void> {
  const stored = key ? await sealConsultation(c, key) : c;
  const tx = (await db()).transaction(['consultations', 'settings'], 'readwrite');
  await checkKey(tx.objectStore('settings'), key);
  await tx.objectStore('consultations').put(stored);
  await tx.done;
}

export async function listConsultations(key: LockKey | null = null): Promise<Consultation[]> {
  const all = await (await db()).getAllFromIndex('consultations', 'byUpdated');
  return Promise.all(all.reverse().map((c) => openConsultation(c, key)));
}

export async function countConsultations(): Promise<number> {
  return (await db()).count('consultations');
}

/** Deletes a consultation and its messages in one transaction, so no orphan messages remain. */
export async function deleteConsultation(id: string): Promise<void> {
  const tx = (await db()).transaction(['consultations', 'messages'], 'readwrite');
  const range = IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
  await deleteAllFrom(await tx.objectStore('messages').index('byConsultation').openCursor(range));
  await tx.objectStore('consultations').delete(id);
  await tx.done;
}

export async function putMessage(m: StoredMessage, key: LockKey | null = null): Promise<void> {
  const stored = key ? await sealMessage(m, key) : m;
  const tx = (await db()).transaction(['messages', 'settings'], 'readwrite');
  await checkKey(tx.objectStore('settings'), key);
  await tx.objectStore('messages').put(stored);
  await tx.done;
}

export async function deleteMessage(id: string): Promise<void> {
  await (await db()).delete('messages', id);
}

export async function listMessages(consultationId: string, key: LockKey | null = null): Promise<StoredMessage[]> {
  const range = IDBKeyRange.bound([consultationId, -Infinity], [consultationId, Infinity]);
  const all = await (await db()).getAllFromIndex('messages', 'byConsultation', range);
  return Promise.all(all.map((m) => openMessage(m, key)));
}

/**
 * Changes only the named fields of a stored consultation, read and written in one transaction, so an
 * edit made elsewhere (another tab, or while a reply streams) is never overwritten by a stale copy.
 * A consultation that was deleted stays deleted: returns undefined.
 */
export async function patchConsultation(
  id: string,
  patch: Partial<Omit<Consultation, 'id'>>,
  key: LockKey | null = null,
): Promise<Consultation | undefined> {
  // Text is sealed field by field, so a patch never needs the other fields opened inside the transaction.
  const { title, systemPrompt, ...plain } = patch;
  const sealed: Partial<ConsultationAtRest> = { ...plain };
  if (title !== undefined) sealed.title = key ? await sealText(key, title) : title;
  if (systemPrompt !== undefined) sealed.systemPrompt = key ? await sealText(key, systemPrompt) : systemPrompt;
  const tx = (await db()).transaction(['consultations', 'settings'], 'readwrite');
  await checkKey(tx.objectStore('settings'), key);
  const stored = await tx.objectStore('consultations').get(id);
  const updated = stored && { ...stored, ...sealed };
  if (updated) await tx.objectStore('consultations').put(updated);
  await tx.done;
  return updated && openConsultation(updated, key);
}

/** Writes a message only while its consultation exists, so a reply that ends after a delete cannot bring it back. */
export async function putMessageIfKept(m: StoredMessage, key: LockKey | null = null): Promise<boolean> {
  const stored = key ? await sealMessage(m, key) : m;
  const tx = (await db()).transaction(['consultations', 'messages', 'settings'], 'readwrite');
  await checkKey(tx.objectStore('settings'), key);
  const kept = (await tx.objectStore('consultations').getKey(m.consultationId)) !== undefined;
  if (kept) await tx.objectStore('messages').put(stored);
  await tx.done;
  return kept;
}

import type { LockKey } from './passphraseLock';
import { sealText } from './passphraseLock';
import { db, deleteAllFrom } from './database';
import type { Consultation, ConsultationAtRest, StoredMessage } from './records';
import { openRecord, putSealed, refuseUnfitKey, sealedForKey } from './sealedRecords';

/*
 * Consultations and their messages. While the passphrase lock is on, their text is stored sealed
 * (storage/sealedRecords.ts says which fields); functions that read or write text take the session's
 * key: null while the lock is off.
 */

export async function putConsultation(c: Consultation, key: LockKey | null = null): Promise<void> {
  await putSealed('consultations', c, key);
}

export async function listConsultations(key: LockKey | null = null): Promise<Consultation[]> {
  const all = await (await db()).getAllFromIndex('consultations', 'byUpdated');
  return Promise.all(all.reverse().map((c) => openRecord('consultations', c, key)));
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
  await putSealed('messages', m, key);
}

export async function deleteMessage(id: string): Promise<void> {
  await (await db()).delete('messages', id);
}

export async function listMessages(consultationId: string, key: LockKey | null = null): Promise<StoredMessage[]> {
  const range = IDBKeyRange.bound([consultationId, -Infinity], [consultationId, Infinity]);
  const all = await (await db()).getAllFromIndex('messages', 'byConsultation', range);
  return Promise.all(all.map((m) => openRecord('messages', m, key)));
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
  const stored = await tx.objectStore('consultations').get(id);
  const updated = stored && { ...stored, ...sealed };
  if (updated) {
    await refuseUnfitKey(tx.objectStore('settings'), key, 'consultations', updated);
    await tx.objectStore('consultations').put(updated);
  }
  await tx.done;
  return updated && openRecord('consultations', updated, key);
}

/** Writes a message only while its consultation exists, so a reply that ends after a delete cannot bring it back. */
export async function putMessageIfKept(m: StoredMessage, key: LockKey | null = null): Promise<boolean> {
  const stored = await sealedForKey('messages', m, key);
  const tx = (await db()).transaction(['consultations', 'messages', 'settings'], 'readwrite');
  await refuseUnfitKey(tx.objectStore('settings'), key, 'messages', stored);
  const kept = (await tx.objectStore('consultations').getKey(m.consultationId)) !== undefined;
  if (kept) await tx.objectStore('messages').put(stored);
  await tx.done;
  return kept;
}

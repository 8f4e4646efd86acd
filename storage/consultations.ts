import { db, deleteAllFrom } from './database';
import type { Consultation, StoredMessage } from './records';

export async function putConsultation(c: Consultation): Promise<void> {
  await (await db()).put('consultations', c);
}

export async function listConsultations(): Promise<Consultation[]> {
  const all = await (await db()).getAllFromIndex('consultations', 'byUpdated');
  return all.reverse();
}

/** Deletes a consultation and its messages in one transaction, so no orphan messages remain. */
export async function deleteConsultation(id: string): Promise<void> {
  const tx = (await db()).transaction(['consultations', 'messages'], 'readwrite');
  const range = IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
  await deleteAllFrom(await tx.objectStore('messages').index('byConsultation').openCursor(range));
  await tx.objectStore('consultations').delete(id);
  await tx.done;
}

export async function putMessage(m: StoredMessage): Promise<void> {
  await (await db()).put('messages', m);
}

export async function deleteMessage(id: string): Promise<void> {
  await (await db()).delete('messages', id);
}

export async function listMessages(consultationId: string): Promise<StoredMessage[]> {
  const range = IDBKeyRange.bound([consultationId, -Infinity], [consultationId, Infinity]);
  return (await db()).getAllFromIndex('messages', 'byConsultation', range);
}

/**
 * Changes only the named fields of a stored consultation, read and written in one transaction, so an
 * edit made elsewhere (another tab, or while a reply streams) is never overwritten by a stale copy.
 * A consultation that was deleted stays deleted: returns undefined.
 */
export async function patchConsultation(id: string, patch: Partial<Omit<Consultation, 'id'>>): Promise<Consultation | undefined> {
  const tx = (await db()).transaction('consultations', 'readwrite');
  const stored = await tx.store.get(id);
  const updated = stored && { ...stored, ...patch };
  if (updated) await tx.store.put(updated);
  await tx.done;
  return updated;
}

/** Writes a message only while its consultation exists, so a reply that ends after a delete cannot bring it back. */
export async function putMessageIfKept(m: StoredMessage): Promise<boolean> {
  const tx = (await db()).transaction(['consultations', 'messages'], 'readwrite');
  const kept = (await tx.objectStore('consultations').getKey(m.consultationId)) !== undefined;
  if (kept) await tx.objectStore('messages').put(m);
  await tx.done;
  return kept;
}

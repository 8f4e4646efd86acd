import { db } from './database';
import type { LockKey } from './passphraseLock';
import type { EndpointAtRest, EndpointRecord } from './records';
import { openRecord, putSealed } from './sealedRecords';

/* Models on servers the user added; each API key is sealed while the lock is on and never exported. */

export async function putEndpoint(record: EndpointRecord, key: LockKey | null): Promise<void> {
  await putSealed('endpoints', record, key);
}

/** As stored: everything but a sealed key reads without the lock's key, so the lists show while locked. */
export async function listEndpoints(): Promise<EndpointAtRest[]> {
  const stored = await (await db()).getAll('endpoints');
  return stored.sort((a, b) => a.addedAt - b.addedAt || (a.id < b.id ? -1 : 1));
}

/** The record with its key open; a sealed key without the lock's key is refused (LockedError). */
export function openEndpoint(record: EndpointAtRest, key: LockKey | null): Promise<EndpointRecord> {
  return openRecord('endpoints', record, key);
}

export async function deleteEndpoint(id: string): Promise<void> {
  await (await db()).delete('endpoints', id);
}

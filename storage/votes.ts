import { db } from './database';
import type { LockKey } from './passphraseLock';
import type { VoteRecord } from './records';
import { refuseUnfitKey, sealedForKey } from './sealedRecords';

/* Arena votes; what was asked, both replies and the contestants' system prompts are sealed while the lock is on. */

/** What ratings read of a vote: none of it is sealed, so ratings show while the lock is locked. */
export type VoteOutcome = Pick<VoteRecord, 'id' | 'modelA' | 'modelB' | 'winner' | 'timestamp'>;

/** Oldest first: the order online Elo replays them in. */
export async function listVoteOutcomes(): Promise<VoteOutcome[]> {
  const votes = await (await db()).getAll('votes');
  return votes
    .map(({ id, modelA, modelB, winner, timestamp }) => ({ id, modelA, modelB, winner, timestamp }))
    .sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : 1));
}

/** Adds the votes whose ids are not stored yet, in one transaction; returns how many were new. */
export async function addVotes(votes: readonly VoteRecord[], key: LockKey | null): Promise<number> {
  const sealed = await Promise.all(votes.map((v) => sealedForKey('votes', v, key)));
  const tx = (await db()).transaction(['votes', 'settings'], 'readwrite');
  const store = tx.objectStore('votes');
  let added = 0;
  for (const vote of sealed) {
    if (await store.getKey(vote.id)) continue;
    await refuseUnfitKey(tx.objectStore('settings'), key, 'votes', vote);
    await store.put(vote);
    added++;
  }
  await tx.done;
  return added;
}

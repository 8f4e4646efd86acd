import { db } from './database';
import type { VoteRecord } from './records';

export async function putVote(vote: VoteRecord): Promise<void> {
  await (await db()).put('votes', vote);
}

/** Oldest first: the order online Elo replays them in. */
export async function listVotes(): Promise<VoteRecord[]> {
  const votes = await (await db()).getAll('votes');
  return votes.sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : 1));
}

/** Adds the votes whose ids are not stored yet, in one transaction; returns how many were new. */
export async function addVotes(votes: readonly VoteRecord[]): Promise<number> {
  const tx = (await db()).transaction('votes', 'readwrite');
  let added = 0;
  for (const vote of votes) {
    if (await tx.store.getKey(vote.id)) continue;
    await tx.store.put(vote);
    added++;
  }
  await tx.done;
  return added;
}

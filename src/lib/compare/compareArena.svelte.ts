import { battlesToJsonl, describeBattleImport, parseBattles } from '../../../benchmarks/metrics/battles';
import {
  bootstrapRatings,
  onlineElo,
  winRateMatrix,
  type Battle,
  type BattleWinner,
  type RatingsResult,
  type WinRateMatrix,
} from '../../../benchmarks/metrics/ratings';
import { createRng } from '../../../benchmarks/random';
import type { ComparisonReply, Contestant, VoteRecord } from '../../../storage/records';
import { LockedError } from '../../../storage/sealedRecords';
import { addVotes, listVoteOutcomes, type VoteOutcome } from '../../../storage/votes';
import type { CompareSession } from './compareSession.svelte';

/** Bootstrap of the ratings shown on the page: fixed, so the same votes always show the same intervals. */
export const RATINGS_ROUNDS = 1000;
export const RATINGS_SEED = 0;

export interface ArenaRound {
  prompt: string;
  /** Who sits on side A and side B: drawn from `sideSeed`. */
  a: Contestant;
  b: Contestant;
  sideSeed: number;
  replies: { a: ComparisonReply; b: ComparisonReply } | null;
  vote: BattleWinner | null;
}

/** Which contestant sits left: the first draw of a mulberry32 stream from the recorded seed. */
export function assignSides<T>(first: T, second: T, seed: number): [T, T] {
  return createRng(seed).next() < 0.5 ? [first, second] : [second, first];
}

export function battleOf(vote: VoteOutcome): Battle {
  return { model_a: vote.modelA, model_b: vote.modelB, winner: vote.winner, id: vote.id, tstamp: vote.timestamp / 1000 };
}

export interface ArenaRatings extends RatingsResult {
  onlineElo: Record<string, number>;
  winRates: WinRateMatrix;
}

export function ratingsOf(votes: readonly VoteOutcome[]): ArenaRatings | null {
  if (votes.length === 0) return null;
  const battles = votes.map(battleOf);
  return {
    ...bootstrapRatings(battles, createRng(RATINGS_SEED), { rounds: RATINGS_ROUNDS, seed: RATINGS_SEED }),
    onlineElo: Object.fromEntries(onlineElo(battles)),
    winRates: winRateMatrix(battles),
  };
}

/** Blind pairwise rounds: names hidden until the vote, sides randomized with a recorded seed, votes rated. */
export class ArenaStore {
  #session: CompareSession;
  #round = $state<ArenaRound | null>(null);
  /** What ratings need of each vote, all of it plain: ratings show while the lock is locked. */
  #votes = $state<VoteOutcome[]>([]);
  #notice = $state<string | null>(null);
  #importError = $state<string | null>(null);
  #ratings = $derived(ratingsOf(this.#votes));

  #unguard: () => void;

  constructor(session: CompareSession) {
    this.#session = session;
    // The session stops a round being answered; what is left to do here is take the round off the screen.
    this.#unguard = session.lock.guard({
      busyReason: () => null,
      settle: async () => undefined,
      reload: async () => {
        if (session.lock.status !== 'unlocked') this.#round = null;
      },
    });
  }

  dispose(): void {
    this.#unguard();
  }

  get round() {
    return this.#round;
  }
  get votes() {
    return this.#votes;
  }
  get ratings() {
    return this.#ratings;
  }
  get notice() {
    return this.#notice;
  }
  get importError() {
    return this.#importError;
  }
  /** A round answered but not voted on: a new prompt, or leaving the page, loses it. */
  get unvoted(): boolean {
    return this.#round?.replies != null && this.#round.vote === null;
  }
  /** Names show only once the round has a vote. */
  get revealed(): boolean {
    return this.#round?.vote != null;
  }

  async init(): Promise<void> {
    this.#votes = await listVoteOutcomes();
  }

  async send(text: string, seed = crypto.getRandomValues(new Uint32Array(1))[0]!): Promise<void> {
    const prompt = text.trim();
    const [first, second] = this.#session.contestants;
    if (!prompt || !first || !second) return;
    const [a, b] = assignSides($state.snapshot(first) as Contestant, $state.snapshot(second) as Contestant, seed);
    this.#round = { prompt, a, b, sideSeed: seed, replies: null, vote: null };
    this.#notice = null;
    const single = (c: Contestant) => (c.systemPrompt.trim() ? [{ role: 'system' as const, content: c.systemPrompt }] : []);
    const replies = await this.#session.run(async () => {
      // A vote stores the prompt and both replies: sealed, so only while unlocked (or with the lock off).
      if (this.#session.lock.status === 'locked') throw new LockedError('votes');
      return this.#session.answer([a, b], {
        [a.id]: [...single(a), { role: 'user' as const, content: prompt }],
        [b.id]: [...single(b), { role: 'user' as const, content: prompt }],
      });
    });
    if (this.#round?.sideSeed === seed && replies) this.#round = { ...this.#round, replies: { a: replies[0]!, b: replies[1]! } };
  }

  async vote(winner: BattleWinner): Promise<void> {
    // A snapshot: IndexedDB cannot clone the reactive proxies the round's contestants are held in.
    const round = this.#round && ($state.snapshot(this.#round) as ArenaRound);
    if (!round?.replies || round.vote) return;
    const record: VoteRecord = {
      id: crypto.randomUUID(),
      modelA: round.a.label,
      modelB: round.b.label,
      winner,
      prompt: round.prompt,
      replyA: round.replies.a.content,
      replyB: round.replies.b.content,
      sideSeed: round.sideSeed,
      timestamp: Date.now(),
      contestants: { a: round.a, b: round.b },
      ...sentToOf(round.replies),
    };
    await addVotes([record], this.#session.lock.key);
    this.#votes = await listVoteOutcomes();
    this.#round = { ...round, vote: winner };
  }

  exportBattles(): string {
    return battlesToJsonl(this.#votes.map(battleOf));
  }

  /**
   * FastChat battles from a file, imported whole: only a battle id already stored (or repeated in the
   * file) is skipped. Battles without an id get fresh ones that keep their file order.
   */
  async importBattles(file: File): Promise<void> {
    this.#importError = null;
    const parsed = parseBattles(await file.text(), file.name);
    if (!parsed.ok) {
      this.#importError = `${parsed.error} Nothing was imported.`;
      return;
    }
    const now = Date.now();
    const importId = crypto.randomUUID();
    const records: VoteRecord[] = parsed.result.battles.map((b, i) => ({
      id: b.id ?? `${importId}-${String(i).padStart(7, '0')}`,
      modelA: b.model_a,
      modelB: b.model_b,
      winner: b.winner,
      prompt: '',
      replyA: '',
      replyB: '',
      sideSeed: null,
      timestamp: b.tstamp !== undefined ? b.tstamp * 1000 : now,
      importedFrom: file.name,
    }));
    const added = await addVotes(records, this.#session.lock.key);
    this.#votes = await listVoteOutcomes();
    const again = parsed.result.withoutId
      ? ['Battles without an id cannot be told from ones imported before: this file imported again adds them again.']
      : [];
    this.#notice = [...describeBattleImport(parsed.result, records.length - added), ...again].join(' ');
  }
}

/** Where each side's prompt went, for the sides a served model answered; nothing when both ran here. */
function sentToOf(replies: { a: ComparisonReply; b: ComparisonReply }): Pick<VoteRecord, 'sentTo'> {
  const { a, b } = { a: replies.a.sentTo, b: replies.b.sentTo };
  return a || b ? { sentTo: { ...(a ? { a } : {}), ...(b ? { b } : {}) } } : {};
}

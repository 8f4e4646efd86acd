import type { CatalogEntry } from '../../../core/catalogEntry';
import type { ChatMessage } from '../../../core/engine';
import { deleteComparison, listComparisons, putComparison } from '../../../storage/comparisons';
import type { ComparisonRecord, ComparisonReply, Contestant, SamplingSettings } from '../../../storage/records';
import { LockedError } from '../../../storage/sealedRecords';
import { ContestantEngines, type ContestantJob, type JobOutcome } from './contestantEngines';
import { planMemory, type MemoryPlan, type ResidentModel } from './memoryPlan';
import { errorMessage } from '../shared/errorMessage';
import { servedHosts } from '../../../models/servedModel';
import type { ModelLibrary } from '../models/library.svelte';
import type { PassphraseLock } from '../data/passphraseLock.svelte';

export const MAX_CONTESTANTS = 3;
const DEFAULT_SAMPLING: SamplingSettings = { temperature: 0.7, topP: 0.95, maxTokens: 128 };

/** A reply as shown while it streams: its stage, and how long loading took if it loaded. */
export interface LiveReply extends ComparisonReply {
  stage: 'waiting' | 'loading' | 'streaming' | 'done';
  loadMs: number | null;
}

export function contestantLabel(modelName: string, sampling: SamplingSettings, systemPrompt: string): string {
  return `${modelName} · T ${sampling.temperature}${systemPrompt.trim() ? ' · system prompt' : ''}`;
}

function uniqueLabel(label: string, taken: readonly string[]): string {
  let candidate = label;
  for (let i = 2; taken.includes(candidate); i++) candidate = `${label} (${i})`;
  return candidate;
}

/** The history one contestant sees: the shared prompts and its own earlier replies. */
export function historyFor(contestant: Contestant, turns: ComparisonRecord['turns'], prompt: string): ChatMessage[] {
  const messages: ChatMessage[] = contestant.systemPrompt.trim() ? [{ role: 'system', content: contestant.systemPrompt }] : [];
  for (const turn of turns) {
    const reply = turn.replies.find((r) => r.contestantId === contestant.id);
    messages.push({ role: 'user', content: turn.prompt });
    if (reply && reply.status !== 'error' && reply.content) messages.push({ role: 'assistant', content: reply.content });
  }
  messages.push({ role: 'user', content: prompt });
  return messages;
}

function sameContestants(a: readonly Contestant[], b: readonly Contestant[]): boolean {
  const settings = (c: Contestant) => [c.id, c.modelId, c.sampling.temperature, c.sampling.topP, c.sampling.maxTokens, c.systemPrompt];
  return a.length === b.length && a.every((c, i) => JSON.stringify(settings(c)) === JSON.stringify(settings(b[i]!)));
}

function deviceMemoryGiB(): number | undefined {
  return (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
}

/**
 * Contestants and the engines that answer for them: side-by-side conversations (saved, continuable)
 * and the arena's rounds both send through `answer`.
 */
export class CompareSession {
  #library: ModelLibrary;
  #engines = new ContestantEngines((message) => (this.#error = message));
  #contestants = $state<Contestant[]>([]);
  #live = $state<Record<string, LiveReply>>({});
  #busy = $state(false);
  #error = $state<string | null>(null);
  #current = $state<ComparisonRecord | null>(null);
  #saved = $state<ComparisonRecord[]>([]);
  /** The round being answered, from the first reply to the last write: "Lock now" waits for it. */
  #answering: Promise<unknown> | null = null;
  readonly lock: PassphraseLock;
  #unguard: () => void;

  /** The model Consult's engine holds meanwhile, in its own worker: the memory plan counts it. */
  #resident: () => ResidentModel | null;

  constructor(library: ModelLibrary, lock: PassphraseLock, resident: () => ResidentModel | null = () => null) {
    this.#library = library;
    this.lock = lock;
    this.#resident = resident;
    this.#unguard = lock.guard({
      busyReason: () =>
        this.#busy ? 'The contestants are answering: wait for them, or press Stop on the Compare page, then try again.' : null,
      settle: async () => {
        this.stop();
        await this.#answering;
      },
      reload: async () => {
        // Locked: nothing of a comparison stays on screen, a contestant's system prompt included.
        if (lock.status !== 'unlocked') for (const c of this.#contestants) this.update(c.id, { systemPrompt: '' });
        this.#detach();
        await this.init();
      },
    });
  }

  get contestants() {
    return this.#contestants;
  }
  get live() {
    return this.#live;
  }
  get busy() {
    return this.#busy;
  }
  get error() {
    return this.#error;
  }
  get current() {
    return this.#current;
  }
  get saved() {
    return this.#saved;
  }
  /** Decided before anything is sent, and shown with its reasons. */
  get plan(): MemoryPlan {
    return this.planFor(this.#contestants);
  }
  get canAdd(): boolean {
    if (this.#contestants.length >= MAX_CONTESTANTS) return false;
    // A third contestant only where all three fit in memory at once.
    if (this.#contestants.length < 2) return true;
    const last = this.#contestants.at(-1)!;
    return this.planFor([...this.#contestants, last]).mode === 'parallel';
  }

  planFor(contestants: readonly Contestant[]): MemoryPlan {
    const entries = contestants.flatMap((c) => {
      const entry = this.#library.entry(c.modelId);
      return entry ? [{ label: c.label, entry }] : [];
    });
    return planMemory(entries, deviceMemoryGiB(), this.#resident());
  }

  /** The hosts the contestants' prompts go to (served models), each once; none while all run in this browser. */
  hostsOf(contestants: readonly Contestant[] = this.#contestants): string[] {
    return servedHosts(contestants.map((c) => this.#library.entry(c.modelId)));
  }

  async init(): Promise<void> {
    await this.lock.refresh();
    this.#saved = this.lock.status === 'locked' ? [] : await listComparisons(this.lock.key);
    if (this.#contestants.length === 0) {
      const first = this.#library.selected ?? this.#library.entries[0]!;
      this.add(first.id, { ...DEFAULT_SAMPLING, temperature: 0.2 }, '');
      this.add(first.id, { ...DEFAULT_SAMPLING, temperature: 1.2 }, '');
    }
  }

  add(modelId: string, sampling: SamplingSettings, systemPrompt: string): void {
    const entry = this.#library.entry(modelId);
    if (!entry || this.#contestants.length >= MAX_CONTESTANTS) return;
    const label = uniqueLabel(
      contestantLabel(entry.name, sampling, systemPrompt),
      this.#contestants.map((c) => c.label),
    );
    this.#contestants = [...this.#contestants, { id: crypto.randomUUID(), label, modelId, sampling: { ...sampling }, systemPrompt }];
  }

  /** Changes a contestant; its label follows its settings, so ratings never mix two configurations under one name. */
  update(id: string, patch: Partial<Pick<Contestant, 'modelId' | 'sampling' | 'systemPrompt'>>): void {
    this.#contestants = this.#contestants.map((c) => {
      if (c.id !== id) return c;
      const next = { ...c, ...patch, sampling: { ...c.sampling, ...patch.sampling } };
      const entry = this.#library.entry(next.modelId);
      const others = this.#contestants.filter((o) => o.id !== id).map((o) => o.label);
      return { ...next, label: uniqueLabel(contestantLabel(entry?.name ?? next.modelId, next.sampling, next.systemPrompt), others) };
    });
  }

  remove(id: string): void {
    this.#contestants = this.#contestants.filter((c) => c.id !== id);
  }

  /**
   * The contestants set now are not the ones the open comparison was held with: its turns stay in view,
   * and the next Send starts a new comparison (a saved one keeps the contestants it was held with).
   */
  get changedSinceOpen(): boolean {
    const open = this.#current;
    return open !== null && !sameContestants(open.contestants, this.#contestants);
  }

  /** Undoes the changes: the open comparison's own contestants again, so Send continues it. */
  keepOpenContestants(): void {
    if (this.#current && !this.#busy) this.#contestants = this.#current.contestants;
  }

  #detach(): void {
    this.#current = null;
    this.#live = {};
  }

  newComparison(): void {
    this.#detach();
  }

  async open(id: string): Promise<void> {
    const record = this.#saved.find((c) => c.id === id);
    if (!record || this.#busy) return;
    this.#current = record;
    this.#contestants = record.contestants;
    this.#live = {};
  }

  async removeSaved(id: string): Promise<void> {
    await deleteComparison(id);
    this.#saved = this.#saved.filter((c) => c.id !== id);
    if (this.#current?.id === id) this.#detach();
  }

  dismissError(): void {
    this.#error = null;
  }

  stop(): void {
    if (this.#busy) this.#engines.stop();
  }

  dispose(): void {
    this.#unguard();
    this.#engines.dispose();
  }

  /**
   * Sends `prompt` to `contestants` (each with its own history) and streams their replies into `live`.
   * Resolves with each contestant's finished reply.
   */
  async answer(contestants: readonly Contestant[], histories: Record<string, ChatMessage[]>): Promise<ComparisonReply[]> {
    const plan = this.planFor(contestants);
    if (plan.blocked) throw new Error(plan.reason);
    const jobs: ContestantJob[] = contestants.map((c) => {
      const entry = this.#library.entry(c.modelId) as CatalogEntry;
      return { contestantId: c.id, spec: this.#library.specFor(entry), options: { ...c.sampling }, messages: histories[c.id]! };
    });
    this.#live = Object.fromEntries(
      contestants.map((c) => [
        c.id,
        { contestantId: c.id, content: '', status: 'streaming', stage: 'waiting', loadMs: null } satisfies LiveReply,
      ]),
    );
    const patch = (id: string, change: Partial<LiveReply>) => {
      const reply = this.#live[id];
      if (reply) this.#live = { ...this.#live, [id]: { ...reply, ...change } };
    };
    const outcomes = await this.#engines.run(jobs, plan.mode, {
      onStage: (id, stage) => patch(id, { stage }),
      onText: (id, text) => patch(id, { content: (this.#live[id]?.content ?? '') + text }),
      onLoaded: (id, ms) => patch(id, { loadMs: ms }),
    });
    return contestants.map((c) => {
      // A served contestant's prompt and history went to its host, whatever came back.
      const host = this.#library.entry(c.modelId)?.served?.host;
      const reply = { ...finished(c.id, outcomes.get(c.id)!, this.#live[c.id]?.content ?? ''), ...(host ? { sentTo: host } : {}) };
      patch(c.id, { ...reply, stage: 'done' });
      return reply;
    });
  }

  /** Side by side: the same message to every contestant; the conversation is saved as it completes. */
  async send(text: string): Promise<void> {
    const prompt = text.trim();
    if (!prompt || this.#busy || this.#contestants.length === 0) return;
    if (this.lock.status === 'locked') {
      this.#error = new LockedError('comparisons').message;
      return;
    }
    const contestants = $state.snapshot(this.#contestants) as Contestant[];
    const now = Date.now();
    const record: ComparisonRecord =
      this.#current && !this.changedSinceOpen
        ? ($state.snapshot(this.#current) as ComparisonRecord)
        : {
            id: crypto.randomUUID(),
            title: prompt.replace(/\s+/g, ' ').slice(0, 60),
            contestants,
            turns: [],
            createdAt: now,
            updatedAt: now,
          };
    await this.run(async () => {
      const histories = Object.fromEntries(contestants.map((c) => [c.id, historyFor(c, record.turns, prompt)]));
      const execution = this.planFor(contestants).mode;
      const replies = await this.answer(contestants, histories);
      const saved: ComparisonRecord = { ...record, turns: [...record.turns, { prompt, replies, execution }], updatedAt: Date.now() };
      await putComparison(saved, this.lock.key);
      this.#current = saved;
      this.#saved = [saved, ...this.#saved.filter((c) => c.id !== saved.id)];
      this.#live = {};
    });
  }

  /** One round of answers (and what is saved of it), the only work at a time; the arena runs its rounds through it too. */
  async run<T>(work: () => Promise<T>): Promise<T | null> {
    if (this.#busy) return null;
    this.#busy = true;
    this.#error = null;
    try {
      const working = work();
      this.#answering = working;
      return await working;
    } catch (e) {
      this.#error = errorMessage(e);
      return null;
    } finally {
      this.#busy = false;
      this.#answering = null;
    }
  }
}

function finished(contestantId: string, outcome: JobOutcome, partial: string): ComparisonReply {
  if (outcome.ok) {
    const r = outcome.result;
    return {
      contestantId,
      content: r.text,
      status: r.finishReason === 'abort' ? 'stopped' : 'complete',
      usage: r.usage,
      ...(r.precision ? { precision: r.precision } : {}),
      ...(r.reasoning ? { reasoning: r.reasoning } : {}),
    };
  }
  if (outcome.stopped) return { contestantId, content: partial, status: 'stopped' };
  return { contestantId, content: partial, status: 'error', error: errorMessage(outcome.error) };
}

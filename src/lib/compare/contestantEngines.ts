import type { ChatMessage, ChatResult, GenerateOptions, LoadProgress, ModelSpec } from '../../../core/engine';
import { EngineClient } from '../shared/engineClient';

/** One contestant's request: which model, with what settings, on what history. */
export interface ContestantJob {
  contestantId: string;
  spec: ModelSpec;
  options: GenerateOptions;
  messages: ChatMessage[];
}

export interface JobEvents {
  onStage(contestantId: string, stage: 'loading' | 'waiting' | 'streaming'): void;
  onText(contestantId: string, text: string): void;
  onLoaded(contestantId: string, ms: number): void;
}

export type JobOutcome = { ok: true; result: ChatResult } | { ok: false; error: unknown; stopped: boolean };

/**
 * The engine workers behind Compare, apart from the model bar's. Parallel: one worker per contestant,
 * all loaded and answering at once. Sequential: one worker that loads, answers and unloads for each
 * contestant in turn (a contestant using the model already loaded skips the reload).
 */
export class ContestantEngines {
  #parallel = new Map<string, { client: EngineClient; modelId: string | null }>();
  #single: { client: EngineClient; modelId: string | null } | null = null;
  #stopped = false;
  #onCrash: (message: string) => void;

  constructor(onCrash: (message: string) => void) {
    this.#onCrash = onCrash;
  }

  #slot(key: string | null) {
    if (key === null) return (this.#single ??= { client: new EngineClient(this.#onCrash), modelId: null });
    let slot = this.#parallel.get(key);
    if (!slot) {
      slot = { client: new EngineClient(this.#onCrash), modelId: null };
      this.#parallel.set(key, slot);
    }
    return slot;
  }

  async #ensureLoaded(slot: { client: EngineClient; modelId: string | null }, job: ContestantJob, events: JobEvents): Promise<void> {
    const current = slot.modelId === job.spec.id ? await slot.client.remote.current().catch(() => null) : null;
    if (current?.info.modelId === job.spec.id) return;
    events.onStage(job.contestantId, 'loading');
    const started = performance.now();
    slot.modelId = null;
    await slot.client.remote.load(
      job.spec,
      slot.client.proxy((_: LoadProgress) => {}),
    );
    slot.modelId = job.spec.id;
    events.onLoaded(job.contestantId, performance.now() - started);
  }

  async #answer(
    slot: { client: EngineClient; modelId: string | null },
    job: ContestantJob,
    events: JobEvents,
    load = true,
  ): Promise<JobOutcome> {
    try {
      if (load) await this.#ensureLoaded(slot, job, events);
      if (this.#stopped) return { ok: false, error: new Error('Stopped before it started.'), stopped: true };
      events.onStage(job.contestantId, 'streaming');
      const result = await slot.client.remote.chat(
        job.spec.id,
        job.messages,
        job.options,
        slot.client.proxy((text: string) => events.onText(job.contestantId, text)),
      );
      return { ok: true, result };
    } catch (error) {
      return { ok: false, error, stopped: this.#stopped };
    }
  }

  async run(jobs: readonly ContestantJob[], mode: 'parallel' | 'sequential', events: JobEvents): Promise<Map<string, JobOutcome>> {
    this.#stopped = false;
    const outcomes = new Map<string, JobOutcome>();
    if (mode === 'parallel') {
      // Workers no longer needed (a contestant removed) are ended, so their memory is returned.
      for (const [key, slot] of this.#parallel) {
        if (!jobs.some((j) => j.contestantId === key)) {
          slot.client.dispose();
          this.#parallel.delete(key);
        }
      }
      await this.#releaseSingle();
      for (const job of jobs) events.onStage(job.contestantId, 'waiting');
      // Loads go one at a time: wllama keeps weights in one OPFS cache, and two workers fetching the same
      // file at once would both write it. Answers then run at once.
      const failed = new Map<string, JobOutcome>();
      for (const job of jobs) {
        try {
          await this.#ensureLoaded(this.#slot(job.contestantId), job, events);
        } catch (error) {
          failed.set(job.contestantId, { ok: false, error, stopped: this.#stopped });
        }
      }
      const done = await Promise.all(
        jobs.map((job) => failed.get(job.contestantId) ?? this.#answer(this.#slot(job.contestantId), job, events, false)),
      );
      jobs.forEach((job, i) => outcomes.set(job.contestantId, done[i]!));
      return outcomes;
    }
    for (const [, slot] of this.#parallel) slot.client.dispose();
    this.#parallel.clear();
    for (const job of jobs) events.onStage(job.contestantId, 'waiting');
    const slot = this.#slot(null);
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i]!;
      if (this.#stopped) {
        outcomes.set(job.contestantId, { ok: false, error: new Error('Stopped before its turn.'), stopped: true });
        continue;
      }
      outcomes.set(job.contestantId, await this.#answer(slot, job, events));
      // Unload unless the next contestant uses the same model: only one model is in memory at a time.
      if (jobs[i + 1]?.spec.id !== job.spec.id) await this.#releaseSingle();
    }
    return outcomes;
  }

  async #releaseSingle(): Promise<void> {
    if (!this.#single) return;
    await this.#single.client.remote.unload().catch(() => undefined);
    this.#single.modelId = null;
  }

  stop(): void {
    this.#stopped = true;
    for (const slot of [...this.#parallel.values(), ...(this.#single ? [this.#single] : [])]) void slot.client.remote.interrupt();
  }

  /** Ends every worker (leaving the page). */
  dispose(): void {
    for (const slot of this.#parallel.values()) slot.client.dispose();
    this.#parallel.clear();
    this.#single?.client.dispose();
    this.#single = null;
  }
}

import type { ChatMessage } from '../../../core/engine';
import { isBedsideError } from '../../../core/errors';
import {
  deleteConsultation,
  deleteMessage,
  listConsultations,
  listMessages,
  patchConsultation,
  putConsultation,
  putMessageIfKept,
} from '../../../storage/consultations';
import type { Consultation, SamplingSettings, StoredMessage } from '../../../storage/records';
import { errorMessage } from '../shared/errorMessage';
import { contextOverflow, fitHistory, replyRoom, tokensPerCharOf, type ContextBudget } from './contextFit';
import type { PassphraseLock } from '../data/passphraseLock.svelte';
import type { EngineSession } from '../models/engineSession.svelte';
import { StorageFullStore } from '../data/storageFull.svelte';
import { recordBytes } from '../../../core/storageFull';

export const DEFAULT_SAMPLING: SamplingSettings = { temperature: 0.7, topP: 0.95, maxTokens: 512 };

/** Partial replies are written at most this often while they stream, and always at the end. */
const PERSIST_EVERY_MS = 400;

const LOCKED = 'Your consultations are locked: unlock them with your passphrase first. Your message is kept.';

/** A message the engine refused before reading it (too long for the context even alone). */
class RefusedBeforeSending extends Error {}

function newId(): string {
  return crypto.randomUUID();
}

function titleFrom(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine || 'New consultation';
}

export class ConsultStore {
  #engine: EngineSession;
  #list = $state<Consultation[]>([]);
  #current = $state<Consultation | null>(null);
  #messages = $state<StoredMessage[]>([]);
  #streaming = $state(false);
  #error = $state<string | null>(null);
  #draftSystemPrompt = $state('');
  #draftSampling = $state<SamplingSettings>({ ...DEFAULT_SAMPLING });
  /** A message sent while the model loads: kept here, and sent once the model is ready. */
  #waiting = $state<string | null>(null);
  /** The id of the reply being written in this tab, so it is not taken for one a closed tab left behind. */
  #streamingId: string | null = null;
  /** The question and reply being written, from the first write to the last: "Lock now" waits for it to be saved sealed. */
  #replying: Promise<void> | null = null;
  /** "Lock now" waits for a reply that has not begun streaming yet: it is stopped at its first piece. */
  #settling = false;
  /** Tokens per character as the loaded model last counted a prompt: what lets a turn be fitted before it is sent. */
  #tokenRate: { modelId: string; tokensPerChar: number } | null = null;
  /** The passphrase lock, shared with every page: its key seals what is written and opens what is read. */
  readonly lock: PassphraseLock;
  /** What the user is typing. It lives here, not in the view, so no path can lose it. */
  draft = $state('');

  #storageFull: StorageFullStore;

  constructor(engine: EngineSession, lock: PassphraseLock, storageFull = new StorageFullStore()) {
    this.#engine = engine;
    this.#storageFull = storageFull;
    this.lock = lock;
    lock.guard({
      busyReason: () =>
        this.#replying || this.#waiting !== null
          ? 'A reply is being written: wait for it to end, or press Stop on the Consult page, then try again.'
          : null,
      settle: async () => {
        this.#settling = true;
        this.stop();
        try {
          await this.#replying;
        } finally {
          this.#settling = false;
        }
      },
      reload: () => this.init(),
    });
  }

  get list() {
    return this.#list;
  }
  get current() {
    return this.#current;
  }
  get messages() {
    return this.#messages;
  }
  get streaming() {
    return this.#streaming;
  }
  get error() {
    return this.#error;
  }
  get systemPrompt() {
    return this.#current?.systemPrompt ?? this.#draftSystemPrompt;
  }
  get sampling() {
    return this.#current?.sampling ?? this.#draftSampling;
  }
  get waiting() {
    return this.#waiting;
  }
  get canRegenerate() {
    return !this.#streaming && this.#messages.some((m) => m.role === 'user');
  }

  async init(): Promise<void> {
    await this.lock.refresh();
    if (this.lock.status === 'locked') {
      // Nothing of a locked consultation stays on screen, the system prompt carried into a new one included.
      this.#list = [];
      this.#current = null;
      this.#messages = [];
      this.#draftSystemPrompt = '';
      return;
    }
    this.#list = await listConsultations(this.lock.key);
    const latest = this.#list[0];
    if (latest) await this.open(latest.id);
  }

  async open(id: string): Promise<void> {
    const c = this.#list.find((x) => x.id === id);
    if (!c) return;
    this.#current = c;
    // A reply that was streaming when its tab closed or crashed is kept, marked interrupted.
    this.#messages = (await listMessages(id, this.lock.key)).map((m) =>
      m.status === 'streaming' && m.id !== this.#streamingId ? { ...m, status: 'interrupted' } : m,
    );
    this.#error = null;
  }

  newConsultation(): void {
    if (this.#streaming) this.stop();
    this.#draftSystemPrompt = this.#current?.systemPrompt ?? this.#draftSystemPrompt;
    this.#draftSampling = { ...(this.#current?.sampling ?? this.#draftSampling) };
    this.#current = null;
    this.#messages = [];
    this.#error = null;
  }

  async rename(id: string, title: string): Promise<void> {
    if (!title.trim()) return;
    await this.#patch(id, { title: title.trim() });
  }

  async remove(id: string): Promise<void> {
    if (this.#current?.id === id) this.stop();
    await deleteConsultation(id);
    this.#list = this.#list.filter((c) => c.id !== id);
    if (this.#current?.id === id) {
      this.#current = null;
      this.#messages = [];
    }
  }

  async setSystemPrompt(prompt: string): Promise<void> {
    if (this.#current) await this.#patch(this.#current.id, { systemPrompt: prompt });
    else this.#draftSystemPrompt = prompt;
  }

  async setSampling(patch: Partial<SamplingSettings>): Promise<void> {
    if (this.#current) await this.#patch(this.#current.id, { sampling: { ...$state.snapshot(this.#current.sampling), ...patch } });
    else this.#draftSampling = { ...this.#draftSampling, ...patch };
  }

  /**
   * Sends the draft. The draft is emptied only once the message is taken: sent, or queued while the model
   * loads. When it cannot be taken it stays in the box and the reason is shown.
   */
  async send(): Promise<void> {
    const content = this.draft.trim();
    if (!content) return;
    if (this.#lockedOut()) {
      this.#error = LOCKED;
      return;
    }
    if (this.#streaming || this.#waiting !== null) {
      this.#error = 'A reply is still being written. Your message is kept: send it when the reply ends, or press Stop.';
      return;
    }
    if (this.#engine.runActive) {
      this.#error =
        'A benchmark run is using the model, so messages cannot be answered now. Your message is kept: send it when the run ends, or cancel the run on the Benchmarks page.';
      return;
    }
    this.#error = null;
    if (this.#engine.status === 'loading') {
      this.draft = '';
      this.#waiting = content;
      const ready = await this.#engine.whenSettled();
      this.#waiting = null;
      // "Lock now" may have been pressed while the model loaded.
      if (!ready || this.#lockedOut()) {
        this.draft = this.draft ? `${content}\n${this.draft}` : content;
        this.#error = ready ? LOCKED : 'The model did not load, so your message was not sent. It is back in the box.';
        return;
      }
    } else if (!this.#engine.readyModelId) {
      this.#error = 'Load a model first: pick one under "Model" and press Load. Your message is kept.';
      return;
    } else {
      this.draft = '';
    }
    await this.#track(this.#answer(content, this.#engine.readyModelId!));
  }

  /** Stores the question, in a new consultation if none is open, and writes the model's reply. */
  async #answer(content: string, modelId: string): Promise<void> {
    let c: Consultation;
    let question: StoredMessage;
    try {
      c = this.#current ?? (await this.#create(content, modelId));
      question = await this.#append({ role: 'user', content, status: 'complete' }, c.id);
    } catch (e) {
      // Not stored (storage full, most likely): the question goes back in the box, never into a log it did not reach.
      this.draft = this.draft ? `${content}\n${this.draft}` : content;
      this.#error = await this.#storageFull.explain(e, 'your message', recordBytes(content), 'It is back in the box and was not sent.');
      return;
    }
    await this.#reply(c, modelId, question);
  }

  /** Marks writes that use the lock's key as running, so the key is not dropped or replaced under them. */
  async #track(work: Promise<void>): Promise<void> {
    this.#replying = work;
    try {
      await work;
    } finally {
      if (this.#replying === work) this.#replying = null;
    }
  }

  /** A method, so TypeScript does not carry an earlier check of the status past an await. */
  #lockedOut(): boolean {
    return this.lock.status === 'locked';
  }

  async regenerate(): Promise<void> {
    const c = this.#current;
    const modelId = this.#engine.readyModelId;
    if (!c || !modelId || this.#streaming) return;
    const last = this.#messages.at(-1);
    if (last?.role === 'assistant') {
      await deleteMessage(last.id);
      this.#messages = this.#messages.slice(0, -1);
    }
    await this.#track(this.#reply(c, modelId));
  }

  stop(): void {
    if (this.#streaming) void this.#engine.interrupt();
  }

  dismissError(): void {
    this.#error = null;
  }

  async #create(firstMessage: string, modelId: string): Promise<Consultation> {
    const now = Date.now();
    const c: Consultation = {
      id: newId(),
      title: titleFrom(firstMessage),
      modelId,
      systemPrompt: this.#draftSystemPrompt,
      sampling: { ...this.#draftSampling },
      createdAt: now,
      updatedAt: now,
    };
    await this.#save(c);
    this.#current = c;
    this.#messages = [];
    return c;
  }

  async #save(c: Consultation): Promise<void> {
    // A snapshot: IndexedDB cannot clone the reactive proxies that nested fields may still be.
    const saved = { ...$state.snapshot(c), updatedAt: Date.now() } as Consultation;
    await putConsultation(saved, this.lock.key);
    this.#show(saved);
  }

  /** Changes only the given fields of the stored record: never writes back a stale copy of the rest. */
  async #patch(id: string, patch: Partial<Omit<Consultation, 'id'>>): Promise<void> {
    const saved = await patchConsultation(id, { ...patch, updatedAt: Date.now() }, this.lock.key);
    if (saved) this.#show(saved);
  }

  #show(saved: Consultation): void {
    this.#list = [saved, ...this.#list.filter((x) => x.id !== saved.id)];
    if (this.#current?.id === saved.id) this.#current = saved;
  }

  async #append(
    m: Pick<StoredMessage, 'role' | 'content' | 'status'> & Partial<StoredMessage>,
    consultationId: string,
  ): Promise<StoredMessage> {
    const seq = (this.#messages.at(-1)?.seq ?? -1) + 1;
    const message: StoredMessage = { id: newId(), consultationId, seq, createdAt: Date.now(), ...m };
    this.#messages = [...this.#messages, message];
    try {
      await putMessageIfKept(message, this.lock.key);
    } catch (e) {
      // A message that could not be stored is not shown as if it were.
      this.#messages = this.#messages.filter((x) => x.id !== message.id);
      throw e;
    }
    return message;
  }

  /** The turns the model is shown, oldest first, with the id of the message each came from. */
  #turns(c: Consultation): { id: string | null; message: ChatMessage }[] {
    // Turns dropped once to fit the context stay dropped: the history only grows.
    const start = Math.max(
      0,
      this.#messages.findIndex((m) => m.id === this.#current?.viewStartId),
    );
    const turns = this.#messages
      .slice(start)
      .filter((m) => m.status !== 'error' && m.status !== 'streaming' && (m.role === 'user' || m.content))
      .map((m) => ({ id: m.id, message: { role: m.role, content: m.content } }));
    return c.systemPrompt.trim() ? [{ id: null, message: { role: 'system', content: c.systemPrompt } }, ...turns] : turns;
  }

  #replace(updated: StoredMessage): void {
    this.#messages = this.#messages.map((m) => (m.id === updated.id ? updated : m));
  }

  /**
   * Streams the model's reply into its own message. Only that message (and the consultation's
   * updatedAt) is written: a rename, a system-prompt edit or a delete made meanwhile stays as it is.
   * A history longer than the context window loses its oldest turns (the system prompt stays), and the
   * consultation records where the model's view begins; a question too long even alone is refused with
   * its size and the limit, and put back in the box.
   */
  async #reply(c: Consultation, modelId: string, question?: StoredMessage): Promise<void> {
    const turns = this.#turns(c);
    let history = turns.map((t) => t.message);
    /** Where the model's view begins once `kept` are the turns it is shown. */
    const keepView = (kept: ChatMessage[]) => {
      const ids = turns.flatMap((t) => (t.id ? [t.id] : []));
      return this.#patch(c.id, { viewStartId: ids[ids.length - kept.filter((m) => m.role !== 'system').length] });
    };
    this.#error = null;
    this.#streaming = true;
    // Where the model runs is kept with each reply: a later load may put it on the GPU or the CPU.
    const compute = $state.snapshot(this.#engine.capabilities?.compute);
    // A served model: the conversation up to this reply goes to its host, recorded before it is sent.
    const sentTo = this.#engine.capabilities?.endpoint?.host;
    let reply: StoredMessage;
    try {
      reply = await this.#append(
        { role: 'assistant', content: '', status: 'streaming', modelId, ...(compute ? { compute } : {}), ...(sentTo ? { sentTo } : {}) },
        c.id,
      );
    } catch (e) {
      this.#streaming = false;
      this.#error = await this.#storageFull.explain(e, 'the reply', null, 'Nothing was sent to the model.');
      return;
    }
    this.#streamingId = reply.id;
    let lastSaved = 0;
    let ended = false;
    // Writes of this reply run one after another, so an early partial write can never land after the final one.
    let writes: Promise<unknown> = Promise.resolve();
    // The first write that failed (storage full, most likely): later writes are still tried, and it is said at the end.
    let unsaved: unknown = null;
    const save = (m: StoredMessage) =>
      (writes = writes
        .then(() => putMessageIfKept($state.snapshot(m) as StoredMessage, this.lock.key))
        .catch((e: unknown) => (unsaved ??= e)));
    const onPiece = (piece: string) => {
      // Streamed text travels on its own channel and may arrive after the result: the result is the reply.
      if (ended) return;
      if (this.#settling) this.stop();
      reply = { ...reply, content: reply.content + piece };
      this.#replace(reply);
      const now = performance.now();
      if (now - lastSaved > PERSIST_EVERY_MS) {
        lastSaved = now;
        void save(reply);
      }
    };
    try {
      // Past the window, the oldest turns go before the engine sees the prompt, with room left for the next turns.
      const budget = this.#budget(modelId, c.sampling.maxTokens);
      const fitted = budget ? fitHistory(history, budget) : history;
      if (fitted !== history) {
        history = fitted;
        await keepView(fitted);
      }
      for (;;) {
        try {
          const result = await this.#engine.chat(history, $state.snapshot(c.sampling), onPiece);
          const rate = tokensPerCharOf(history, result.usage.promptTokens);
          if (rate) this.#tokenRate = { modelId, tokensPerChar: rate };
          ended = true;
          reply = {
            ...reply,
            content: result.text,
            status: result.finishReason === 'abort' ? 'stopped' : 'complete',
            usage: result.usage,
            ...(result.precision ? { precision: result.precision } : {}),
            ...(result.reasoning ? { reasoning: result.reasoning } : {}),
          };
          break;
        } catch (e) {
          const overflow = contextOverflow(e);
          if (!overflow) throw e;
          // The engine counted this prompt (the first turn past the window, before any reply was counted): fit it by that.
          const tokensPerChar = tokensPerCharOf(history, overflow.requested) ?? 1;
          this.#tokenRate = { modelId, tokensPerChar };
          const shorter = fitHistory(history, {
            limit: overflow.limit,
            tokensPerChar,
            replyRoom: replyRoom(c.sampling.maxTokens, overflow.limit),
          });
          if (shorter === history) {
            throw new RefusedBeforeSending(
              `This message needs ${overflow.requested} tokens and the model's context of ${overflow.limit} tokens must hold it and the reply. Shorten it.`,
            );
          }
          history = shorter;
          await keepView(shorter);
        }
      }
    } catch (e) {
      const message = errorMessage(e);
      // Refused before the model saw it: the question goes back in the box rather than into the log.
      if (question && (e instanceof RefusedBeforeSending || isBedsideError(e, 'EngineBusy'))) await this.#takeBack(question, reply);
      else reply = { ...reply, status: 'error', error: message };
      this.#error = message;
    } finally {
      ended = true;
      this.#streamingId = null;
      this.#replace(reply);
      if (this.#messages.some((m) => m.id === reply.id)) await save(reply);
      else await writes;
      await this.#patch(c.id, {}).catch((e: unknown) => (unsaved ??= e));
      if (unsaved) {
        const consequence = 'It is shown here but not stored: copy it before you leave or reload this page.';
        this.#error = await this.#storageFull.explain(unsaved, 'the reply', recordBytes(reply), consequence);
      }
      this.#streaming = false;
    }
  }

  /** What is known of the loaded model's window and counting; null until it has counted a prompt. */
  #budget(modelId: string, maxTokens: number): ContextBudget | null {
    const limit = this.#engine.capabilities?.contextSize;
    const rate = this.#tokenRate?.modelId === modelId ? this.#tokenRate.tokensPerChar : null;
    return limit && rate ? { limit, tokensPerChar: rate, replyRoom: replyRoom(maxTokens, limit) } : null;
  }

  /** Removes a question that was refused before the model saw it, and puts its text back in the box. */
  async #takeBack(question: StoredMessage, reply: StoredMessage): Promise<void> {
    await deleteMessage(question.id);
    await deleteMessage(reply.id);
    this.#messages = this.#messages.filter((m) => m.id !== question.id && m.id !== reply.id);
    this.draft = this.draft ? `${question.content}\n${this.draft}` : question.content;
  }
}

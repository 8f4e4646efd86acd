import type { ChatMessage } from '../../../core/engine';
import {
  deleteConsultation,
  deleteMessage,
  listConsultations,
  listMessages,
  putConsultation,
  putMessage,
} from '../../../storage/consultations';
import type { Consultation, SamplingSettings, StoredMessage } from '../../../storage/records';
import { errorMessage } from '../errorMessage';
import type { EngineSession } from './engineSession.svelte';

export const DEFAULT_SAMPLING: SamplingSettings = { temperature: 0.7, topP: 0.95, maxTokens: 512 };

/** Partial replies are written at most this often while they stream, and always at the end. */
const PERSIST_EVERY_MS = 400;

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

  constructor(engine: EngineSession) {
    this.#engine = engine;
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
  get canRegenerate() {
    return !this.#streaming && this.#messages.some((m) => m.role === 'user');
  }

  async init(): Promise<void> {
    this.#list = await listConsultations();
    const latest = this.#list[0];
    if (latest) await this.open(latest.id);
  }

  async open(id: string): Promise<void> {
    const c = this.#list.find((x) => x.id === id);
    if (!c) return;
    this.#current = c;
    // A reply that was streaming when the tab closed is kept, marked stopped.
    this.#messages = (await listMessages(id)).map((m) => (m.status === 'streaming' ? { ...m, status: 'stopped' } : m));
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
    const c = this.#list.find((x) => x.id === id);
    if (!c || !title.trim()) return;
    await this.#save({ ...c, title: title.trim() });
  }

  async remove(id: string): Promise<void> {
    await deleteConsultation(id);
    this.#list = this.#list.filter((c) => c.id !== id);
    if (this.#current?.id === id) {
      this.#current = null;
      this.#messages = [];
    }
  }

  async setSystemPrompt(prompt: string): Promise<void> {
    if (this.#current) await this.#save({ ...this.#current, systemPrompt: prompt });
    else this.#draftSystemPrompt = prompt;
  }

  async setSampling(patch: Partial<SamplingSettings>): Promise<void> {
    if (this.#current) await this.#save({ ...this.#current, sampling: { ...this.#current.sampling, ...patch } });
    else this.#draftSampling = { ...this.#draftSampling, ...patch };
  }

  async send(text: string): Promise<void> {
    const content = text.trim();
    if (!content || this.#streaming) return;
    const modelId = this.#engine.readyModelId;
    if (!modelId) {
      this.#error = 'Load a model first: pick one under "Model" and press Load.';
      return;
    }
    const c = this.#current ?? (await this.#create(content, modelId));
    await this.#append({ role: 'user', content, status: 'complete' }, c.id);
    await this.#reply(c, modelId);
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
    await this.#reply(c, modelId);
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
    await putConsultation(saved);
    this.#list = [saved, ...this.#list.filter((x) => x.id !== c.id)];
    if (this.#current?.id === c.id) this.#current = saved;
  }

  async #append(
    m: Pick<StoredMessage, 'role' | 'content' | 'status'> & Partial<StoredMessage>,
    consultationId: string,
  ): Promise<StoredMessage> {
    const seq = (this.#messages.at(-1)?.seq ?? -1) + 1;
    const message: StoredMessage = { id: newId(), consultationId, seq, createdAt: Date.now(), ...m };
    this.#messages = [...this.#messages, message];
    await putMessage(message);
    return message;
  }

  #history(c: Consultation): ChatMessage[] {
    const turns = this.#messages
      .filter((m) => m.status !== 'error' && (m.role === 'user' || m.content))
      .map((m) => ({ role: m.role, content: m.content }));
    return c.systemPrompt.trim() ? [{ role: 'system', content: c.systemPrompt }, ...turns] : turns;
  }

  #replace(updated: StoredMessage): void {
    this.#messages = this.#messages.map((m) => (m.id === updated.id ? updated : m));
  }

  async #reply(c: Consultation, modelId: string): Promise<void> {
    const history = this.#history(c);
    this.#error = null;
    this.#streaming = true;
    let reply = await this.#append({ role: 'assistant', content: '', status: 'streaming', modelId }, c.id);
    let lastSaved = 0;
    try {
      const result = await this.#engine.chat(history, $state.snapshot(c.sampling), (piece) => {
        reply = { ...reply, content: reply.content + piece };
        this.#replace(reply);
        const now = performance.now();
        if (now - lastSaved > PERSIST_EVERY_MS) {
          lastSaved = now;
          void putMessage($state.snapshot(reply) as StoredMessage);
        }
      });
      reply = { ...reply, content: result.text, status: result.finishReason === 'abort' ? 'stopped' : 'complete', usage: result.usage };
    } catch (e) {
      const message = errorMessage(e);
      reply = { ...reply, status: 'error', error: message };
      this.#error = message;
    } finally {
      this.#replace(reply);
      await putMessage($state.snapshot(reply) as StoredMessage);
      await this.#save(c);
      this.#streaming = false;
    }
  }
}

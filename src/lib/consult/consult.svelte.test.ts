import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { buildStores, type Stores } from '../app/stores';
import { ConsultStore } from './consult.svelte';
import { PassphraseLock } from '../data/passphraseLock.svelte';

describe('ConsultStore on the real engine worker, with real IndexedDB', () => {
  let stores: Stores;
  let consult: ConsultStore;
  // The load starts the worker and its WASM: slow on a busy machine, hence the longer timeout.
  beforeAll(async () => {
    stores = buildStores();
    await stores.device.probe();
    expect(await stores.engine.load(stores.library.entry('stories260K')), stores.engine.error ?? '').toBe(true);
    consult = stores.consult;
    await consult.init();
    consult.newConsultation();
    await consult.setSampling({ temperature: 0, topP: 1, maxTokens: 24 });
  }, 120_000);
  afterAll(async () => {
    if (consult.current) await consult.remove(consult.current.id);
    await stores.engine.client.remote.unload();
  });

  /** Types `text` into the message box and sends it. */
  function say(store: ConsultStore, text: string): Promise<void> {
    store.draft = text;
    return store.send();
  }

  /** A fresh store over the same database, as after a reload. */
  async function reopened(id: string): Promise<ConsultStore> {
    const later = new ConsultStore(stores.engine, new PassphraseLock());
    await later.init();
    await later.open(id);
    return later;
  }

  test('without a loaded model, send explains what to do and stores nothing', async () => {
    // A fresh set of stores: their engine has loaded nothing.
    const idle = buildStores().consult;
    await say(idle, 'Hello');
    expect(idle.error).toContain('Load a model first');
    expect(idle.draft).toBe('Hello');
    expect(idle.current).toBeNull();
    expect(idle.messages).toEqual([]);
  });

  test('send creates a consultation, streams the reply and stores both messages', async () => {
    await say(consult, '  Once upon a time  ');
    expect(consult.streaming).toBe(false);
    expect(consult.error).toBeNull();
    expect(consult.draft).toBe('');
    expect(consult.current?.title).toBe('Once upon a time');
    expect(consult.current?.modelId).toBe('stories260K');
    const [question, reply] = consult.messages;
    expect(question).toMatchObject({ role: 'user', content: 'Once upon a time', status: 'complete' });
    expect(reply).toMatchObject({ role: 'assistant', status: 'complete', modelId: 'stories260K' });
    expect(reply!.content.length).toBeGreaterThan(0);
    expect(reply!.usage?.completionTokens).toBeGreaterThan(0);

    const later = await reopened(consult.current!.id);
    expect(later.list.some((c) => c.id === consult.current!.id)).toBe(true);
    expect(later.messages.map((m) => [m.role, m.content, m.status])).toEqual(consult.messages.map((m) => [m.role, m.content, m.status]));
    expect(later.sampling).toEqual({ temperature: 0, topP: 1, maxTokens: 24 });
  });

  test('regenerate replaces the last reply instead of adding one, in memory and in storage', async () => {
    const [question, first] = consult.messages;
    expect(consult.canRegenerate).toBe(true);
    await consult.regenerate();
    expect(consult.messages).toHaveLength(2);
    expect(consult.messages[0]).toEqual(question);
    const second = consult.messages[1]!;
    expect(second).toMatchObject({ role: 'assistant', status: 'complete' });
    expect(second.id).not.toBe(first!.id);
    expect(second.content.length).toBeGreaterThan(0);
    const stored = (await reopened(consult.current!.id)).messages;
    expect(stored.map((m) => m.id)).toEqual([question!.id, second.id]);
    expect(stored[1]!.content).toBe(second.content);
  });

  test('stop keeps the partial reply, marked stopped, and the next message still gets an answer', async () => {
    await consult.setSampling({ maxTokens: 1500 });
    const sending = say(consult, 'Tell me a long story.');
    await vi.waitFor(
      () => {
        expect(consult.messages).toHaveLength(4);
        expect(consult.messages.at(-1)?.content.length).toBeGreaterThan(0);
      },
      { timeout: 30_000, interval: 20 },
    );
    expect(consult.streaming).toBe(true);
    consult.stop();
    await sending;
    const stopped = consult.messages.at(-1)!;
    expect(stopped.status).toBe('stopped');
    expect(stopped.content.length).toBeGreaterThan(0);
    expect(stopped.usage?.completionTokens ?? 0).toBeLessThan(1500);
    expect((await reopened(consult.current!.id)).messages.at(-1)).toMatchObject({ status: 'stopped', content: stopped.content });

    await consult.setSampling({ maxTokens: 24 });
    await say(consult, 'And then?');
    expect(consult.messages).toHaveLength(6);
    expect(consult.messages.at(-1)).toMatchObject({ role: 'assistant', status: 'complete' });
    expect(consult.messages.at(-1)!.content.length).toBeGreaterThan(0);
  });
});

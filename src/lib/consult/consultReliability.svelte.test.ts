import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { buildStores, type Stores } from '../app/stores';

describe('the consultation with the real engine worker and the bundled model', () => {
  let stores: Stores;
  beforeAll(async () => {
    stores = buildStores();
    await stores.device.probe();
    await stores.consult.init();
    stores.consult.newConsultation();
    await stores.consult.setSampling({ temperature: 0, topP: 1, maxTokens: 16 });
  });
  afterAll(async () => {
    if (stores.consult.current) await stores.consult.remove(stores.consult.current.id);
    await stores.engine.client.remote.unload();
  });

  test('a message sent while the model loads waits, visibly, and is answered once it is ready', async () => {
    const { engine, consult, library } = stores;
    const loading = engine.load(library.entry('stories260K'));
    expect(engine.status).toBe('loading');
    consult.draft = 'Once upon a time';
    const sending = consult.send();
    expect(consult.waiting).toBe('Once upon a time');
    expect(consult.draft).toBe('');
    expect(await loading).toBe(true);
    await sending;
    expect(consult.waiting).toBeNull();
    expect(consult.error).toBeNull();
    expect(consult.messages.map((m) => [m.role, m.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ]);
  });

  test('while a reply streams, Send keeps the draft and says why', async () => {
    const { consult } = stores;
    await consult.setSampling({ maxTokens: 1500 });
    consult.draft = 'Tell me a long story.';
    const sending = consult.send();
    await vi.waitUntil(() => consult.streaming, { timeout: 30_000, interval: 1 });
    consult.draft = 'A second thought';
    await consult.send();
    expect(consult.draft).toBe('A second thought');
    expect(consult.error).toContain('Your message is kept');
    consult.stop();
    await sending;
    expect(consult.messages.filter((m) => m.role === 'user')).toHaveLength(2);
    consult.draft = '';
    await consult.setSampling({ maxTokens: 16 });
  });

  test('a message too long even alone is refused with its token count and the limit, and put back in the box', async () => {
    const { consult } = stores;
    const before = consult.messages.length;
    const long = 'The patient reports chest pain radiating to the left arm. '.repeat(350);
    consult.draft = long;
    await consult.send();
    expect(consult.error).toMatch(/needs \d+ tokens .* context of \d+ tokens/);
    expect(consult.draft).toBe(long.trim());
    expect(consult.messages).toHaveLength(before);
    consult.draft = '';
  });

  test('a consultation longer than the context drops its oldest turns, marks where the view begins, and answers', async () => {
    const { consult } = stores;
    await consult.setSystemPrompt('You are a storyteller.');
    const turn = 'Once upon a time a nurse walked through the quiet ward at night and checked every bed. '.repeat(12);
    for (let i = 0; i < 6; i++) {
      consult.draft = `${i}: ${turn}`;
      await consult.send();
      expect(consult.error).toBeNull();
      expect(consult.messages.at(-1)).toMatchObject({ role: 'assistant', status: 'complete' });
    }
    const start = consult.current?.viewStartId;
    expect(start).toBeTruthy();
    const index = consult.messages.findIndex((m) => m.id === start);
    expect(index).toBeGreaterThan(0);
    expect(consult.messages[index]!.role).toBe('user');
    expect(consult.systemPrompt).toBe('You are a storyteller.');
  });
});

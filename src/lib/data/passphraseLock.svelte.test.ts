import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { exportAll, importAll, wipeAll } from '../../../storage/dataExport';
import { db, STORE_NAMES } from '../../../storage/database';
import { buildStores, type Stores } from '../app/stores';
import { ConsultStore } from '../consult/consult.svelte';
import { PassphraseLock } from './passphraseLock.svelte';

const PASSPHRASE = 'correct horse battery';

/** Every stored record as JSON text: what lies on disk. */
async function rawDump(): Promise<string> {
  const database = await db();
  return JSON.stringify(await Promise.all(STORE_NAMES.map((name) => database.getAll(name))));
}

describe('the passphrase lock in the Consult page state, on the real engine worker and IndexedDB', () => {
  let stores: Stores;
  let consult: ConsultStore;
  beforeAll(async () => {
    await wipeAll();
    stores = buildStores();
    await stores.device.probe();
    expect(await stores.engine.load(stores.library.entry('stories260K')), stores.engine.error ?? '').toBe(true);
    consult = stores.consult;
    await consult.init();
    await consult.setSystemPrompt('Kiwi clinic rules.');
    await consult.setSampling({ temperature: 0, topP: 1, maxTokens: 16 });
    consult.draft = 'Quokka fever story';
    await consult.send();
    expect(consult.messages).toHaveLength(2);
  }, 120_000);
  afterAll(async () => {
    await wipeAll();
    await stores.engine.client.remote.unload();
  });

  test('turning on is refused, with the reason, until the passphrase is long enough, repeated, and the loss is understood', async () => {
    const before = await rawDump();
    expect(await consult.lock.turnOn('short', 'short', true)).toBe(false);
    expect(consult.lock.error).toContain('at least 8 characters');
    expect(await consult.lock.turnOn(PASSPHRASE, `${PASSPHRASE}!`, true)).toBe(false);
    expect(consult.lock.error).toContain('differ');
    expect(await consult.lock.turnOn(PASSPHRASE, PASSPHRASE, false)).toBe(false);
    expect(consult.lock.error).toContain('cannot be recovered');
    expect(consult.lock.status).toBe('off');
    expect(await rawDump()).toBe(before);
  });

  test('on: text is sealed at rest and still shown; a new message is saved sealed; a reload finds it locked', async () => {
    const shown = consult.messages.map((m) => m.content);
    expect(await consult.lock.turnOn(PASSPHRASE, PASSPHRASE, true)).toBe(true);
    expect(consult.lock.status).toBe('unlocked');
    expect(consult.current?.title).toBe('Quokka fever story');
    expect(consult.messages.map((m) => m.content)).toEqual(shown);
    consult.draft = 'Wombat rash follow-up';
    await consult.send();
    expect(consult.messages).toHaveLength(4);
    const raw = await rawDump();
    for (const secret of ['Quokka', 'Kiwi', 'Wombat', ...consult.messages.map((m) => m.content).filter((t) => t.length > 3)]) {
      expect(raw, secret).not.toContain(secret);
    }

    const reloaded = new ConsultStore(stores.engine, new PassphraseLock());
    await reloaded.init();
    expect(reloaded.lock.status).toBe('locked');
    expect(reloaded.lock.locked.consultations).toBe(1);
    expect(reloaded.list).toEqual([]);
  });

  test('a generative benchmark run while unlocked: the worker stores each answer sealed; the run opens with the key, and only with it', async () => {
    const { benchmarks } = stores;
    await benchmarks.init();
    benchmarks.pickSuite('medqa-usmle-4');
    Object.assign(benchmarks.form, { mode: 'generative', limit: 2, order: 'first', seed: 1234, maxTokens: 12 });
    await benchmarks.start();
    expect(benchmarks.error).toBeNull();
    const answers = benchmarks.open!.results.map((r) => r.generatedText ?? '');
    expect(answers.join('').trim().length).toBeGreaterThan(0);
    const raw = await rawDump();
    for (const answer of answers.filter((a) => a.trim().length > 3)) expect(raw, answer).not.toContain(answer);

    const runId = benchmarks.open!.run.id;
    await consult.lock.lockNow();
    expect(benchmarks.open).toBeNull();
    await benchmarks.openRun(runId);
    expect(benchmarks.error).toContain('benchmark answers are locked');
    benchmarks.dismiss();
    expect(await consult.lock.unlock(PASSPHRASE)).toBe(true);
    await benchmarks.openRun(runId);
    expect(benchmarks.open!.results.map((r) => r.generatedText ?? '')).toEqual(answers);
    await benchmarks.removeRun(runId);
  }, 120_000);

  /** Sends a long request and presses "Lock now" once `ready` holds; the reply must be stopped and saved sealed. */
  async function lockDuringReply(ready: () => void): Promise<void> {
    consult.draft = 'Tell me a long story.';
    const sending = consult.send();
    await vi.waitFor(ready, { timeout: 30_000, interval: 20 });
    await consult.lock.lockNow();
    await sending;
    expect(consult.lock.status).toBe('locked');
    expect(await rawDump()).not.toContain('long story');
    expect(await consult.lock.unlock(PASSPHRASE)).toBe(true);
    expect(consult.messages.at(-1)).toMatchObject({ role: 'assistant', status: 'stopped' });
    expect(consult.messages.at(-1)!.content.length).toBeGreaterThan(0);
  }

  test('"Lock now" stops a reply, whether it streams or has not begun, and saves it sealed', async () => {
    await consult.setSampling({ maxTokens: 1500 });
    await lockDuringReply(() => expect(consult.messages.at(-1)).toMatchObject({ role: 'assistant', content: expect.stringMatching(/./) }));
    // Pressed at once: the question is still being saved and the reply has not started.
    await lockDuringReply(() => undefined);
    expect(consult.messages).toHaveLength(8);
  });

  test('locked: nothing stays on screen, a message is refused and kept, a wrong passphrase is refused; the right one brings all back', async () => {
    await consult.lock.lockNow();
    expect(consult.lock.status).toBe('locked');
    expect([consult.list, consult.messages, consult.current, consult.systemPrompt]).toEqual([[], [], null, '']);

    consult.draft = 'Typed while locked';
    await consult.send();
    expect(consult.error).toContain('locked');
    expect(consult.draft).toBe('Typed while locked');

    expect(await consult.lock.unlock('correct horse batterY')).toBe(false);
    expect(consult.lock.error).toContain('Wrong passphrase');
    expect(consult.lock.status).toBe('locked');
    expect(await consult.lock.unlock(PASSPHRASE)).toBe(true);
    expect(consult.lock.error).toBeNull();
    expect(consult.systemPrompt).toBe('Kiwi clinic rules.');
    expect(consult.messages).toHaveLength(8);
  });

  test('a plain consultation imported while unlocked is sealed as soon as the page reads storage again', async () => {
    const data = await exportAll();
    const plain = { ...(data.stores.consultations[0] as object), id: 'imported', title: 'Platypus imported', updatedAt: 0 };
    await importAll({ ...data, stores: { ...data.stores, consultations: [...data.stores.consultations, plain] } });
    expect(await rawDump()).toContain('Platypus');
    await consult.init();
    expect(await rawDump()).not.toContain('Platypus');
    expect(consult.list.map((c) => c.title)).toContain('Platypus imported');
  });

  test('turning off needs the passphrase even while unlocked, and stores the text plain again', async () => {
    const before = await rawDump();
    expect(await consult.lock.turnOff('wrong passphrase')).toBe(false);
    expect(consult.lock.error).toContain('Wrong passphrase');
    expect(await rawDump()).toBe(before);
    expect(await consult.lock.turnOff(PASSPHRASE)).toBe(true);
    expect(consult.lock.status).toBe('off');
    expect(await rawDump()).toContain('Quokka fever story');
    expect(consult.messages.at(-1)).toMatchObject({ status: 'stopped' });
  });
});

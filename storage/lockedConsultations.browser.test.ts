import { beforeEach, describe, expect, test } from 'vitest';
import { LOCK_SETTING_KEY } from './consultationLock';
import { listConsultations, listMessages, patchConsultation, putConsultation, putMessage, putMessageIfKept } from './consultations';
import { exportAll, exportFromJson, exportToJson, importAll, wipeAll } from './dataExport';
import { db, STORE_NAMES } from './database';
import { getLock, turnOffLock, turnOnLock, unlockConsultations } from './lockedConsultations';
import type { Consultation, StoredMessage } from './records';

const PASSPHRASE = 'correct horse battery';
/** Words that appear only in the consultation's text, to look for in what is stored. */
const SECRETS = ['Zebrafish', 'troponin', 'Be brief and kind', 'engine fell over'];

const consultation: Consultation = {
  id: 'c1',
  title: 'Zebrafish allergy',
  modelId: 'stories260K',
  systemPrompt: 'Be brief and kind.',
  sampling: { temperature: 0.7, topP: 0.95, maxTokens: 256 },
  createdAt: 1,
  updatedAt: 2,
};
const messages: StoredMessage[] = [
  { id: 'm1', consultationId: 'c1', seq: 0, role: 'user', content: 'Chest pain, troponin 0.4 🫀', status: 'complete', createdAt: 1 },
  { id: 'm2', consultationId: 'c1', seq: 1, role: 'assistant', content: '', status: 'error', error: 'The engine fell over.', createdAt: 2 },
];

/** Every store as raw JSON text, keys included: what lies on disk, compared byte for byte. */
async function rawDump(): Promise<string> {
  const database = await db();
  const dump: Record<string, unknown> = {};
  for (const name of STORE_NAMES) dump[name] = [await database.getAllKeys(name), await database.getAll(name)];
  return JSON.stringify(dump);
}

function expectNoSecrets(text: string): void {
  for (const secret of SECRETS) expect(text.toLowerCase(), secret).not.toContain(secret.toLowerCase());
}

describe('passphrase lock over stored consultations (real IndexedDB)', () => {
  beforeEach(async () => {
    await wipeAll();
    await putConsultation(consultation);
    for (const m of messages) await putMessage(m);
  });

  test('turning the lock on encrypts every stored text at rest; the key opens it deep-equal; new text is sealed as written', async () => {
    expect(await rawDump()).toContain('troponin');
    const key = await turnOnLock(PASSPHRASE);
    expectNoSecrets(await rawDump());
    expect(await listConsultations(key)).toEqual([consultation]);
    expect(await listMessages('c1', key)).toEqual(messages);
    await expect(listConsultations()).rejects.toThrow('locked');

    // Written while unlocked: a new consultation, a reply, a rename.
    await putConsultation({ ...consultation, id: 'c2', title: 'Zebrafish again' }, key);
    await putMessageIfKept({ ...messages[0]!, id: 'm3', consultationId: 'c2', content: 'More troponin' }, key);
    await patchConsultation('c1', { title: 'Zebrafish, renamed' }, key);
    expectNoSecrets(await rawDump());
    expect((await listConsultations(key)).map((c) => c.title).sort()).toEqual(['Zebrafish again', 'Zebrafish, renamed']);

    // Plain text is refused while the lock is on, inside the writing transaction.
    await expect(putMessage({ ...messages[0]!, id: 'm4' })).rejects.toThrow('another tab');
    expect(await (await db()).get('messages', 'm4')).toBeUndefined();
  });

  test('a wrong passphrase is refused by the key check and leaves every record byte-identical', async () => {
    await turnOnLock(PASSPHRASE);
    const before = await rawDump();
    expect(await unlockConsultations('correct horse batterY')).toBeNull();
    expect(await turnOffLock('wrong passphrase')).toBe(false);
    await expect(turnOnLock('another passphrase')).rejects.toThrow('already on');
    expect(await rawDump()).toBe(before);

    // The right one turns the lock off: plain text back, deep-equal, and no lock left.
    expect(await turnOffLock(PASSPHRASE)).toBe(true);
    expect(await getLock()).toBeUndefined();
    expect(await listConsultations()).toEqual([consultation]);
    expect(await listMessages('c1')).toEqual(messages);
  });

  test('export → JSON → wipe → import: the locked consultation comes back byte for byte and opens with its passphrase', async () => {
    await turnOnLock(PASSPHRASE);
    const before = await exportAll();
    const text = await exportToJson(before);
    expectNoSecrets(text);
    const lock = (await getLock())!;
    expect(text).toContain(lock.kdf.salt);
    expect(lock.kdf.iterations).toBeGreaterThanOrEqual(600_000);

    await wipeAll();
    expect(await getLock()).toBeUndefined();
    await importAll(exportFromJson(text));
    const after = await exportAll();
    for (const name of STORE_NAMES) expect(after.stores[name], name).toEqual(before.stores[name]);

    expect(await unlockConsultations('wrong passphrase')).toBeNull();
    const key = await unlockConsultations(PASSPHRASE);
    expect(key).not.toBeNull();
    expect(await listConsultations(key)).toEqual([consultation]);
    expect(await listMessages('c1', key)).toEqual(messages);
  });

  test('hand-edited locked exports are refused with store, record and field, and nothing is written', async () => {
    await turnOnLock(PASSPHRASE);
    const data = JSON.parse(await exportToJson(await exportAll()));
    const lock = (await getLock())!;
    await wipeAll();
    const empty = await rawDump();
    const [c] = data.stores.consultations;
    const [m1, m2] = data.stores.messages;
    const edit = (stores: object) => ({ ...data, stores: { ...data.stores, ...stores } });

    await expect(importAll(edit({ consultations: [{ ...c, title: { ...c.title, iv: 'AAAA' } }] }))).rejects.toThrow(
      'store "consultations", record 1, title.iv: expected 12 bytes in base64, got "AAAA"',
    );
    await expect(importAll(edit({ messages: [m1, { ...m2, error: { iv: m2.error.iv } }] }))).rejects.toThrow(
      'store "messages", record 2, error.ciphertext: expected at least 16 bytes in base64',
    );
    const weak = { ...lock, kdf: { ...lock.kdf, iterations: 1000 } };
    await expect(importAll(edit({ settings: [[LOCK_SETTING_KEY, weak]] }))).rejects.toThrow(
      'store "settings", record 1, consultationLock.kdf.iterations: expected a whole number of at least 600000, got 1000',
    );
    await expect(importAll(edit({ settings: [] }))).rejects.toThrow(
      'store "consultations", record 1, title: locked text, but the export has no passphrase lock',
    );
    expect(await rawDump()).toBe(empty);
  });

  test('an export under a different lock is refused; plain consultations imported into a locked database are sealed at the next unlock', async () => {
    await turnOnLock(PASSPHRASE);
    const mine = await exportAll();
    await turnOffLock(PASSPHRASE);
    const plain = await exportAll();
    await turnOnLock('a different passphrase');
    const before = await rawDump();
    await expect(importAll(mine)).rejects.toThrow('different passphrase lock');
    expect(await rawDump()).toBe(before);

    await importAll({ ...plain, stores: { ...plain.stores, consultations: [{ ...consultation, id: 'c9' }], messages: [] } });
    expect(await rawDump()).toContain('Zebrafish');
    const key = await unlockConsultations('a different passphrase');
    expectNoSecrets(await rawDump());
    expect((await listConsultations(key)).map((c) => c.id).sort()).toEqual(['c1', 'c9']);
  });
});

import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { db } from '../../../storage/database';
import { putRun } from '../../../storage/runs';
import type { RunRecord } from '../../../storage/records';
import { buildStores, type Stores } from '../state/context';

function csv(rows: string[]): File {
  return new File([['id,question,A,B,C,D,answer', ...rows].join('\n') + '\n'], 'tricky.csv', { type: 'text/csv' });
}

describe('imports that share a name (defect 8) and stored records that are damaged (defect 5)', () => {
  let stores: Stores;
  beforeAll(async () => {
    stores = buildStores();
    await (await db()).clear('suites');
    await stores.bench.init();
  });

  test('a different tricky.csv gets a new id and name; the first, which runs point at, is kept unchanged', async () => {
    const { bench } = stores;
    expect(await bench.importSuite(csv(['q1,First?,a,b,c,d,A']))).toBe(true);
    const first = bench.suites.find((s) => s.custom && s.name === 'tricky')!;
    expect(await bench.importSuite(csv(['q1,Second?,a,b,c,d,B']))).toBe(true);
    const custom = bench.suites.filter((s) => s.custom);
    expect(custom.map((s) => s.name).sort()).toEqual(['tricky', 'tricky (2)']);
    expect(new Set(custom.map((s) => s.id)).size).toBe(2);
    expect(custom.find((s) => s.id === first.id)).toEqual(first);
    expect(custom.every((s) => s.id.startsWith('custom:'))).toBe(true);
    // The same file again is the same suite, not a third one.
    expect(await bench.importSuite(csv(['q1,First?,a,b,c,d,A']))).toBe(true);
    expect(bench.suites.filter((s) => s.custom)).toHaveLength(2);
  });

  test('a suite file whose header takes a shipped id is stored under its own id, beside the shipped suite', async () => {
    const { bench } = stores;
    const shadow = [
      JSON.stringify({ suite: 'medqa-usmle-4', name: 'Shadow', version: 1, source: 's', licence: 'l', count: 1 }),
      JSON.stringify({ id: 'x1', question: 'Q?', options: { A: 'a', B: 'b' }, answer: 'A' }),
    ].join('\n');
    expect(await bench.importSuite(new File([shadow], 'shadow.jsonl'))).toBe(true);
    const ids = bench.suites.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(bench.suites.find((s) => s.id === 'medqa-usmle-4')?.custom).toBe(false);
    expect(bench.suites.find((s) => s.name === 'Shadow')?.id).toMatch(/^custom:medqa-usmle-4:/);
  });

  test('a stored run with suite and itemIds null is listed as damaged; the page loads every sound run', async () => {
    const broken = { id: 'broken-run', status: 'completed', suite: null, itemIds: null, startedAt: 1 } as unknown as RunRecord;
    await putRun(broken);
    const later = buildStores().bench;
    await later.init();
    expect(later.error).toBeNull();
    expect(later.runs.some((r) => r.id === 'broken-run')).toBe(false);
    expect(later.damaged).toEqual([
      expect.objectContaining({ store: 'runs', id: 'broken-run', problem: expect.stringContaining('config') }),
    ]);
    await later.removeDamaged(later.damaged[0]!);
    expect(await (await db()).get('runs', 'broken-run')).toBeUndefined();
  });

  test('a second local copy.gguf with other bytes is a second model, not a replacement', async () => {
    const { library } = stores;
    const bytes = new Uint8Array(await (await fetch('/models/stories260K/stories260K.gguf')).arrayBuffer());
    const a = new File([bytes], 'copy.gguf');
    const b = new File([bytes, new Uint8Array(16)], 'copy.gguf');
    const input = (f: File) => ({ kind: 'gguf-file' as const, fileName: f.name, sizeBytes: f.size });
    expect(await library.addCustom(input(a), a)).toBeNull();
    const firstId = library.selectedId;
    expect(await library.addCustom(input(b), b)).toBeNull();
    const secondId = library.selectedId;
    expect(secondId).not.toBe(firstId);
    expect(library.entry(firstId)).toBeTruthy();
    expect(library.entry(secondId)).toBeTruthy();
    await library.removeCustom(firstId);
    await library.removeCustom(secondId);
  });
});

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

  test('defect 1: a message sent while the model loads waits, visibly, and is answered once it is ready', async () => {
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

  test('defect 7: while a reply streams, Send keeps the draft and says why', async () => {
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

  test('defect 10: a message too long even alone is refused with its token count and the limit, and put back in the box', async () => {
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

  test('defect 10: a consultation longer than the context drops its oldest turns, marks where the view begins, and answers', async () => {
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

import { beforeEach, describe, expect, test } from 'vitest';
import { listComparisons, putComparison } from './comparisons';
import { listConsultations, listMessages, patchConsultation, putConsultation, putMessage, putMessageIfKept } from './consultations';
import { exportAll, exportFromJson, exportToJson, importAll, wipeAll } from './dataExport';
import { db, STORE_NAMES } from './database';
import { listLessons, putLesson } from './lessons';
import { countLocked, getLock, turnOffLock, turnOnLock, unlock } from './lockedStores';
import { LOCK_SETTING_KEY, type LockKey } from './passphraseLock';
import type { ComparisonRecord, Consultation, Contestant, LessonRecord, StoredItemResult, StoredMessage, VoteRecord } from './records';
import { listResults, putResult } from './runs';
import { openRecord } from './sealedRecords';
import { addVotes, listVoteOutcomes } from './votes';
import { listOpenResults, putOpenResult, type StoredOpenResult } from './openRuns';
import { listGrades, putGrades } from './grades';
import type { Grade } from '../core/openEnded';
import { listEndpoints, openEndpoint, putEndpoint } from './endpoints';
import type { EndpointRecord } from './records';

const PASSPHRASE = 'correct horse battery';
/** Words that appear only in what was typed or generated, one set per store, to look for in what is stored. */
const SECRETS = [
  ...['Zebrafish', 'troponin', 'Be brief and kind', 'engine fell over'],
  ...['Okapi', 'pulse oximeter', 'Talk like a pirate', 'sepsis bundle', 'out of memory'],
  ...['Capybara cough', 'inhaled steroid', 'nebulised saline', 'Answer in French'],
  ...['Axolotl', 'ward round on Monday'],
  ...['Pangolin nephritis'],
  ...['Wombat rash', 'Quokka criterion'],
  ...['sk-Platypus-7731'],
  ...['Tapir reasoning', 'Narwhal reasoning'],
];

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
  {
    id: 'm2',
    consultationId: 'c1',
    seq: 1,
    role: 'assistant',
    content: '',
    status: 'error',
    reasoning: 'Tapir reasoning first.',
    error: 'The engine fell over.',
    createdAt: 2,
  },
];
const contestant = (id: string, systemPrompt: string): Contestant => ({
  id,
  label: `TinyStories 260K (test model) · T 0.7${systemPrompt ? ' · system prompt' : ''}`,
  modelId: 'stories260K',
  sampling: { temperature: 0.7, topP: 0.95, maxTokens: 64 },
  systemPrompt,
});
const comparison: ComparisonRecord = {
  id: 'cmp1',
  title: 'Okapi with low pulse oximeter',
  contestants: [contestant('k1', 'Talk like a pirate.'), contestant('k2', '')],
  turns: [
    {
      prompt: 'Okapi with low pulse oximeter reading',
      replies: [
        { contestantId: 'k1', content: 'Start the sepsis bundle, matey.', status: 'complete', reasoning: 'Narwhal reasoning first.' },
        { contestantId: 'k2', content: '', status: 'error', error: 'The worker ran out of memory.' },
      ],
      execution: 'sequential',
    },
  ],
  createdAt: 3,
  updatedAt: 4,
};
const vote: VoteRecord = {
  id: 'v1',
  modelA: contestant('k3', 'x').label,
  modelB: contestant('k4', '').label,
  winner: 'model_a',
  prompt: 'Capybara cough at night',
  replyA: 'Try an inhaled steroid.',
  replyB: 'Try nebulised saline.',
  sideSeed: 7,
  timestamp: 5,
  contestants: { a: contestant('k3', 'Answer in French.'), b: contestant('k4', '') },
};
const lesson: LessonRecord = {
  id: 'l1',
  title: 'Axolotl week',
  modelId: 'stories260K',
  suiteId: 'medqa-usmle-4',
  itemIds: ['medqa-usmle-4/0002', 'medqa-usmle-4/0001'],
  notes: { 'medqa-usmle-4/0001': 'Ask on the ward round on Monday.' },
  createdAt: 6,
  updatedAt: 7,
};
/** A generative benchmark answer (the model's text) next to a log-probability one (none). */
const results: StoredItemResult[] = [true, false].map((generative, index) => ({
  runId: 'run1',
  itemId: `medqa-usmle-4/000${index + 1}`,
  index,
  subject: null,
  mode: generative ? 'generative' : 'letter-logprob',
  prompt: 'Question: which nephron segment? Answer:',
  pred: 'B',
  gold: 'B',
  correct: true,
  predNorm: generative ? null : 'B',
  correctNorm: generative ? null : true,
  probs: generative ? null : { A: 0.1, B: 0.9 },
  logprobs: generative ? null : { A: -2.3, B: -0.1 },
  generatedText: generative ? 'Pangolin nephritis points to B.' : null,
  finishReason: generative ? 'stop' : null,
  invalid: false,
  latencyMs: 10,
  timeToFirstTokenMs: null,
  promptTokens: null,
  completionTokens: null,
}));

/** An open-ended answer (model text) and one that failed (none). */
const openResults: StoredOpenResult[] = [
  {
    runId: 'open1',
    itemId: 'o1',
    index: 0,
    prompt: [{ role: 'user', content: 'What is this rash?' }],
    answer: 'Wombat rash, most likely.',
    finishReason: 'stop',
    metrics: { 'rouge-l': 0.25 },
    latencyMs: 12,
    timeToFirstTokenMs: 3,
    promptTokens: 7,
    completionTokens: 5,
  },
  {
    runId: 'open1',
    itemId: 'o2',
    index: 1,
    prompt: [{ role: 'user', content: 'And this one?' }],
    answer: null,
    finishReason: null,
    metrics: {},
    latencyMs: 1,
    timeToFirstTokenMs: null,
    promptTokens: null,
    completionTokens: null,
    error: 'The prompt is longer than the context window.',
  },
];
/** A judge's verdict with its explanation (model text), and a person's rating without a note. */
const grades: Grade[] = [
  {
    kind: 'criterion',
    runId: 'open1',
    itemId: 'o1',
    criterion: 0,
    grader: { kind: 'judge', model: 'stories260K', prompt: { id: 'healthbench-grader-json', version: 1 } },
    verdict: 'met',
    explanation: 'The Quokka criterion is met.',
    attempts: 1,
    at: '2026-01-01T00:00:00.000Z',
  },
  {
    kind: 'rating',
    runId: 'open1',
    itemId: 'o1',
    grader: { kind: 'person', name: 'Ana' },
    scores: { accuracy: 4, completeness: 3, clarity: 5 },
    explanation: null,
    at: '2026-01-01T00:00:01.000Z',
  },
];

/** A model on a server the user added, with its API key: a credential, sealed like typed text. */
const endpoint: EndpointRecord = {
  id: 'endpoint:http://10.0.0.5:8000#m',
  name: 'm on 10.0.0.5:8000',
  baseUrl: 'http://10.0.0.5:8000',
  host: '10.0.0.5:8000',
  modelId: 'm',
  apiKey: 'sk-Platypus-7731',
  probe: {
    host: '10.0.0.5:8000',
    baseUrl: 'http://10.0.0.5:8000',
    server: { kind: 'vllm', version: '0.9.1' },
    modelId: 'm',
    precision: { dtype: 'bfloat16' },
    capabilities: { chat: { ok: true }, streaming: { ok: true }, 'letter-logprob': { ok: true }, 'option-logprob': { ok: true } },
    concurrency: 4,
  },
  addedAt: 8,
};

async function storeAll(key: LockKey | null): Promise<void> {
  await putConsultation(consultation, key);
  for (const m of messages) await putMessage(m, key);
  await putComparison(comparison, key);
  await addVotes([vote], key);
  await putLesson(lesson, key);
  for (const { runId, ...r } of results) await putResult(runId, r, key);
  for (const { runId, ...r } of openResults) await putOpenResult(runId, r, key);
  await putGrades(grades, key);
  await putEndpoint(endpoint, key);
}

/** Everything as the app reads it back with `key`. */
async function readAll(key: LockKey | null) {
  const database = await db();
  return {
    consultations: await listConsultations(key),
    messages: await listMessages('c1', key),
    comparisons: await listComparisons(key),
    votes: await Promise.all((await database.getAll('votes')).map((v) => openRecord('votes', v, key))),
    lessons: await listLessons(key),
    results: await listResults('run1', key),
    openResults: await listOpenResults('open1', key),
    grades: await listGrades('open1', key),
    endpoints: await Promise.all((await listEndpoints()).map((e) => openEndpoint(e, key))),
  };
}

const everything = {
  consultations: [consultation],
  messages,
  comparisons: [comparison],
  votes: [vote],
  lessons: [lesson],
  results,
  openResults,
  grades,
  endpoints: [endpoint],
};

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

describe('passphrase lock over every store of typed and generated text (real IndexedDB)', () => {
  beforeEach(async () => {
    await wipeAll();
    await storeAll(null);
  });

  test('turning the lock on seals every typed and generated text in every store and in the export; the key opens all of it deep-equal', async () => {
    const plain = await rawDump();
    for (const secret of SECRETS) expect(plain.toLowerCase(), secret).toContain(secret.toLowerCase());
    const key = await turnOnLock(PASSPHRASE);
    expectNoSecrets(await rawDump());
    expectNoSecrets(await exportToJson(await exportAll()));
    expect(await readAll(key)).toEqual(everything);

    // Locked: each store's text is refused without the key, and what the lock hides is counted per store.
    for (const read of [listConsultations, listComparisons, listLessons]) await expect(read(null)).rejects.toThrow('locked');
    await expect(listResults('run1', null)).rejects.toThrow('benchmark answers are locked');
    await expect(listOpenResults('open1', null)).rejects.toThrow('open-ended answers are locked');
    await expect(listGrades('open1', null)).rejects.toThrow('grade explanations are locked');
    await expect(openEndpoint((await listEndpoints())[0]!, null)).rejects.toThrow('API keys are locked');
    // Where the text goes stays readable: the lists show the endpoint while locked.
    expect(await listEndpoints()).toMatchObject([{ host: '10.0.0.5:8000', apiKey: { iv: expect.any(String) } }]);
    expect(await countLocked()).toEqual({
      consultations: 1,
      messages: 2,
      comparisons: 1,
      votes: 1,
      lessons: 1,
      results: 1,
      openResults: 1,
      grades: 1,
      endpoints: 1,
    });
    // What ratings read of a vote is plain, so ratings show while locked.
    expect(await listVoteOutcomes()).toEqual([{ id: 'v1', modelA: vote.modelA, modelB: vote.modelB, winner: 'model_a', timestamp: 5 }]);

    // Written while unlocked: every store seals as it writes.
    await wipeAll();
    await turnOnLock(PASSPHRASE).then(storeAll);
    expectNoSecrets(await rawDump());
  });

  test('consultations: new text is sealed as written; plain text is refused while the lock is on', async () => {
    const key = await turnOnLock(PASSPHRASE);
    // Written while unlocked: a new consultation, a reply, a rename.
    await putConsultation({ ...consultation, id: 'c2', title: 'Zebrafish again' }, key);
    await putMessageIfKept({ ...messages[0]!, id: 'm3', consultationId: 'c2', content: 'More troponin' }, key);
    await patchConsultation('c1', { title: 'Zebrafish, renamed' }, key);
    expectNoSecrets(await rawDump());
    expect((await listConsultations(key)).map((c) => c.title).sort()).toEqual(['Zebrafish again', 'Zebrafish, renamed']);

    // Plain text is refused while the lock is on, inside the writing transaction, in every store.
    await expect(putMessage({ ...messages[0]!, id: 'm4' })).rejects.toThrow('has not been unlocked');
    await expect(putLesson({ ...lesson, id: 'l2' }, null)).rejects.toThrow('has not been unlocked');
    await expect(putResult('run1', { ...results[0]!, itemId: 'x' }, null)).rejects.toThrow('has not been unlocked');
    expect(await (await db()).get('messages', 'm4')).toBeUndefined();
    expect(await (await db()).get('lessons', 'l2')).toBeUndefined();
    // A result with no generated text holds nothing to seal: a log-probability run needs no key.
    await putResult('run1', { ...results[1]!, itemId: 'y' }, null);
  });

  test('a wrong passphrase is refused by the key check and leaves every record byte-identical', async () => {
    await turnOnLock(PASSPHRASE);
    const before = await rawDump();
    expect(await unlock('correct horse batterY')).toBeNull();
    expect(await turnOffLock('wrong passphrase')).toBe(false);
    await expect(turnOnLock('another passphrase')).rejects.toThrow('already on');
    expect(await rawDump()).toBe(before);

    // The right one turns the lock off: plain text back, deep-equal, and no lock left.
    expect(await turnOffLock(PASSPHRASE)).toBe(true);
    expect(await getLock()).toBeUndefined();
    expect(await readAll(null)).toEqual(everything);
    expect(await rawDump()).toContain('Pangolin');
  });

  test('export → JSON → wipe → import: every locked record comes back byte for byte and opens with its passphrase', async () => {
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

    expect(await unlock('wrong passphrase')).toBeNull();
    const key = await unlock(PASSPHRASE);
    expect(key).not.toBeNull();
    // Everything but the API key, which no export carries, sealed or not: the endpoint asks for it again.
    const { apiKey: _key, ...keyless } = endpoint;
    expect(await readAll(key)).toEqual({ ...everything, endpoints: [{ ...keyless, apiKeyLeftOut: true }] });
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
    // Deep in a record, the path names the very text.
    const [cmp] = data.stores.comparisons;
    const reply = { ...cmp.turns[0].replies[0], content: { ...cmp.turns[0].replies[0].content, ciphertext: 'AAAA' } };
    const broken = { ...cmp, turns: [{ ...cmp.turns[0], replies: [reply, cmp.turns[0].replies[1]] }] };
    await expect(importAll(edit({ comparisons: [broken] }))).rejects.toThrow(
      'store "comparisons", record 1, turns[0].replies[0].content.ciphertext: expected at least 16 bytes in base64, got "AAAA"',
    );
    const [l] = data.stores.lessons;
    await expect(importAll(edit({ lessons: [{ ...l, notes: { 'medqa-usmle-4/0001': 42 } }] }))).rejects.toThrow(
      'store "lessons", record 1, notes.medqa-usmle-4/0001: expected text, got 42',
    );
    await expect(importAll(edit({ settings: [], consultations: [], messages: [] }))).rejects.toThrow(
      'store "comparisons", record 1, title: locked text, but the export has no passphrase lock',
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
    const key = await unlock('a different passphrase');
    expectNoSecrets(await rawDump());
    expect((await listConsultations(key)).map((c) => c.id).sort()).toEqual(['c1', 'c9']);
  });
});

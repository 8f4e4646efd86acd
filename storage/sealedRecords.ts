import { db, type BedsideSchema, type StoreName } from './database';
import { LOCK_SETTING_KEY, openText, sealText, type LockKey, type LockRecord, type SealedText } from './passphraseLock';
import type {
  ComparisonRecord,
  Consultation,
  EndpointRecord,
  LessonRecord,
  StoredItemResult,
  StoredMessage,
  StoredText,
  VoteRecord,
} from './records';
import type { StoredGrade } from './grades';
import type { StoredOpenResult } from './openRuns';

/**
 * Where each store keeps text a user typed or a model wrote. While the passphrase lock is on, every value
 * at these paths is stored sealed; the rest (ids, times, contestant labels, winners, scores, model ids)
 * stays plain, so indexes, sorting and ratings work without the key. A path is field names joined by
 * dots: `name[]` walks every element of a list, `*` every value of an object.
 *
 * Left plain on purpose (README, Privacy): imported suites and what is built from them (benchmark
 * prompts, a lesson's carried items) and run files imported for the leaderboard are copies of files the
 * user holds, kept as they came; run and engine error messages hold no user text.
 */
export const SEALED_TEXT = {
  consultations: ['title', 'systemPrompt'],
  messages: ['content', 'reasoning', 'error'],
  comparisons: [
    'title',
    'contestants[].systemPrompt',
    'turns[].prompt',
    'turns[].replies[].content',
    'turns[].replies[].reasoning',
    'turns[].replies[].error',
  ],
  votes: ['prompt', 'replyA', 'replyB', 'contestants.a.systemPrompt', 'contestants.b.systemPrompt'],
  lessons: ['title', 'notes.*'],
  results: ['generatedText'],
  openResults: ['answer'],
  grades: ['explanation'],
  // Not text a user wrote, but a credential: sealed like it, and never exported at all (dataExport.ts).
  endpoints: ['apiKey'],
} as const satisfies Partial<Record<StoreName, readonly string[]>>;

export type SealedStore = keyof typeof SEALED_TEXT;
export const SEALED_STORES = Object.keys(SEALED_TEXT) as SealedStore[];

/** Each sealed store's records with every text open, as the app uses them. */
export interface OpenRecord {
  consultations: Consultation;
  messages: StoredMessage;
  comparisons: ComparisonRecord;
  votes: VoteRecord;
  lessons: LessonRecord;
  results: StoredItemResult;
  openResults: StoredOpenResult;
  grades: StoredGrade;
  endpoints: EndpointRecord;
}

/** A record as IndexedDB holds it: any of its texts may be sealed. */
export type RecordAtRest<S extends SealedStore> = BedsideSchema[S]['value'];

/** What a locked store holds, as its error names it. */
const HOLDS: Record<SealedStore, string> = {
  consultations: 'consultations',
  messages: 'consultations',
  comparisons: 'side-by-side comparisons',
  votes: 'arena votes',
  lessons: 'lessons',
  results: 'benchmark answers',
  openResults: 'open-ended answers',
  grades: 'grade explanations',
  endpoints: 'API keys',
};

/** Reading sealed text without the session's key. */
export class LockedError extends Error {
  constructor(store: SealedStore) {
    super(`These ${HOLDS[store]} are locked: unlock them with your passphrase first.`);
    this.name = 'LockedError';
  }
}

type Step = string | number;

interface TextAt {
  at: Step[];
  text: StoredText;
}

function collect(value: unknown, segments: readonly string[], at: Step[], out: TextAt[]): void {
  if (segments.length === 0) {
    // Absent optional text (no error, no generated answer) is not text to seal.
    if (value !== undefined && value !== null) out.push({ at, text: value as StoredText });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const [head, ...rest] = segments as [string, ...string[]];
  const fields = value as Record<string, unknown>;
  if (head === '*') {
    for (const [name, v] of Object.entries(fields)) collect(v, rest, [...at, name], out);
  } else if (head.endsWith('[]')) {
    const name = head.slice(0, -2);
    const list = fields[name];
    if (Array.isArray(list)) list.forEach((v, i) => collect(v, rest, [...at, name, i], out));
  } else {
    collect(fields[head], rest, [...at, head], out);
  }
}

/** Every text a record holds, plain or sealed, with where it lies. */
function textsOf(store: SealedStore, record: unknown): TextAt[] {
  const out: TextAt[] = [];
  for (const path of SEALED_TEXT[store]) collect(record, path.split('.'), [], out);
  return out;
}

function pathName(at: readonly Step[]): string {
  return at.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
}

/** A copy of `record` with each of `texts` changed; the record itself when there is nothing to change. */
async function replaced<T>(record: T, texts: readonly TextAt[], change: (text: StoredText) => Promise<StoredText>): Promise<T> {
  if (texts.length === 0) return record;
  const values = await Promise.all(texts.map((t) => change(t.text)));
  const copy = structuredClone(record);
  texts.forEach(({ at }, i) => {
    let holder = copy as Record<Step, unknown>;
    for (const step of at.slice(0, -1)) holder = holder[step] as Record<Step, unknown>;
    holder[at.at(-1)!] = values[i];
  });
  return copy;
}

/** Seals whatever text of the record is still plain; a record with nothing plain comes back as it was. */
export async function sealRecord<S extends SealedStore>(store: S, record: RecordAtRest<S>, key: LockKey): Promise<RecordAtRest<S>> {
  const plain = textsOf(store, record).filter((t) => typeof t.text === 'string');
  return replaced(record, plain, (text) => sealText(key, text as string));
}

/** Opens every sealed text of the record; without a key, a record holding any is refused (LockedError). */
export async function openRecord<S extends SealedStore>(store: S, record: RecordAtRest<S>, key: LockKey | null): Promise<OpenRecord[S]> {
  const sealed = textsOf(store, record).filter((t) => typeof t.text !== 'string');
  if (sealed.length > 0 && !key) throw new LockedError(store);
  return (await replaced(record, sealed, (text) => openText(key!, text as SealedText))) as OpenRecord[S];
}

/** What a writer stores: the record sealed while the page holds a key, as it is while the lock is off. */
export async function sealedForKey<S extends SealedStore>(store: S, record: OpenRecord[S], key: LockKey | null): Promise<RecordAtRest<S>> {
  const atRest = record as RecordAtRest<S>;
  return key ? sealRecord(store, atRest, key) : atRest;
}

/** Every value the record holds where text belongs, with its path (`turns[0].prompt`): for schema checks. */
export function storedTexts(store: SealedStore, record: unknown): [path: string, value: unknown][] {
  return textsOf(store, record).map((t) => [pathName(t.at), t.text]);
}

export function isSealedStore(store: StoreName): store is SealedStore {
  return store in SEALED_TEXT;
}

/** Where the record holds sealed text first (as `turns[0].prompt`), or null when it holds none. */
export function firstSealedText(store: SealedStore, record: unknown): string | null {
  const found = textsOf(store, record).find((t) => typeof t.text !== 'string');
  return found ? pathName(found.at) : null;
}

/**
 * Refuses a write whose key does not fit the stored lock, inside the writing transaction: plain text
 * while the lock is on would lie unprotected, and text sealed with a key another tab has since replaced
 * could never be opened. A record with no text to seal (a log-probability result) needs no key.
 */
export async function refuseUnfitKey(
  settings: { get(key: string): Promise<unknown> },
  key: LockKey | null,
  store: SealedStore,
  stored: unknown,
): Promise<void> {
  const lock = (await settings.get(LOCK_SETTING_KEY)) as LockRecord | undefined;
  if (key && lock?.kdf.salt !== key.salt) {
    throw new Error('The passphrase lock was turned on, off or changed in another tab. Reload this page, then try again.');
  }
  // An empty text (a battle imported without its prompt) says nothing, so it needs no key either.
  if (!key && lock && textsOf(store, stored).some((t) => typeof t.text === 'string' && t.text !== '')) {
    throw new Error(
      'The passphrase lock is on, and this page has not been unlocked (or the lock was turned on in another tab). Unlock it with your passphrase, then try again.',
    );
  }
}

/** Stores one record of a sealed store: sealed while the page holds a key, and checked against the lock in the same transaction. */
export async function putSealed<S extends SealedStore>(store: S, record: OpenRecord[S], key: LockKey | null): Promise<void> {
  const stored = await sealedForKey(store, record, key);
  const tx = (await db()).transaction([store, 'settings'], 'readwrite');
  await refuseUnfitKey(tx.objectStore('settings'), key, store, stored);
  await tx.objectStore(store).put(stored);
  await tx.done;
}

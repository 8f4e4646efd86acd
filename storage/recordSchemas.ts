import { IV_BYTES, LOCK_SETTING_KEY, PBKDF2_ITERATIONS, SALT_BYTES } from './passphraseLock';
import type { StoreName } from './database';
import { isSealedStore, storedTexts } from './sealedRecords';
import { CUSTOM_SUITE_PREFIX } from '../core/customSuite';
import { servedModelId } from '../core/catalogEntry';
import { graderKey, OPEN_METRICS, REFERENCE_METRICS, type GraderRef } from '../core/openEnded';

/**
 * The shape every stored record must have, per store: checked before an import writes anything, and
 * by views before they trust a record read back. Checks what the app reads, and allows more (records of
 * a store still being refined carry extra fields).
 */
type Check = (value: unknown, path: string) => string | null;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const str: Check = (v, p) => (typeof v === 'string' ? null : `${p}: expected text, got ${describe(v)}`);
const num: Check = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? null : `${p}: expected a number, got ${describe(v)}`);
const bool: Check = (v, p) => (typeof v === 'boolean' ? null : `${p}: expected true or false, got ${describe(v)}`);
const anyObject: Check = (v, p) => (isObject(v) ? null : `${p}: expected an object, got ${describe(v)}`);
const blob: Check = (v, p) => (v instanceof Blob ? null : `${p}: expected a file, got ${describe(v)}`);

function optional(check: Check): Check {
  return (v, p) => (v === undefined || v === null ? null : check(v, p));
}

function oneOf(...allowed: string[]): Check {
  return (v, p) =>
    typeof v === 'string' && allowed.includes(v) ? null : `${p}: expected one of ${allowed.join(', ')}, got ${describe(v)}`;
}

function listOf(check: Check): Check {
  return (v, p) => {
    if (!Array.isArray(v)) return `${p}: expected a list, got ${describe(v)}`;
    for (let i = 0; i < v.length; i++) {
      const e = check(v[i], `${p}[${i}]`);
      if (e) return e;
    }
    return null;
  };
}

function recordOf(check: Check): Check {
  return (v, p) => {
    if (!isObject(v)) return `${p}: expected an object, got ${describe(v)}`;
    for (const [k, x] of Object.entries(v)) {
      const e = check(x, `${p}.${k}`);
      if (e) return e;
    }
    return null;
  };
}

function shape(fields: Record<string, Check>, extra?: (v: Record<string, unknown>, p: string) => string | null): Check {
  return (v, p) => {
    if (!isObject(v)) return `${p}: expected an object, got ${describe(v)}`;
    for (const [k, check] of Object.entries(fields)) {
      const e = check(v[k], p ? `${p}.${k}` : k);
      if (e) return e;
    }
    return extra?.(v, p) ?? null;
  };
}

/** Base64 text of exactly `bytes` bytes, or of at least `min` bytes. */
function base64({ bytes, min = 0 }: { bytes?: number; min?: number }): Check {
  const what = bytes === undefined ? `at least ${min} bytes` : `${bytes} bytes`;
  return (v, p) => {
    const valid = typeof v === 'string' && v.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(v);
    const length = valid ? (v.length / 4) * 3 - (v.match(/=*$/)?.[0].length ?? 0) : -1;
    return valid && (bytes === undefined ? length >= min : length === bytes)
      ? null
      : `${p}: expected ${what} in base64, got ${describe(v)}`;
  };
}

/** Text sealed by the passphrase lock: a fresh AES-GCM nonce, and ciphertext at least as long as its 16-byte tag. */
const sealed = shape({ iv: base64({ bytes: IV_BYTES }), ciphertext: base64({ min: 16 }) });

/** What the user typed or the model wrote: plain text, or sealed. */
const text: Check = (v, p) => (isObject(v) ? sealed(v, p) : str(v, p));

const lockRecord = shape({
  version: (v, p) => (v === 1 ? null : `${p}: expected 1, got ${describe(v)}`),
  kdf: shape({
    name: oneOf('PBKDF2'),
    hash: oneOf('SHA-256'),
    iterations: (v, p) =>
      Number.isInteger(v) && (v as number) >= PBKDF2_ITERATIONS
        ? null
        : `${p}: expected a whole number of at least ${PBKDF2_ITERATIONS}, got ${describe(v)}`,
    salt: base64({ bytes: SALT_BYTES }),
  }),
  check: sealed,
});

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return v.length > 30 ? `"${v.slice(0, 27)}…"` : `"${v}"`;
  return typeof v === 'object' ? 'an object' : String(v);
}

const suiteItem = shape({ id: str, question: str, options: recordOf(str), answer: str, subject: optional(str), context: optional(str) });

const chatMessage = shape({ role: oneOf('system', 'user', 'assistant'), content: str });

const openItem = shape({
  id: str,
  prompt: (v, p) => (Array.isArray(v) ? listOf(chatMessage)(v, p) : str(v, p)),
  references: optional(listOf(str)),
  rubric: optional(listOf(shape({ criterion: str, points: num, tags: listOf(str) }))),
  tags: optional(listOf(str)),
});

const grader = shape({ kind: oneOf('person', 'judge') }, (v, p) =>
  v.kind === 'person'
    ? str(v.name, `${p}.name`)
    : (str(v.model, `${p}.model`) ?? shape({ id: str, version: num })(v.prompt, `${p}.prompt`)),
);

/** A grade's kind-specific fields, and its stored key parts agreeing with what it says. */
function gradeFields(v: Record<string, unknown>, p: string): string | null {
  const at = (field: string) => (p ? `${p}.${field}` : field);
  const kindProblem =
    v.kind === 'criterion'
      ? (oneOf('met', 'not-met', 'ungraded')(v.verdict, at('verdict')) ??
        (Number.isInteger(v.criterion) && (v.criterion as number) >= 0
          ? null
          : `${at('criterion')}: expected a criterion's position (0 or more), got ${describe(v.criterion)}`))
      : v.criterion === -1
        ? optional(recordOf(num))(v.scores, at('scores'))
        : `${at('criterion')}: expected -1 for a rating, got ${describe(v.criterion)}`;
  if (kindProblem) return kindProblem;
  const expected = graderKey(v.grader as GraderRef);
  return v.graderKey === expected
    ? null
    : `${at('graderKey')}: expected ${describe(expected)} for its grader, got ${describe(v.graderKey)}`;
}

const runProvenance = {
  suite: shape({ id: str, name: str, version: num, sha256: str, source: str, licence: str, custom: bool }),
  model: shape({ id: str, name: str, source: str, backend: str, quant: str, engineVersion: str, threads: num }),
  env: anyObject,
};

/** The host shown as where text goes must be the one the base URL reaches, and the id must name both. */
function endpointPlace(v: Record<string, unknown>, p: string): string | null {
  const at = (field: string) => (p ? `${p}.${field}` : field);
  let url: URL;
  try {
    url = new URL(String(v.baseUrl));
  } catch {
    return `${at('baseUrl')}: expected an http:// or https:// URL, got ${describe(v.baseUrl)}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `${at('baseUrl')}: expected an http:// or https:// URL, got ${describe(v.baseUrl)}`;
  if (url.host !== v.host) return `${at('host')}: expected ${describe(url.host)}, the base URL's host, got ${describe(v.host)}`;
  const id = servedModelId(String(v.baseUrl), String(v.modelId));
  return v.id === id ? null : `${at('id')}: expected ${describe(id)}, got ${describe(v.id)}`;
}

export const RECORD_SCHEMAS: Record<StoreName, Check> = {
  consultations: shape({
    id: str,
    title: text,
    modelId: str,
    systemPrompt: text,
    sampling: shape({ temperature: num, topP: num, maxTokens: num }),
    createdAt: num,
    updatedAt: num,
    viewStartId: optional(str),
  }),
  messages: shape({
    id: str,
    consultationId: str,
    seq: num,
    role: oneOf('system', 'user', 'assistant'),
    content: text,
    status: oneOf('complete', 'streaming', 'stopped', 'interrupted', 'error'),
    modelId: optional(str),
    usage: optional(anyObject),
    sentTo: optional(str),
    error: optional(text),
    createdAt: num,
  }),
  runs: shape({
    id: str,
    status: oneOf('running', 'cancelled', 'completed', 'failed'),
    config: shape({ suite: shape({ id: str, version: num, sha256: str }), prompt: shape({ id: str, hash: str }), mode: str }),
    suite: shape({ id: str, name: str, version: num, sha256: str, source: str, licence: str, custom: bool }),
    model: shape({ id: str, name: str, source: str, backend: str, quant: str, engineVersion: str, threads: num }),
    env: anyObject,
    itemIds: listOf(str),
    startedAt: num,
    endedAt: optional(num),
    error: optional(str),
  }),
  results: shape({
    runId: str,
    itemId: str,
    index: num,
    mode: str,
    prompt: str,
    gold: str,
    correct: bool,
    invalid: bool,
    latencyMs: num,
  }),
  suites: shape(
    {
      id: str,
      header: shape({ suite: str, version: num, name: str, source: str, licence: str, sha256_of_source: str, count: num }),
      items: listOf(suiteItem),
      fileName: str,
      importedAt: num,
    },
    (v, p) =>
      String(v.id).startsWith(CUSTOM_SUITE_PREFIX)
        ? null
        : `${p}.id: an imported suite's id must start with "${CUSTOM_SUITE_PREFIX}", got ${describe(v.id)}`,
  ),
  models: shape({
    id: str,
    entry: shape({ id: str, name: str, backend: oneOf('wllama', 'webllm'), url: str, quant: str, contextSize: num }),
    file: optional(blob),
    files: optional(listOf(blob)),
    fileMissing: optional(shape({ name: str, sizeBytes: num })),
  }),
  votes: shape({ id: str, modelA: str, modelB: str, winner: str, prompt: text, timestamp: num }),
  settings: (v, p) => {
    if (!(Array.isArray(v) && v.length === 2 && typeof v[0] === 'string')) return `${p}: expected a [key, value] pair`;
    // A damaged lock record would make every sealed consultation unreadable: it is checked like a record.
    return v[0] === LOCK_SETTING_KEY ? lockRecord(v[1], p ? `${p}.${LOCK_SETTING_KEY}` : LOCK_SETTING_KEY) : null;
  },
  lessons: shape({ id: str, title: text, createdAt: num, updatedAt: num }),
  comparisons: shape({ id: str, createdAt: num, updatedAt: num }),
  sharedRuns: shape({ id: str, importedAt: num, fileName: str }),
  openSuites: shape(
    {
      id: str,
      header: shape({
        kind: oneOf('open-ended'),
        suite: str,
        version: num,
        name: str,
        source: str,
        licence: str,
        sha256_of_source: str,
        count: num,
        metrics: listOf(oneOf(...OPEN_METRICS)),
      }),
      items: listOf(openItem),
      fileName: str,
      format: oneOf('bedside-jsonl', 'bedside-csv', 'healthbench-jsonl', 'medsbench-json'),
      importedAt: num,
    },
    (v, p) =>
      String(v.id).startsWith(CUSTOM_SUITE_PREFIX)
        ? null
        : `${p}.id: an imported suite's id must start with "${CUSTOM_SUITE_PREFIX}", got ${describe(v.id)}`,
  ),
  openRuns: shape({
    id: str,
    kind: oneOf('open-ended'),
    status: oneOf('running', 'cancelled', 'completed', 'failed'),
    config: shape({
      kind: oneOf('open-ended'),
      suite: shape({ id: str, version: num, sha256: str }),
      generation: shape({ temperature: num, topP: num, maxTokens: num }),
      seed: num,
      selection: anyObject,
      referenceMetrics: shape({ metrics: listOf(oneOf(...REFERENCE_METRICS)), stemmer: bool, definitions: recordOf(str) }),
    }),
    ...runProvenance,
    itemIds: listOf(str),
    startedAt: num,
    endedAt: optional(num),
    error: optional(str),
  }),
  openResults: shape({
    runId: str,
    itemId: str,
    index: num,
    prompt: listOf(chatMessage),
    metrics: recordOf(num),
    latencyMs: num,
    error: optional(str),
  }),
  grades: shape(
    { runId: str, itemId: str, graderKey: str, kind: oneOf('criterion', 'rating'), grader, at: str, attempts: optional(num) },
    gradeFields,
  ),
  endpoints: shape(
    {
      id: str,
      name: str,
      baseUrl: str,
      host: str,
      modelId: str,
      apiKeyLeftOut: optional(bool),
      probe: shape({ host: str, baseUrl: str, server: shape({ kind: str }), modelId: str, capabilities: anyObject }),
      addedAt: num,
    },
    endpointPlace,
  ),
};

/**
 * The first problem with a record of `store`, as "field: what is wrong", or null if it is sound. Every
 * field where typed or generated text lies (storage/sealedRecords.ts) must be text, plain or soundly sealed.
 */
export function recordProblem(store: StoreName, record: unknown, path = ''): string | null {
  const problem = RECORD_SCHEMAS[store](record, path);
  if (problem || !isSealedStore(store)) return problem;
  for (const [at, value] of storedTexts(store, record)) {
    const wrong = text(value, path ? `${path}.${at}` : at);
    if (wrong) return wrong;
  }
  return null;
}

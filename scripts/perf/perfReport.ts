/**
 * The shape of bench-results/perf.json (`npm run bench:perf`), its check and its Markdown table.
 * Pure: no Node or DOM imports, so the schema test runs anywhere.
 */

import type { Stat } from './stats';
import type { PrecisionSetting } from '../../core/engine';
import { precisionLabel } from '../../models/precisionLabel';

export const PERF_SCHEMA = 'bedside-perf/3';

export interface Budget {
  id:
    | 'harness_overhead_ratio'
    | 'letter_logprob_vs_prefill'
    | 'option_logprob_vs_prefill'
    | 'shell_gzip_bytes'
    | 'engine_before_load'
    | 'endpoint_harness_ratio';
  label: string;
  value: number;
  op: '>=' | '<=';
  threshold: number;
  pass: boolean;
}

export interface HarnessSection {
  model: string;
  suite: string;
  items: number;
  threads: number;
  /** harnessMs: the run's time outside the engine calls (createRun, storage, progress, messaging). */
  fullRun: { ms: Stat; itemsPerSecond: Stat; harnessMs: Stat };
  bare: { ms: Stat; itemsPerSecond: Stat };
  /** Per back-to-back pair: full-path items/s over bare-loop items/s. */
  pairRatio: Stat;
}

export interface ScoringModesSection {
  suite: string;
  items: number;
  maxTokens: number;
  letterLogprobMsPerItem: Stat;
  /** Generative mode is timed on the first this-many of the same items. */
  generativeItems: number;
  /** The one forward pass (top-k log-probs) of a letter-logprob item; the rest scores letters that are not single tokens. */
  generativeMsPerItem: Stat;
  /** Tokens a generative item actually produced: the stop strings or EOS can end it before maxTokens. */
  generativeMeanCompletionTokens: number;
  /** A one-token completion of each letter item's prompt (evaluated afresh), per item. */
  letterPrefillMsPerItem: Stat;
  /** PubMedQA in option-logprob mode, the full run path, per item. */
  optionSuite: string;
  optionItems: number;
  optionLogprobMsPerItem: Stat;
  /** A one-token completion of each PubMedQA prompt, per item. */
  optionPrefillMsPerItem: Stat;
}

export interface EngineRates {
  promptTokensPerSecond: Stat;
  decodeTokensPerSecond: Stat;
}

export interface EngineVsNativeRow {
  model: string;
  threads: number;
  /** The precision both engines were asked for, as wllama's load log reports it. */
  precision: PrecisionSetting;
  /** Native's load log reported the same KV type and flash attention: the rates compare like with like. */
  samePrecision: boolean;
  promptTokens: number;
  decodeTokens: number;
  /** wllama reported the same prompt token count for the same text as native's tokenizer. */
  samePrompt: boolean;
  wllama: EngineRates;
  native: EngineRates;
  /** Medians: wllama / native. */
  decodeRatio: number;
  promptRatio: number;
}

export interface ScaleRow {
  model: string;
  weightType: string;
  parameters: number;
  fileBytes: number;
  engine: 'wllama' | 'native';
  threads: number;
  /** As this engine's load log reported it. */
  precision: PrecisionSetting;
  loadMs: Stat;
  /** wllama: Chromium renderer RSS (the engine's workers included); native: the Node process RSS. */
  peakMemoryBytes: number | null;
  promptTokensPerSecond: Stat;
  decodeTokensPerSecond: Stat;
}

export interface AssetWeight {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** The bundled model through the UI, each repeat in a fresh browser context. */
export interface BundledModelSection {
  replyTokens: number;
  /** Click on Load to "Loaded", first visit: download, then engine start. */
  coldLoadMs: Stat;
  /** The same after a reload: weights read from this device's cache. */
  cachedLoadMs: Stat;
  /** As the reply footer reports it (llama.cpp's own timing). */
  decodeTokensPerSecond: Stat;
}

export interface PageWeightSection {
  /** JS and CSS the shell (index.html) requested before any model load. */
  shell: AssetWeight[];
  shellGzipBytes: number;
  /** The engine worker's own chunk: started with the page, engines excluded. */
  worker: AssetWeight | null;
  engines: (AssetWeight & { engines: string[] })[];
  /** Engine files requested before Load was pressed: must be empty. */
  engineRequestsBeforeLoad: string[];
  /** Engine files requested after Load of the bundled model: shows the check above can see them. */
  engineRequestsAfterLoad: string[];
  /** From navigation start to the first frame with the app's nav (a click on it is then checked to switch views). */
  timeToInteractiveMs: Stat;
}

/** A Bedside run on a served model (llama-server on 127.0.0.1) against a bare loop of the same requests. */
export interface EndpointPerfSection {
  /** The server and how it ran, e.g. "llama-server b0-80fb11a, 4 slots, 1 thread". */
  server: string;
  model: string;
  suite: string;
  items: number;
  /** Items in flight for both the Bedside run and the bare loop. */
  concurrency: number;
  /** HTTP requests per item, as recorded from the engine (tokenize calls, then decodes). */
  requestsPerItem: number;
  /** Items per second. */
  bedside: Stat;
  bare: Stat;
  bedsideAtOne: Stat;
  /** Per back-to-back pair, Bedside ÷ bare items/s. */
  pairRatio: Stat;
  /** Per repeat, Bedside at `concurrency` ÷ at 1. */
  concurrencySpeedup: Stat;
}

export interface PerfReport {
  schema: typeof PERF_SCHEMA;
  generatedAt: string;
  durationSeconds: number;
  repeats: number;
  machine: { cpus: number; cpuModel: string; memoryBytes: number; node: string; browser: string; llamaCppRelease: string; wllama: string };
  harness_overhead_ratio: number;
  /** MedQA per-item time in letter-logprob ÷ a one-token completion of the same prompt: the cost of scoring over one prefill. */
  letter_logprob_vs_prefill: number;
  /** The same for PubMedQA in option-logprob: the prompt is evaluated once per item, not once per option. */
  option_logprob_vs_prefill: number;
  /** Reported, not budgeted: it is the engine's (WASM kernels against native), not Bedside's. */
  wasm_vs_native_decode_ratio: number;
  /** A Bedside endpoint run ÷ a bare loop of its requests, items/s: the median of back-to-back pairs. */
  endpoint_harness_ratio: number;
  /** Reported, not budgeted: concurrency 4 ÷ 1 depends on the server's machine, not on Bedside. */
  endpoint_concurrency_speedup: number;
  shell_gzip_bytes: number;
  budgets: Budget[];
  harness: HarnessSection;
  scoringModes: ScoringModesSection;
  engineVsNative: EngineVsNativeRow[];
  scale: ScaleRow[];
  pageWeight: PageWeightSection;
  bundledModel: BundledModelSection;
  endpoint: EndpointPerfSection;
  notes: string[];
}

// ── validation ─────────────────────────────────────────────────────────────────────────────────────

type Check = (value: unknown, path: string, errors: string[]) => void;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const num: Check = (v, path, errors) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) errors.push(`${path}: expected a finite number, got ${JSON.stringify(v)}`);
};
const int: Check = (v, path, errors) => {
  if (!Number.isInteger(v) || (v as number) < 0) errors.push(`${path}: expected a non-negative integer, got ${JSON.stringify(v)}`);
};
const str: Check = (v, path, errors) => {
  if (typeof v !== 'string') errors.push(`${path}: expected a string, got ${JSON.stringify(v)}`);
};
const bool: Check = (v, path, errors) => {
  if (typeof v !== 'boolean') errors.push(`${path}: expected a boolean, got ${JSON.stringify(v)}`);
};
const oneOf =
  (...allowed: readonly unknown[]): Check =>
  (v, path, errors) => {
    if (!allowed.includes(v))
      errors.push(`${path}: expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(v)}`);
  };
const nullable =
  (inner: Check): Check =>
  (v, path, errors) => {
    if (v !== null) inner(v, path, errors);
  };
const array =
  (inner: Check): Check =>
  (v, path, errors) => {
    if (!Array.isArray(v)) errors.push(`${path}: expected an array`);
    else v.forEach((item, i) => inner(item, `${path}[${i}]`, errors));
  };
const object =
  (fields: Record<string, Check>): Check =>
  (v, path, errors) => {
    if (!isObject(v)) {
      errors.push(`${path}: expected an object`);
      return;
    }
    for (const [key, check] of Object.entries(fields)) {
      if (!(key in v)) errors.push(`${path}.${key}: missing`);
      else check(v[key], `${path}.${key}`, errors);
    }
  };

const stat: Check = (v, path, errors) => {
  object({ min: num, median: num, max: num, n: int })(v, path, errors);
  if (
    isObject(v) &&
    typeof v.min === 'number' &&
    typeof v.median === 'number' &&
    typeof v.max === 'number' &&
    !(v.min <= v.median && v.median <= v.max)
  ) {
    errors.push(`${path}: expected min ≤ median ≤ max`);
  }
};
const rates = object({ promptTokensPerSecond: stat, decodeTokensPerSecond: stat });
const precision = object({ precision: oneOf('exact', 'fast'), kvCacheType: oneOf('f32', 'f16'), flashAttention: bool });
const asset = object({ file: str, bytes: int, gzipBytes: int });

const reportCheck = object({
  schema: oneOf(PERF_SCHEMA),
  generatedAt: str,
  durationSeconds: num,
  repeats: int,
  machine: object({ cpus: int, cpuModel: str, memoryBytes: int, node: str, browser: str, llamaCppRelease: str, wllama: str }),
  harness_overhead_ratio: num,
  letter_logprob_vs_prefill: num,
  option_logprob_vs_prefill: num,
  wasm_vs_native_decode_ratio: num,
  endpoint_harness_ratio: num,
  endpoint_concurrency_speedup: num,
  shell_gzip_bytes: int,
  budgets: array(
    object({
      id: oneOf(
        'harness_overhead_ratio',
        'letter_logprob_vs_prefill',
        'option_logprob_vs_prefill',
        'shell_gzip_bytes',
        'engine_before_load',
        'endpoint_harness_ratio',
      ),
      label: str,
      value: num,
      op: oneOf('>=', '<='),
      threshold: num,
      pass: bool,
    }),
  ),
  harness: object({
    model: str,
    suite: str,
    items: int,
    threads: int,
    fullRun: object({ ms: stat, itemsPerSecond: stat, harnessMs: stat }),
    bare: object({ ms: stat, itemsPerSecond: stat }),
    pairRatio: stat,
  }),
  scoringModes: object({
    suite: str,
    items: int,
    maxTokens: int,
    letterLogprobMsPerItem: stat,
    generativeItems: int,
    generativeMsPerItem: stat,
    generativeMeanCompletionTokens: num,
    letterPrefillMsPerItem: stat,
    optionSuite: str,
    optionItems: int,
    optionLogprobMsPerItem: stat,
    optionPrefillMsPerItem: stat,
  }),
  engineVsNative: array(
    object({
      model: str,
      threads: int,
      promptTokens: int,
      decodeTokens: int,
      samePrompt: bool,
      precision,
      samePrecision: bool,
      wllama: rates,
      native: rates,
      decodeRatio: num,
      promptRatio: num,
    }),
  ),
  scale: array(
    object({
      model: str,
      weightType: str,
      parameters: int,
      fileBytes: int,
      engine: oneOf('wllama', 'native'),
      threads: int,
      precision,
      loadMs: stat,
      peakMemoryBytes: nullable(int),
      promptTokensPerSecond: stat,
      decodeTokensPerSecond: stat,
    }),
  ),
  pageWeight: object({
    shell: array(asset),
    shellGzipBytes: int,
    worker: nullable(asset),
    engines: array((v, path, errors) => {
      asset(v, path, errors);
      object({ engines: array(str) })(v, path, errors);
    }),
    engineRequestsBeforeLoad: array(str),
    engineRequestsAfterLoad: array(str),
    timeToInteractiveMs: stat,
  }),
  bundledModel: object({ replyTokens: int, coldLoadMs: stat, cachedLoadMs: stat, decodeTokensPerSecond: stat }),
  endpoint: object({
    server: str,
    model: str,
    suite: str,
    items: int,
    concurrency: int,
    requestsPerItem: num,
    bedside: stat,
    bare: stat,
    bedsideAtOne: stat,
    pairRatio: stat,
    concurrencySpeedup: stat,
  }),
  notes: array(str),
});

export type Validation = { ok: true; report: PerfReport } | { ok: false; errors: string[] };

/** Checks the whole structure, and that the headline numbers agree with the sections they come from. */
export function validatePerfReport(x: unknown): Validation {
  const errors: string[] = [];
  reportCheck(x, 'report', errors);
  if (errors.length > 0) return { ok: false, errors };
  const report = x as PerfReport;
  if (report.shell_gzip_bytes !== report.pageWeight.shellGzipBytes)
    errors.push('report.shell_gzip_bytes: differs from pageWeight.shellGzipBytes');
  const shellSum = report.pageWeight.shell.reduce((a, s) => a + s.gzipBytes, 0);
  if (shellSum !== report.pageWeight.shellGzipBytes)
    errors.push(`report.pageWeight.shellGzipBytes: ${report.pageWeight.shellGzipBytes} is not the sum of its files (${shellSum})`);
  if (report.endpoint_harness_ratio !== report.endpoint.pairRatio.median)
    errors.push('report.endpoint_harness_ratio: differs from endpoint.pairRatio.median');
  if (report.endpoint_concurrency_speedup !== report.endpoint.concurrencySpeedup.median)
    errors.push('report.endpoint_concurrency_speedup: differs from endpoint.concurrencySpeedup.median');
  for (const [i, b] of report.budgets.entries()) {
    const pass = b.op === '>=' ? b.value >= b.threshold : b.value <= b.threshold;
    if (pass !== b.pass) errors.push(`report.budgets[${i}].pass: ${b.value} ${b.op} ${b.threshold} is ${pass}`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, report };
}

// ── Markdown ───────────────────────────────────────────────────────────────────────────────────────

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const minMed = (s: Stat, digits: number) => `${fixed(s.min, digits)} / ${fixed(s.median, digits)}`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (bytes: number | null) => (bytes === null ? '—' : `${(bytes / 2 ** 20).toFixed(0)} MiB`);
const params = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : `${(n / 1e3).toFixed(0)}K`);

export function renderPerfMarkdown(report: PerfReport, plotFile = 'perf-scale.svg'): string {
  const m = report.machine;
  const h = report.harness;
  const s = report.scoringModes;
  const w = report.pageWeight;
  const e = report.endpoint;
  const budgetValue = (b: Budget) => (b.id === 'shell_gzip_bytes' ? kib(b.value) : fixed(b.value, 3));
  const budgetThreshold = (b: Budget) => (b.id === 'shell_gzip_bytes' ? kib(b.threshold) : String(b.threshold));
  return [
    '# Bedside performance',
    '',
    `${report.generatedAt} · ${m.cpus} × ${m.cpuModel}, ${(m.memoryBytes / 2 ** 30).toFixed(0)} GiB · ${m.browser} · Node ${m.node} · ${m.wllama} · native llama.cpp ${m.llamaCppRelease} (node-llama-cpp) · ${report.repeats} repeats per measurement, cells show min / median · took ${fixed(report.durationSeconds, 0)} s`,
    '',
    '## Budgets',
    '',
    table(
      ['budget', 'measured', 'limit', 'status'],
      report.budgets.map((b) => [b.label, budgetValue(b), `${b.op} ${budgetThreshold(b)}`, b.pass ? 'pass' : '**MISS**']),
    ),
    '',
    `## Harness overhead (${h.model}, ${h.suite}, ${h.items} items, letter-logprob, ${h.threads} thread(s))`,
    '',
    table(
      ['path', 'ms (min / median)', 'items/s (min / median)'],
      [
        ['full run path (worker runner + IndexedDB + page progress)', minMed(h.fullRun.ms, 0), minMed(h.fullRun.itemsPerSecond, 2)],
        ['bare scoring loop in the worker', minMed(h.bare.ms, 0), minMed(h.bare.itemsPerSecond, 2)],
      ],
    ),
    '',
    `Back-to-back pairs, full ÷ bare items/s: ${minMed(h.pairRatio, 3)} (min / median). Of the full run, ${minMed(h.fullRun.harnessMs, 0)} ms (min / median) is spent outside the engine calls.`,
    '',
    `## Scoring modes (${s.suite}, ${s.items} items, full run path)`,
    '',
    table(
      ['mode', 'ms per item (min / median)'],
      [
        ['letter-logprob', minMed(s.letterLogprobMsPerItem, 1)],
        ['one-token completion of the same prompts (the prefill floor)', minMed(s.letterPrefillMsPerItem, 1)],
        [
          `generative (max ${s.maxTokens} tokens, ${fixed(s.generativeMeanCompletionTokens, 1)} generated on average; first ${s.generativeItems} items)`,
          minMed(s.generativeMsPerItem, 1),
        ],
        [`option-logprob, ${s.optionSuite} (${s.optionItems} items)`, minMed(s.optionLogprobMsPerItem, 1)],
        [`one-token completion of the same ${s.optionSuite} prompts`, minMed(s.optionPrefillMsPerItem, 1)],
      ],
    ),
    '',
    `Scoring costs ${fixed(report.letter_logprob_vs_prefill, 3)}× one prefill for ${s.suite} letters and ${fixed(report.option_logprob_vs_prefill, 3)}× for ${s.optionSuite} options: the prompt is evaluated once per item, and the other choices reuse it from the prompt cache.`,
    '',
    `## A served model (${e.server}, ${e.model}, ${e.suite}, ${e.items} items, letter-logprob)`,
    '',
    table(
      ['path', 'items/s (min / median)'],
      [
        [`Bedside endpoint run, ${e.concurrency} in flight (planning, scoring, results)`, minMed(e.bedside, 2)],
        [`bare loop of the same ${fixed(e.requestsPerItem, 1)} requests per item, ${e.concurrency} in flight`, minMed(e.bare, 2)],
        ['Bedside endpoint run, 1 in flight', minMed(e.bedsideAtOne, 2)],
      ],
    ),
    '',
    `Back-to-back pairs, Bedside ÷ bare items/s: ${minMed(e.pairRatio, 3)} (min / median). ${e.concurrency} in flight ÷ 1: ${minMed(e.concurrencySpeedup, 3)}, which depends on the server's machine (here one thread on a shared one), not on Bedside.`,
    '',
    '## wllama in Chromium vs native llama.cpp (same GGUF, prompt, threads, greedy)',
    '',
    table(
      [
        'model',
        'precision (both engines)',
        'threads',
        'prompt tok',
        'wllama prompt tok/s',
        'native prompt tok/s',
        'wllama decode tok/s',
        'native decode tok/s',
        'decode ratio',
        'prompt ratio',
        'same prompt',
      ],
      report.engineVsNative.map((r) => [
        r.model,
        r.samePrecision ? precisionLabel(r.precision) : `${precisionLabel(r.precision)} (NOT native's)`,
        String(r.threads),
        String(r.promptTokens),
        minMed(r.wllama.promptTokensPerSecond, 1),
        minMed(r.native.promptTokensPerSecond, 1),
        minMed(r.wllama.decodeTokensPerSecond, 1),
        minMed(r.native.decodeTokensPerSecond, 1),
        fixed(r.decodeRatio, 2),
        fixed(r.promptRatio, 2),
        r.samePrompt ? 'yes' : 'NO',
      ]),
    ),
    '',
    '## Scale (synthetic Llama models)',
    '',
    table(
      ['model', 'params', 'file', 'engine', 'precision', 'threads', 'load ms', 'peak memory', 'prompt tok/s', 'decode tok/s'],
      report.scale.map((r) => [
        r.model,
        params(r.parameters),
        mib(r.fileBytes),
        r.engine,
        precisionLabel(r.precision),
        String(r.threads),
        minMed(r.loadMs, 0),
        mib(r.peakMemoryBytes),
        minMed(r.promptTokensPerSecond, 1),
        minMed(r.decodeTokensPerSecond, 1),
      ]),
    ),
    '',
    `![tokens per second against parameters](${plotFile})`,
    '',
    '## Page weight (gzip -9)',
    '',
    table(
      ['file', 'loaded', 'bytes', 'gzip'],
      [
        ...w.shell.map((a) => [a.file, 'shell', kib(a.bytes), kib(a.gzipBytes)]),
        ['**shell total**', '', '', `**${kib(w.shellGzipBytes)}**`],
        ...(w.worker ? [[w.worker.file, 'engine worker (at start)', kib(w.worker.bytes), kib(w.worker.gzipBytes)]] : []),
        ...w.engines.map((a) => [a.file, `on Load: ${a.engines.join(', ')}`, kib(a.bytes), kib(a.gzipBytes)]),
      ],
    ),
    '',
    `Time to interactive (nav rendered and responding): ${minMed(w.timeToInteractiveMs, 0)} ms. ` +
      `Engine files requested before Load: ${w.engineRequestsBeforeLoad.length === 0 ? 'none' : w.engineRequestsBeforeLoad.join(', ')}; ` +
      `after Load: ${w.engineRequestsAfterLoad.join(', ') || 'none'}.`,
    '',
    `## Bundled model through the UI (${report.bundledModel.replyTokens}-token reply)`,
    '',
    table(
      ['measure', 'min / median'],
      [
        ['load on a first visit (download + start), ms', minMed(report.bundledModel.coldLoadMs, 0)],
        ['load after a reload (device cache), ms', minMed(report.bundledModel.cachedLoadMs, 0)],
        ['decode tok/s', minMed(report.bundledModel.decodeTokensPerSecond, 1)],
      ],
    ),
    '',
    ...(report.notes.length > 0 ? ['## Notes', '', ...report.notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
}

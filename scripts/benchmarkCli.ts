/**
 * `npm run bench`: runs a benchmark headless through the app itself. It builds the harness pages
 * (vite.harness.config.ts), serves them on 127.0.0.1, opens benchmark.html in Chromium and calls
 * window.bedsideBench.run, which goes through the engine worker and run code the Benchmarks view uses;
 * the written JSON is the view's "Export JSON".
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright';
import { build, preview, type PreviewServer } from 'vite';
import type { RunSummary } from '../benchmarks/metrics/summary';
import { parseRunExport } from '../benchmarks/runs/runExport';
import type { ItemSelection } from '../core/run';
import { SCORING_MODES, type ScoringMode } from '../core/suite';
import { suiteSpecs } from '../benchmarks/suites/specs';
import { modeRefusal, nShotRefusal, suiteModes } from '../benchmarks/suites/modes';
import { exclusionNote } from '../benchmarks/runner/eligibility';
import { chromiumArgs, chromiumPath } from '../e2e/chromium.ts';
import type { BenchOptions, BenchOutcome, BenchSuiteSource, OpenBenchOptions } from '../core/benchmarkHarness';
import { isOpenSuiteFile } from '../benchmarks/suites/openSuiteFile';
import { DEFAULT_MAX_RETRIES } from '../benchmarks/grading/modelJudge';
import { openRunFileName, parseOpenRunExport } from '../benchmarks/runs/openRunExport';
import type { OpenRunExport } from '../benchmarks/runs/openRunExport';
import type { RunRecord } from '../core/runRecord';
import { catalog } from '../models/catalog';
import type { GpuLayersChoice, Precision } from '../core/engine';
import { gpuLayersText, parseGpuLayers } from '../models/gpuLayers';
import { precisionLabel } from '../models/precisionLabel';
import { placementLabel } from '../models/backendLabel';
import { builtinChoice, customChoice, customRecord, type SuiteChoice } from '../benchmarks/suites/suiteChoice';
import { formatSuiteError, parseSuite } from '../benchmarks/suites/parseSuite';
import { sha256Hex } from '../benchmarks/sha256';
import type { Suite, SuiteIndex } from '../core/suite';
import { runNative } from './native/nativeRun';
import { runEndpoint } from './endpointRun';
import type { EndpointSpec } from '../core/engine';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The shipped open-ended suites, as the built index lists them. */
const openSuiteIds = ((JSON.parse(readFileSync(join(repoRoot, 'public/suites/index.json'), 'utf8')) as SuiteIndex).openSuites ?? []).map(
  (e) => e.id,
);

export const USAGE = `Usage: npm run bench -- (--suite ID | --suite-file PATH) [options]

  --suite ID             a shipped suite: ${suiteSpecs.map((s) => s.id).join(', ')};
                         open-ended: ${openSuiteIds.join(', ')}
  --suite-file PATH      a custom suite file (JSONL or CSV), validated as the app's import does; an
                         open-ended one (HealthBench JSONL, MedS-Bench task JSON, Bedside open JSONL or
                         CSV) is answered in free text and written with each answer's reference metrics
  --judge ID             open-ended suites: a catalog model that then judges every answer (HealthBench's
                         grader per rubric criterion, or a 1–5 rating without a rubric); its grades join the run
  --judge-retries N      asks after a judge reply that is not valid JSON (default ${DEFAULT_MAX_RETRIES}); then ungraded
  --model ID             a catalog model id (default stories260K), e.g. ${catalog
    .slice(0, 3)
    .map((m) => m.id)
    .join(', ')}
  --limit N              the first N items
  --quick N              a stratified sample of N items by subject (uses --seed)
  --seed N               sampling and generation seed (default 1234)
  --mode MODE            ${SCORING_MODES.join(' | ')} (default: the suite's)
  --max-tokens N         generative mode token budget (default 32)
  --num-fewshot N        exemplars before each item, where the suite offers them (cmmlu-medical: 5, the
                         first five of the subject's dev split, as lm-eval); default 0; recorded with the run
  --include-image-items  keep the items that need a figure the suite does not ship (HEAD-QA: 67 each),
                         left out by default; recorded with the run
  --engine E             browser (default: the app in headless Chromium), native (llama.cpp through
                         node-llama-cpp on the same GGUF: the reference for npm run parity; log-prob modes)
                         or endpoint (a model on llama-server, vLLM, SGLang, Ollama, …; see --endpoint)
  --endpoint URL         endpoint engine: the server's base URL, e.g. http://gpu-box:8000
  --model-id ID          endpoint engine: the model's id as the server lists it at GET /v1/models
  --api-key-env VAR      endpoint engine: read the API key from this environment variable (sent to that
                         server only, never written to the result)
  --concurrency N        endpoint engine: items in flight at once (default 4; servers batch them)
  --model-file PATH      native engine: the GGUF to score (default: the catalog model's bundled file)
  --out PATH             where to write the run JSON (default bench-results/run-<suite>-<model>-<time>.json)
  --precision P          GGUF models: exact (default: f32 KV cache, no flash attention; matches native
                         llama.cpp, about 2× slower) or fast (llama.cpp's defaults); recorded with the run
  --gpu-layers L         GGUF layers on WebGPU: auto (default: all where this browser's GPU path can hold
                         the model, else none), all, cpu, or a number; recorded with the run
  --chromium-arg=ARG     extra Chromium flag, repeatable, e.g. --chromium-arg=--enable-unsafe-webgpu
  --no-build             serve the existing dist-harness/ instead of building it
  --port N               serve on this port (default: a free one)
  --help                 this text`;

/** Bad flags: exit code 2, with the message and the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface BenchArgs {
  suite: { kind: 'builtin'; id: string } | { kind: 'file'; path: string };
  modelId: string;
  selection: ItemSelection;
  seed: number;
  mode: ScoringMode | undefined;
  maxTokens: number;
  out: string | undefined;
  chromiumArgs: string[];
  build: boolean;
  port: number | undefined;
  engine: 'browser' | 'native' | 'endpoint';
  /** --engine endpoint: the server and model; the key comes from --api-key-env. */
  endpoint: EndpointSpec | undefined;
  modelFile: string | undefined;
  gpuLayers: GpuLayersChoice;
  precision: Precision;
  nShot: number;
  includeImageItems: boolean;
  /** Open-ended suites: the catalog model that judges the answers, and its retries. */
  judge: string | undefined;
  judgeRetries: number | undefined;
}

function integer(flag: string, text: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${flag} expects an integer ${range}, got "${text}".`);
  }
  return value;
}

function isMode(text: string): text is ScoringMode {
  return (SCORING_MODES as readonly string[]).includes(text);
}

/** A mode the suite's task does not define is a usage error: exit 2, naming the modes it allows. */
export function refuseMode(suiteId: string, mode: ScoringMode, modes: readonly ScoringMode[]): void {
  const refusal = modeRefusal({ name: suiteId, modes }, mode);
  if (refusal) throw new UsageError(`${refusal} Use --mode ${modes.join(' or --mode ')}.`);
}

function precisionArg(text: string): Precision {
  if (text !== 'exact' && text !== 'fast') throw new UsageError(`--precision expects exact or fast, got "${text}".`);
  return text;
}

/** --endpoint, --model-id, --api-key-env and --concurrency: given together with --engine endpoint, and only then. */
function endpointArgs(
  engine: BenchArgs['engine'],
  v: { endpoint?: string; 'model-id'?: string; 'api-key-env'?: string; concurrency?: string },
): EndpointSpec | undefined {
  const given = (['endpoint', 'model-id', 'api-key-env', 'concurrency'] as const).filter((flag) => v[flag] !== undefined);
  if (engine !== 'endpoint') {
    if (given.length > 0) throw new UsageError(`--${given[0]} needs --engine endpoint.`);
    return undefined;
  }
  if (v.endpoint === undefined || v['model-id'] === undefined) {
    throw new UsageError('--engine endpoint needs --endpoint URL and --model-id ID (the id the server lists at GET /v1/models).');
  }
  const keyVar = v['api-key-env'];
  const apiKey = keyVar === undefined ? undefined : process.env[keyVar];
  if (keyVar !== undefined && !apiKey) throw new UsageError(`--api-key-env ${keyVar}: that environment variable is not set.`);
  return {
    baseUrl: v.endpoint,
    modelId: v['model-id'],
    ...(apiKey ? { apiKey } : {}),
    ...(v.concurrency === undefined ? {} : { concurrency: integer('concurrency', v.concurrency, 1, 256) }),
  };
}

function gpuLayersArg(text: string): GpuLayersChoice {
  const choice = parseGpuLayers(text);
  if (choice === null) throw new UsageError(`--gpu-layers expects auto, all, cpu or a whole number of layers, got "${text}".`);
  return choice;
}

/** `'help'` when --help is given, whatever else is. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        suite: { type: 'string' },
        'suite-file': { type: 'string' },
        model: { type: 'string', default: 'stories260K' },
        limit: { type: 'string' },
        quick: { type: 'string' },
        seed: { type: 'string' },
        mode: { type: 'string' },
        'max-tokens': { type: 'string' },
        out: { type: 'string' },
        'chromium-arg': { type: 'string', multiple: true },
        'no-build': { type: 'boolean', default: false },
        port: { type: 'string' },
        engine: { type: 'string', default: 'browser' },
        'model-file': { type: 'string' },
        'gpu-layers': { type: 'string', default: 'auto' },
        endpoint: { type: 'string' },
        'model-id': { type: 'string' },
        'api-key-env': { type: 'string' },
        concurrency: { type: 'string' },
        precision: { type: 'string', default: 'exact' },
        'num-fewshot': { type: 'string' },
        'include-image-items': { type: 'boolean', default: false },
        judge: { type: 'string' },
        'judge-retries': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const base = {
    modelId: v.model,
    seed: integer('seed', v.seed, 0) ?? 1234,
    maxTokens: integer('max-tokens', v['max-tokens'], 1) ?? 32,
    out: v.out,
    chromiumArgs: v['chromium-arg'] ?? [],
    build: !v['no-build'],
    port: integer('port', v.port, 1, 65535),
    modelFile: v['model-file'],
    gpuLayers: gpuLayersArg(v['gpu-layers']),
    precision: precisionArg(v.precision),
    nShot: integer('num-fewshot', v['num-fewshot'], 0) ?? 0,
    includeImageItems: v['include-image-items'],
    judge: v.judge,
    judgeRetries: integer('judge-retries', v['judge-retries'], 0, 10),
  };
  if (v.engine !== 'browser' && v.engine !== 'native' && v.engine !== 'endpoint')
    throw new UsageError(`Unknown engine "${v.engine}". Valid engines: browser, native, endpoint.`);
  const engine: BenchArgs['engine'] = v.engine;
  const endpoint = endpointArgs(engine, v);
  if (engine === 'native' && v.mode === 'generative')
    throw new UsageError('The native engine scores log-prob modes only: use --mode letter-logprob or option-logprob.');

  if (v.suite !== undefined && v['suite-file'] !== undefined) throw new UsageError('Give either --suite or --suite-file, not both.');
  const validIds = [...suiteSpecs.map((s) => s.id), ...openSuiteIds];
  let suite: BenchArgs['suite'];
  if (v['suite-file'] !== undefined) {
    suite = { kind: 'file', path: v['suite-file'] };
  } else if (v.suite === undefined) {
    throw new UsageError(`Name a suite: --suite ID (one of ${validIds.join(', ')}) or --suite-file PATH.`);
  } else if (!validIds.includes(v.suite)) {
    throw new UsageError(`Unknown suite "${v.suite}". Valid suites: ${validIds.join(', ')}.`);
  } else {
    suite = { kind: 'builtin', id: v.suite };
  }

  if (v.mode !== undefined && !isMode(v.mode)) {
    throw new UsageError(`Unknown mode "${v.mode}". Valid modes: ${SCORING_MODES.join(', ')}.`);
  }
  if (v.mode !== undefined && suite.kind === 'builtin' && !openSuiteIds.includes(suite.id))
    refuseMode(suite.id, v.mode, suiteModes(suite.id));
  if (base.nShot > 0) {
    const shotsRefused = nShotRefusal(suite.kind === 'builtin' ? suite.id : suite.path, v.mode ?? 'letter-logprob', base.nShot);
    if (shotsRefused) throw new UsageError(shotsRefused);
  }
  if (v.limit !== undefined && v.quick !== undefined) throw new UsageError('Give either --limit or --quick, not both.');
  const limit = integer('limit', v.limit, 1);
  const quick = integer('quick', v.quick, 1);
  const selection: ItemSelection =
    limit !== undefined ? { kind: 'limit', n: limit } : quick !== undefined ? { kind: 'stratified', n: quick } : { kind: 'all' };
  for (const id of [base.modelId, ...(base.judge === undefined ? [] : [base.judge])]) {
    if (!catalog.some((m) => m.id === id))
      throw new UsageError(`Unknown model "${id}". Catalog models: ${catalog.map((m) => m.id).join(', ')}.`);
  }

  return { ...base, engine, endpoint, suite, selection, mode: v.mode };
}

const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${(100 * x).toFixed(1)}%`);
const num = (x: number | null | undefined, digits: number): string => (x === null || x === undefined ? '—' : x.toFixed(digits));

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The run's numbers as the terminal shows them: overall metrics, then one row per subject. */
export function formatSummary(run: RunRecord, summary: RunSummary): string {
  const ci = (s: { ci: { lower: number; upper: number } | null }) => (s.ci ? `${pct(s.ci.lower)}–${pct(s.ci.upper)}` : '—');
  const head = [
    `Suite   ${run.suite.id} v${run.suite.version}  sha256 ${run.suite.sha256.slice(0, 16)}…`,
    `Model   ${run.model.id} (${run.model.backend} ${run.model.quant}, ${run.model.engineVersion}, ${run.model.threads} thread(s))`,
    ...(run.model.endpoint
      ? [`Served  by ${run.model.engineVersion} at ${run.model.endpoint.host}, ${run.model.endpoint.concurrency} items in flight`]
      : []),
    ...(run.model.compute
      ? [
          `Ran on  ${placementLabel(run.model.compute)}${run.model.gpuLayers ? `  (GPU layers: ${gpuLayersText(run.model.gpuLayers.choice)})` : ''}`,
        ]
      : []),
    ...(run.config.protocol?.precision ? [`Precision ${precisionLabel(run.config.protocol.precision)}`] : []),
    `Mode    ${run.config.mode}  prompt ${run.config.prompt.id} ${run.config.prompt.hash.slice(0, 12)}  seed ${run.config.seed}  ${run.config.nShot}-shot`,
    ...(run.suite.use_restriction ? [`Use     ${run.suite.licence}; ${run.suite.use_restriction}`] : []),
    ...(exclusionNote(run.config.excluded) ? [`Left out before selection: ${exclusionNote(run.config.excluded)}`] : []),
  ];
  const overall: string[][] = [
    ['metric', 'value', '95% CI', 'n'],
    ['accuracy', pct(summary.accuracy), ci(summary), `${summary.correct}/${summary.n}`],
    // Beside the accuracy, never inside it: a failed item is neither right nor wrong (benchmarks/metrics/accuracy.ts).
    ['failed items', String(summary.failed), '', ''],
  ];
  if (summary.accNorm)
    overall.push(['acc_norm', pct(summary.accNorm.accuracy), ci(summary.accNorm), `${summary.accNorm.correct}/${summary.accNorm.n}`]);
  overall.push(
    ['invalid rate', pct(summary.invalidRate), '', String(summary.invalid)],
    ['ECE', num(summary.calibration?.ece, 3), '', String(summary.calibration?.n ?? 0)],
    ['Brier (summed over choices)', num(summary.calibration?.brier, 3), '', String(summary.calibration?.n ?? 0)],
    ['Brier ÷ choices', num(summary.calibration?.brierPerChoice, 3), '', String(summary.calibration?.n ?? 0)],
    ['latency p50 (ms)', num(summary.latencyMs?.p50, 1), '', ''],
    ['latency p95 (ms)', num(summary.latencyMs?.p95, 1), '', ''],
    ['items/s', num(summary.itemsPerSecond, 2), '', ''],
  );
  if (summary.completionTokensPerSecond !== null) overall.push(['completion tokens/s', num(summary.completionTokensPerSecond, 1), '', '']);
  const subjects = [
    ['subject', 'accuracy', '95% CI', 'n'],
    ...summary.perSubject.map((s) => [s.subject || '(none)', pct(s.accuracy), ci(s), `${s.correct}/${s.n}`]),
  ];
  return [...head, '', table(overall), '', table(subjects)].join('\n');
}

/** An open-ended run's numbers as the terminal shows them: reference metrics, then each grader's rubric score and ratings. */
export function formatOpenSummary(doc: OpenRunExport): string {
  const { run, scores } = doc;
  const g = run.config.generation;
  const head = [
    `Suite   ${run.suite.id} v${run.suite.version}  sha256 ${run.suite.sha256.slice(0, 16)}…  (open-ended)`,
    `Model   ${run.model.id} (${run.model.backend} ${run.model.quant}, ${run.model.engineVersion}, ${run.model.threads} thread(s))`,
    `Sampling temperature ${g.temperature}, top-p ${g.topP}, max ${g.maxTokens} tokens, seed ${g.seed}; ${doc.selection}`,
    ...(run.suite.use_restriction ? [`Use     ${run.suite.licence}; ${run.suite.use_restriction}`] : []),
    `Answers ${scores.answered} of ${scores.items}, ${scores.failed} failed; ${scores.grades} grades by ${scores.graders.judges} judge(s) and ${scores.graders.people} person(s); ${scores.ungraded} answers with an ungraded criterion`,
  ];
  const metrics = [
    ['reference metric', 'mean', '95% bootstrap CI', 'n'],
    ...run.config.referenceMetrics.metrics.map((m) => {
      const v = scores.referenceMetrics[m];
      return [m, num(v?.mean, 4), v ? `${num(v.lower, 4)}–${num(v.upper, 4)}` : '—', String(v?.n ?? 0)];
    }),
  ];
  const graders = [
    ['grader', 'HealthBench score', 'bootstrap std', 'scored', 'ungraded'],
    ...scores.rubric.map((r) => [
      r.key,
      num(r.score.overall?.mean, 4),
      num(r.score.overall?.bootstrapStd, 4),
      String(r.score.counts.scored),
      String(r.score.counts.ungraded),
    ]),
  ];
  const ratings = [
    ['grader (1–5)', 'accuracy', 'completeness', 'clarity', 'ungraded'],
    ...scores.ratings.map((r) => [
      r.key,
      num(r.dimensions.accuracy?.mean, 2),
      num(r.dimensions.completeness?.mean, 2),
      num(r.dimensions.clarity?.mean, 2),
      String(r.ungraded),
    ]),
  ];
  const tables = [metrics, graders, ratings].filter((t) => t.length > 1).map(table);
  return [...head, '', tables.join('\n\n')].join('\n');
}

function defaultOut(run: RunRecord): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
  const stamp = new Date(run.startedAt).toISOString().replace(/[:.]/g, '-');
  return join('bench-results', `run-${safe(run.suite.id)}-${safe(run.model.id)}-${stamp}.json`);
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('No free port found.'))));
    });
  });
}

/** Same-host only: the run must not depend on, or leak to, anything beyond the local server. */
function isOffHost(url: URL): boolean {
  return /^(https?|wss?):$/.test(url.protocol) && url.hostname !== '127.0.0.1';
}

/** What the harness page is asked: a multiple-choice run, or an open-ended one. */
type HarnessCall = { method: 'run'; options: BenchOptions } | { method: 'runOpen'; options: OpenBenchOptions };

async function runInBrowser(args: BenchArgs, call: HarnessCall): Promise<BenchOutcome> {
  const page = join(repoRoot, 'dist-harness', 'benchmark.html');
  const configFile = join(repoRoot, 'vite.harness.config.ts');
  if (args.build) {
    console.log('Building the harness pages (vite build --config vite.harness.config.ts)…');
    await build({ configFile, logLevel: 'warn' });
  }
  if (!existsSync(page)) throw new Error(`${page} is missing: run without --no-build.`);

  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  try {
    const port = args.port ?? (await freePort());
    server = await preview({ configFile, logLevel: 'warn', preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
    const url = `http://127.0.0.1:${port}/benchmark.html`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, ...args.chromiumArgs] });
    const context = await browser.newContext();
    const blocked: string[] = [];
    await context.route(isOffHost, (route) => {
      blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('console', (msg) => {
      const text = msg.text();
      if (text.startsWith('[bench] ')) console.log(text.slice(8));
      else if (msg.type() === 'error' || msg.type() === 'warning') console.error(`[page ${msg.type()}] ${text}`);
    });
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));

    console.log(`Opening ${url} in ${chromiumPath}`);
    const response = await page.goto(url);
    if (!response?.ok()) throw new Error(`${url} answered HTTP ${response?.status() ?? 'nothing'}.`);
    await page.waitForFunction(() => 'bedsideBench' in window, undefined, { timeout: 30_000 });

    // Errors come back as values: a rejected evaluate would bury the message under Playwright's stack.
    const answer = await page.evaluate(async (c) => {
      try {
        const outcome = c.method === 'run' ? await window.bedsideBench.run(c.options) : await window.bedsideBench.runOpen(c.options);
        return { ok: true as const, outcome };
      } catch (e) {
        return { ok: false as const, error: e instanceof Error ? e.message : String(e) };
      }
    }, call);
    if (blocked.length > 0) console.error(`Blocked ${blocked.length} request(s) off 127.0.0.1, e.g. ${blocked[0]}`);
    if (!answer.ok) throw new Error(answer.error);
    return answer.outcome;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
  }
}

/** The suite as Node reads it: shipped files from public/suites, or the given file, through the app's validator. */
async function loadSuiteInNode(source: BenchSuiteSource): Promise<{ choice: SuiteChoice; suite: Suite }> {
  if (source.kind === 'file') {
    const parsed = parseSuite(source.text, {
      sha256: await sha256Hex(source.text),
      format: /\.csv$/i.test(source.fileName) ? 'csv' : undefined,
    });
    if (!parsed.ok) throw new Error(`${source.fileName} is not a valid suite:\n  ${parsed.errors.map(formatSuiteError).join('\n  ')}`);
    const record = customRecord(parsed.suite, source.fileName);
    return { choice: customChoice(record), suite: record };
  }
  const index = JSON.parse(await readFile(join(repoRoot, 'public/suites/index.json'), 'utf8')) as SuiteIndex;
  const entry = index.suites.find((e) => e.id === source.id);
  if (!entry) throw new Error(`Unknown suite "${source.id}".`);
  const text = await readFile(join(repoRoot, 'public', entry.file), 'utf8');
  const parsed = parseSuite(text, { sha256: await sha256Hex(text), format: 'jsonl' });
  if (!parsed.ok) throw new Error(`${entry.file} fails validation: ${parsed.errors.map(formatSuiteError).join('; ')}`);
  return { choice: builtinChoice(entry), suite: parsed.suite };
}

async function runNativeBench(args: BenchArgs, source: BenchSuiteSource): Promise<BenchOutcome> {
  const entry = catalog.find((m) => m.id === args.modelId);
  if (!entry) throw new UsageError(`Unknown model "${args.modelId}".`);
  const bundled = /^https?:/.test(entry.url) ? undefined : join(repoRoot, 'public', entry.url);
  const modelPath = args.modelFile ? resolve(args.modelFile) : bundled;
  if (!modelPath || !existsSync(modelPath)) {
    throw new UsageError(`The native engine needs the GGUF on disk: pass --model-file PATH for ${entry.id}.`);
  }
  const { choice, suite } = await loadSuiteInNode(source);
  return runNative(
    {
      choice,
      suite,
      mode: args.mode ?? choice.defaultMode,
      selection: args.selection,
      seed: args.seed,
      modelPath,
      model: {
        id: entry.id,
        name: entry.name,
        quant: entry.quant,
        source: args.modelFile ? basename(modelPath) : entry.url,
        contextSize: entry.contextSize,
      },
      precision: args.precision,
      nShot: args.nShot,
      includeImageItems: args.includeImageItems,
      log: (line) => console.log(line),
    },
    repoRoot,
  );
}

async function runEndpointBench(args: BenchArgs, source: BenchSuiteSource): Promise<BenchOutcome> {
  if (!args.endpoint) throw new UsageError('--engine endpoint needs --endpoint URL and --model-id ID.');
  const { choice, suite } = await loadSuiteInNode(source);
  return runEndpoint(
    {
      choice,
      suite,
      mode: args.mode ?? choice.defaultMode,
      selection: args.selection,
      seed: args.seed,
      maxTokens: args.maxTokens,
      nShot: args.nShot,
      includeImageItems: args.includeImageItems,
      endpoint: args.endpoint,
      log: (line) => console.log(line),
    },
    repoRoot,
  );
}

/**
 * An open-ended suite: answered in the app's own worker (the browser engine), then judged with --judge;
 * prints the scores and writes the result document the Benchmarks view exports.
 */
async function runOpenBench(args: BenchArgs, suite: BenchSuiteSource): Promise<number> {
  if (args.engine !== 'browser') throw new UsageError('Open-ended suites run on the browser engine; leave out --engine.');
  if (args.mode !== undefined) throw new UsageError('--mode is for multiple-choice suites: an open-ended suite is answered in free text.');
  if (args.nShot > 0) throw new UsageError('--num-fewshot is for multiple-choice suites.');
  const outcome = await runInBrowser(args, {
    method: 'runOpen',
    options: {
      modelId: args.modelId,
      suite,
      selection: args.selection,
      seed: args.seed,
      maxTokens: args.maxTokens,
      gpuLayers: args.gpuLayers,
      precision: args.precision,
      ...(args.judge === undefined ? {} : { judge: { modelId: args.judge, maxRetries: args.judgeRetries ?? DEFAULT_MAX_RETRIES } }),
    },
  });
  const parsed = parseOpenRunExport(outcome.json, 'the finished run');
  if (!parsed.ok) throw new Error(parsed.error);
  console.log(`\n${formatOpenSummary(parsed.doc)}\n`);
  const out = resolve(args.out ?? join('bench-results', openRunFileName(parsed.doc.run, 'json')));
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, outcome.json);
  console.log(`Wrote ${out} (${parsed.doc.results.length} answers, ${parsed.doc.grades.length} grades)`);
  return 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: BenchArgs | 'help';
  try {
    args = parseBenchArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`bench: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }
  try {
    let suite: BenchSuiteSource;
    if (args.suite.kind === 'file') {
      const path = resolve(args.suite.path);
      if (!existsSync(path)) {
        console.error(`bench: --suite-file ${args.suite.path}: no such file.`);
        return 2;
      }
      suite = { kind: 'file', fileName: basename(path), text: await readFile(path, 'utf8') };
    } else {
      suite = args.suite;
    }
    if (suite.kind === 'file' ? isOpenSuiteFile(suite.fileName, suite.text) : openSuiteIds.includes(suite.id)) {
      return await runOpenBench(args, suite);
    }
    if (args.judge !== undefined) throw new UsageError('--judge grades open-ended suites; this one is multiple-choice.');
    if (args.mode !== undefined && suite.kind === 'file') {
      const parsed = parseSuite(suite.text, {
        sha256: await sha256Hex(suite.text),
        format: /\.csv$/i.test(suite.fileName) ? 'csv' : undefined,
      });
      if (parsed.ok) refuseMode(suite.fileName, args.mode, suiteModes(parsed.suite.header.suite, parsed.suite.header));
    }
    const outcome =
      args.engine === 'native'
        ? await runNativeBench(args, suite)
        : args.engine === 'endpoint'
          ? await runEndpointBench(args, suite)
          : await runInBrowser(args, {
              method: 'run',
              options: {
                modelId: args.modelId,
                suite,
                mode: args.mode,
                selection: args.selection,
                seed: args.seed,
                maxTokens: args.maxTokens,
                gpuLayers: args.gpuLayers,
                precision: args.precision,
                nShot: args.nShot,
                includeImageItems: args.includeImageItems,
              },
            });
    const parsed = parseRunExport(outcome.json, 'the finished run');
    if (!parsed.ok) throw new Error(parsed.error);
    const { run, summary, results } = parsed.doc;
    console.log(`\n${formatSummary(run, summary)}\n`);
    const out = resolve(args.out ?? defaultOut(run));
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, outcome.json);
    console.log(`Wrote ${out} (${results.length} item results)`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`bench: ${e.message}`);
      return 2;
    }
    console.error(`bench: failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // Exit explicitly: vite's build and preview can leave handles open after a failure.
  process.exit(await main(process.argv.slice(2)));
}

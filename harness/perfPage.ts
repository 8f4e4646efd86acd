import * as Plot from '@observablehq/plot';
import { optionLetters, renderPrompt } from '../benchmarks/prompts/templates';
import { selectItems } from '../benchmarks/runner/sampling';
import { letterLogprobChoices } from '../benchmarks/scoring/letterLogprob';
import type { Suite } from '../core/suite';
import type { EngineCapabilities, ModelSpec } from '../core/engine';
import type { BedsidePerf, PerfModelSource } from '../core/perfHarness';
import { listResults } from '../storage/runs';
import type { PerfWorkerApi } from '../workers/perf.worker';
import { EngineClient } from '../src/lib/shared/engineClient';
import { catalog } from '../models/catalog';
import { specFor } from '../models/modelSpec';
import { createRun, executeRun, type RunEnvironment } from '../src/lib/runs/runSession';
import { loadBuiltinById } from '../src/lib/bench/suiteLoader';
import { templateFor, type SuiteChoice } from '../benchmarks/suites/suiteChoice';

/**
 * Entry page for `npm run bench:perf`: the Node harness drives window.bedsidePerf through Playwright.
 * Everything goes through the app's own engine worker, run session and IndexedDB code; only the
 * bare scoring loop (the overhead baseline) skips the runner, and it too runs in that worker.
 */

let crash: string | null = null;
const client = new EngineClient<PerfWorkerApi>(
  (message) => {
    crash = message;
  },
  () => new Worker(new URL('../workers/perf.worker.ts', import.meta.url), { type: 'module', name: 'bedside-perf' }),
);
let loaded: { caps: EngineCapabilities; name: string; source: string } | null = null;
/** The last fetched GGUF, kept so repeated loads time the engine, not the transfer. */
let fetched: { url: string; file: File } | null = null;
const suites = new Map<string, Promise<{ choice: SuiteChoice; suite: Suite }>>();

function model() {
  if (crash) throw new Error(crash);
  if (!loaded) throw new Error('Load a model first.');
  return loaded;
}

function suiteById(id: string) {
  let entry = suites.get(id);
  if (!entry) {
    entry = loadBuiltinById(id);
    suites.set(id, entry);
  }
  return entry;
}

async function specOf(source: PerfModelSource): Promise<{ spec: ModelSpec; name: string; origin: string }> {
  if (source.kind === 'catalog') {
    const entry = catalog.find((m) => m.id === source.id);
    if (!entry) throw new Error(`No catalog model "${source.id}".`);
    return { spec: { ...specFor(entry), precision: source.precision }, name: entry.name, origin: entry.url };
  }
  if (fetched?.url !== source.url) {
    fetched = null;
    const res = await fetch(new URL(source.url, document.baseURI));
    if (!res.ok) throw new Error(`${source.url}: HTTP ${res.status}`);
    fetched = { url: source.url, file: new File([await res.blob()], source.url.split('/').pop() ?? 'model.gguf') };
  }
  const file = fetched.file;
  const spec = {
    id: source.id,
    name: source.id,
    backend: 'wllama' as const,
    file,
    quant: source.quant,
    contextSize: source.contextSize,
    precision: source.precision,
  };
  return { spec, name: source.id, origin: source.url };
}

function environment(): RunEnvironment {
  const { caps, name, source } = model();
  // Harness profiles are fresh: the passphrase lock is never on there.
  return { remote: client.remote, lockKey: null, proxy: (fn) => client.proxy(fn), caps, modelName: name, modelSource: source, gpu: null };
}

const progressBar = document.getElementById('progress') as HTMLProgressElement | null;

const perf: BedsidePerf = {
  environment: () => ({
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    hardwareConcurrency: navigator.hardwareConcurrency,
    userAgent: navigator.userAgent,
  }),

  async load(source) {
    const { spec, name, origin } = await specOf(source);
    const started = performance.now();
    const caps = await client.remote.load(
      spec,
      client.proxy(() => undefined),
    );
    const loadMs = performance.now() - started;
    loaded = { caps, name, source: origin };
    return { caps, loadMs };
  },

  async unload() {
    await client.remote.unload();
    loaded = null;
  },

  async fullRun({ suiteId, n, mode, maxTokens, seed }) {
    const { choice, suite } = await suiteById(suiteId);
    const env = environment();
    const started = performance.now();
    const run = await createRun({ suite: choice, mode, selection: { kind: 'limit', n }, seed, maxTokens, stepByStep: false }, suite, env);
    const end = await executeRun(run, suite, env, (p) => {
      if (progressBar) progressBar.value = p.total ? p.done / p.total : 0;
    });
    const ms = performance.now() - started;
    if (end.status !== 'completed') throw new Error(crash ?? end.error ?? `The run ended ${end.status}.`);
    const results = await listResults(run.id, null);
    const tokens = results.flatMap((r) => (r.completionTokens === null ? [] : [r.completionTokens]));
    return {
      ms,
      items: run.itemIds.length,
      scoringMs: results.reduce((a, r) => a + r.latencyMs, 0),
      meanCompletionTokens: tokens.length ? tokens.reduce((a, b) => a + b, 0) / tokens.length : null,
    };
  },

  async bareScore({ suiteId, n, seed }) {
    const { suite } = await suiteById(suiteId);
    const template = templateFor(suite, suiteId, 'letter-logprob', false);
    const items = selectItems(suite.items, { kind: 'limit', n }, seed);
    const prompts = items.map((item) => renderPrompt(template, item));
    const choices = items.map((item) => letterLogprobChoices(optionLetters(item)));
    const { ms } = await client.remote.scoreBare(model().caps.info.modelId, prompts, choices);
    return { ms, items: items.length, scoringMs: ms, meanCompletionTokens: null };
  },

  async prefillOnly({ suiteId, n, seed, mode }) {
    const { suite } = await suiteById(suiteId);
    const template = templateFor(suite, suiteId, mode, false);
    const items = selectItems(suite.items, { kind: 'limit', n }, seed);
    const prompts = items.map((item) => renderPrompt(template, item));
    // " B" is one token in the bundled model's vocabulary: one request, the prompt plus one decoded token.
    const { ms } = await client.remote.scoreBare(
      model().caps.info.modelId,
      prompts,
      prompts.map(() => [' B']),
    );
    return { ms, items: items.length, scoringMs: ms, meanCompletionTokens: null };
  },

  async generate(prompt, maxTokens) {
    const started = performance.now();
    const reply = await client.remote.chat(
      model().caps.info.modelId,
      [{ role: 'user', content: prompt }],
      { temperature: 0, topP: 1, maxTokens, seed: 1 },
      client.proxy(() => undefined),
    );
    return { text: reply.text, finishReason: reply.finishReason, usage: reply.usage, wallMs: performance.now() - started };
  },

  plotScale(points) {
    const svg = Plot.plot({
      width: 900,
      height: 420,
      marginRight: 110,
      grid: true,
      x: { type: 'log', label: 'parameters' },
      y: { type: 'log', label: 'tokens/s' },
      fx: { label: null, domain: ['prompt', 'decode'] },
      color: { type: 'categorical' },
      marks: [
        Plot.line(points, { x: 'parameters', y: 'tokensPerSecond', fx: 'phase', stroke: 'series', sort: 'parameters' }),
        Plot.dot(points, { x: 'parameters', y: 'tokensPerSecond', fx: 'phase', fill: 'series', r: 3 }),
        Plot.text(
          points,
          Plot.selectLast({
            x: 'parameters',
            y: 'tokensPerSecond',
            fx: 'phase',
            z: 'series',
            text: 'series',
            fill: 'series',
            dx: 6,
            textAnchor: 'start',
          }),
        ),
      ],
    });
    // A standalone .svg file needs the namespace that an inline one gets from the HTML parser.
    svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    return svg.outerHTML;
  },
};

window.bedsidePerf = perf;
document.getElementById('status')?.replaceChildren('Ready: window.bedsidePerf');

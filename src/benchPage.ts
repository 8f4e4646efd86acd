import { summarizeRun, type RunSummary } from '../benchmarks/metrics/summary';
import type { ItemSelection, RunProgress } from '../core/run';
import { formatSuiteError } from '../benchmarks/suites/parseSuite';
import type { ScoringMode, Suite } from '../core/suite';
import type { LoadProgress } from '../core/engine';
import { runToJson } from './lib/bench/runExport';
import { getRun, listResults } from '../storage/runs';
import type { RunRecord, StoredItemResult } from '../storage/records';
import { gpuLabel } from './lib/capabilities/gpuLabel';
import { probeCapabilities } from './lib/capabilities/probe';
import { availability } from './lib/capabilities/availability';
import { backendLabel } from './lib/capabilities/backendLabel';
import { resolveGpuLayers } from './lib/models/gpuLayers';
import type { GpuLayersChoice } from '../core/engine';
import { EngineClient } from './lib/engineClient';
import { catalog } from './lib/models/catalog';
import type { CatalogEntry } from '../core/catalogEntry';
import { specFor } from './lib/models/modelSpec';
import { createRun, executeRun, type RunEnvironment } from './lib/runs/runSession';
import { customChoice, customRecord, loadBuiltinById, readSuiteFile, type SuiteChoice } from './lib/suites/suiteSource';

/**
 * Entry page for `npm run bench`: the CLI drives it with Playwright and calls window.bedsideBench.run.
 * It goes through the same engine worker, run session and IndexedDB code as the Benchmarks view,
 * so a headless number means what the UI's number means.
 */

export type BenchSuiteSource = { kind: 'builtin'; id: string } | { kind: 'file'; fileName: string; text: string };

export interface BenchOptions {
  modelId: string;
  suite: BenchSuiteSource;
  /** The suite's default mode when absent. */
  mode?: ScoringMode;
  selection: ItemSelection;
  seed: number;
  maxTokens: number;
  /** GGUF layers on WebGPU (`npm run bench -- --gpu-layers`); Auto when absent. */
  gpuLayers?: GpuLayersChoice;
}

export interface BenchOutcome {
  run: RunRecord;
  results: StoredItemResult[];
  summary: RunSummary;
  /** The Benchmarks view's "Export JSON" document. */
  json: string;
}

declare global {
  interface Window {
    bedsideBench: { run(options: BenchOptions): Promise<BenchOutcome> };
  }
}

/** Picked up by the CLI from the console; one line per event keeps its log readable. */
function log(text: string): void {
  console.log(`[bench] ${text}`);
}

function findModel(id: string): CatalogEntry {
  const model = catalog.find((m) => m.id === id);
  if (!model) throw new Error(`Unknown model "${id}". Catalog models: ${catalog.map((m) => m.id).join(', ')}.`);
  return model;
}

async function loadSuite(source: BenchSuiteSource): Promise<{ choice: SuiteChoice; suite: Suite }> {
  if (source.kind === 'file') {
    // Validated exactly as the Data view's import validates a picked file.
    const parsed = await readSuiteFile(new File([source.text], source.fileName));
    if (!parsed.ok) {
      const more = parsed.truncated ? '\n  … and more' : '';
      throw new Error(`${source.fileName} is not a valid suite:\n  ${parsed.errors.map(formatSuiteError).join('\n  ')}${more}`);
    }
    const record = customRecord(parsed.suite, source.fileName);
    return { choice: customChoice(record), suite: record };
  }
  return loadBuiltinById(source.id);
}

function progressLine(p: RunProgress): string {
  const acc = p.accuracy === null ? '—' : `${(100 * p.accuracy).toFixed(1)}%`;
  const rate = p.itemsPerSecond === null ? '' : `, ${p.itemsPerSecond.toFixed(2)} items/s`;
  return `${p.done}/${p.total} scored, accuracy ${acc}${rate}`;
}

async function run(options: BenchOptions): Promise<BenchOutcome> {
  const model = findModel(options.modelId);
  const { choice, suite } = await loadSuite(options.suite);
  log(`suite ${choice.id} (${suite.items.length} items, sha256 ${choice.sha256.slice(0, 12)}…)`);

  // A dead worker never answers pending calls, so a crash must end the run instead of hanging the CLI.
  let crashed: (message: string) => void = () => undefined;
  const crash = new Promise<never>((_, fail) => {
    crashed = (message) => fail(new Error(message));
  });
  crash.catch(() => undefined);
  const client = new EngineClient((message) => crashed(message));
  log(`loading ${model.id} (${model.backend}, ${model.quant})`);
  const device = await probeCapabilities();
  const gpuLayersChoice = options.gpuLayers ?? 'auto';
  const gpuLayers = model.backend === 'wllama' ? resolveGpuLayers(gpuLayersChoice, availability(device, model)) : undefined;
  const spec = {
    ...specFor(model),
    ...(model.backend === 'wllama' ? { gpuLayersChoice } : {}),
    ...(gpuLayers === undefined ? {} : { gpuLayers }),
  };
  let stage = '';
  const onProgress = (p: LoadProgress) => {
    if (p.stage === stage) return;
    stage = p.stage;
    log(`${p.stage}: ${p.text}`);
  };
  const caps = await Promise.race([client.remote.load(spec, client.proxy(onProgress)), crash]);
  log(`loaded: ${caps.info.backend} ${caps.info.engineVersion}, ${backendLabel(caps)}, context ${caps.contextSize}`);

  // As the Benchmarks view records it, so headless and UI runs compare.
  const env: RunEnvironment = {
    remote: client.remote,
    proxy: (fn) => client.proxy(fn),
    caps,
    modelName: model.name,
    modelSource: model.url,
    gpu: gpuLabel(device.gpu),
  };
  const mode = options.mode ?? choice.defaultMode;
  const record = await createRun(
    { suite: choice, mode, selection: options.selection, seed: options.seed, maxTokens: options.maxTokens, stepByStep: false },
    suite,
    env,
  );
  log(`run ${record.id}: ${record.itemIds.length} items, mode ${mode}, prompt ${record.config.prompt.id}`);

  let lastLogged = 0;
  const onRunProgress = (p: RunProgress) => {
    const now = performance.now();
    if (p.done === p.total || now - lastLogged > 2000) {
      lastLogged = now;
      log(progressLine(p));
    }
  };
  const end = await Promise.race([executeRun(record, suite, env, onRunProgress), crash]);
  if (end.status !== 'completed') throw new Error(end.error ?? `The run ended ${end.status}.`);

  const stored = await getRun(record.id);
  if (!stored) throw new Error(`Run ${record.id} vanished from IndexedDB.`);
  const results = await listResults(record.id);
  const summary = summarizeRun(results);
  return { run: stored, results, summary, json: runToJson(stored, results, summary) };
}

window.bedsideBench = { run };
document.getElementById('status')?.replaceChildren('Ready: window.bedsideBench.run(options)');

import { summarizeRun } from '../benchmarks/metrics/summary';
import type { RunProgress } from '../core/run';
import { formatSuiteError } from '../benchmarks/suites/parseSuite';
import type { Suite } from '../core/suite';
import type { LoadProgress } from '../core/engine';
import type { BenchOptions, BenchOutcome, BenchSuiteSource } from '../core/benchmarkHarness';
import { runToJson } from '../benchmarks/runs/runExport';
import { getRun, listResults } from '../storage/runs';
import { gpuLabel } from '../src/lib/models/gpuLabel';
import { probeCapabilities } from '../src/lib/models/probe';
import { availability } from '../models/availability';
import { backendLabel } from '../models/backendLabel';
import { resolveGpuLayers } from '../models/gpuLayers';
import { EngineClient } from '../src/lib/shared/engineClient';
import { catalog } from '../models/catalog';
import type { CatalogEntry } from '../core/catalogEntry';
import { specFor } from '../models/modelSpec';
import { createRun, executeRun, type RunEnvironment } from '../src/lib/runs/runSession';
import { loadBuiltinById, readSuiteFile } from '../src/lib/bench/suiteLoader';
import { customChoice, customRecord, type SuiteChoice } from '../benchmarks/suites/suiteChoice';

/**
 * Entry page for `npm run bench`: the CLI drives it with Playwright and calls window.bedsideBench.run.
 * It goes through the same engine worker, run session and IndexedDB code as the Benchmarks view,
 * so a headless number means what the UI's number means.
 */

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
    ...(model.backend === 'wllama' ? { gpuLayersChoice, precision: options.precision ?? 'exact' } : {}),
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
    {
      suite: choice,
      mode,
      selection: options.selection,
      seed: options.seed,
      maxTokens: options.maxTokens,
      stepByStep: false,
      nShot: options.nShot,
      includeImageItems: options.includeImageItems,
    },
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
  return { json: runToJson(stored, results, summarizeRun(results)) };
}

window.bedsideBench = { run };
document.getElementById('status')?.replaceChildren('Ready: window.bedsideBench.run(options)');

import type { GpuLayersChoice, LoadProgress, Precision } from '../core/engine';
import type { CatalogEntry } from '../core/catalogEntry';
import { availability } from '../models/availability';
import { backendLabel } from '../models/backendLabel';
import { catalog } from '../models/catalog';
import { resolveGpuLayers } from '../models/gpuLayers';
import { specFor } from '../models/modelSpec';
import { gpuLabel } from '../src/lib/models/gpuLabel';
import { probeCapabilities } from '../src/lib/models/probe';
import type { RunEnvironment } from '../src/lib/runs/runSession';
import { EngineClient } from '../src/lib/shared/engineClient';

/** Picked up by the CLI from the console; one line per event keeps its log readable. */
export function log(text: string): void {
  console.log(`[bench] ${text}`);
}

export function findModel(id: string): CatalogEntry {
  const model = catalog.find((m) => m.id === id);
  if (!model) throw new Error(`Unknown model "${id}". Catalog models: ${catalog.map((m) => m.id).join(', ')}.`);
  return model;
}

/**
 * The engine worker a harness run goes through, as the Benchmarks view's. A dead worker never answers
 * pending calls, so `crash` rejects when it dies: race it against every call, and a crash ends the run
 * instead of hanging the CLI.
 */
export function startEngine(): { client: EngineClient; crash: Promise<never> } {
  let crashed: (message: string) => void = () => undefined;
  const crash = new Promise<never>((_, fail) => {
    crashed = (message) => fail(new Error(message));
  });
  crash.catch(() => undefined);
  return { client: new EngineClient((message) => crashed(message)), crash };
}

/** Loads a catalog model as `npm run bench` asks (GPU layers, precision) and gives the run environment the Benchmarks view records. */
export async function loadModel(
  engine: { client: EngineClient; crash: Promise<never> },
  model: CatalogEntry,
  options: { gpuLayers?: GpuLayersChoice; precision?: Precision },
): Promise<RunEnvironment> {
  const { client, crash } = engine;
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
  return {
    remote: client.remote,
    // Harness profiles are fresh: the passphrase lock is never on there.
    lockKey: null,
    proxy: (fn) => client.proxy(fn),
    caps,
    modelName: model.name,
    modelSource: model.url,
    gpu: gpuLabel(device.gpu),
  };
}

import type { ModelSpec } from '../core/engine';
import type { AdapterFacts, PlacementRun } from '../core/gpuCheckHarness';
import { probeCapabilities } from '../src/lib/models/probe';
import { EngineClient } from '../src/lib/shared/engineClient';

/**
 * Entry page for `npm run gpu:check`: the CLI drives window.bedsideGpuCheck through Playwright. Loads go
 * through the app's own engine worker, so what it reports is what the app would do on this GPU.
 */

interface AdapterWithSets {
  features: Iterable<string>;
  limits: Record<string, unknown>;
}

async function adapter(): Promise<AdapterFacts> {
  const report = await probeCapabilities();
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<AdapterWithSets | null> } }).gpu;
  const raw = await gpu?.requestAdapter().catch(() => null);
  const limits: Record<string, number> = {};
  // GPUSupportedLimits keeps its values on the prototype, so they are read by name.
  for (const key in raw?.limits ?? {}) {
    const value = raw?.limits[key];
    if (typeof value === 'number') limits[key] = value;
  }
  return { gpu: report.gpu, features: raw ? [...raw.features].sort() : [], limits };
}

const LETTERS = [' A', ' B', ' C', ' D'];

async function run(spec: ModelSpec, prompt: string, maxTokens: number): Promise<PlacementRun> {
  // A lost worker rejects the pending call itself (WorkerLostError), which ends this run with its message.
  const client = new EngineClient(() => undefined);
  try {
    const started = performance.now();
    const caps = await client.remote.load(
      spec,
      client.proxy(() => undefined),
    );
    const loadMs = performance.now() - started;
    let text = '';
    const result = await client.remote.chat(
      spec.id,
      [{ role: 'user', content: prompt }],
      { temperature: 0, topP: 1, maxTokens },
      client.proxy((piece: string) => {
        text += piece;
      }),
    );
    const letterScores = await client.remote.scoreChoices(spec.id, `${prompt}\nAnswer:`, LETTERS);
    await client.remote.unload();
    return {
      compute: caps.compute ?? null,
      loadMs,
      text: result.text || text,
      completionTokens: result.usage.completionTokens,
      decodeTokensPerSecond: result.usage.decodeTokensPerSecond,
      prefillTokensPerSecond: result.usage.prefillTokensPerSecond,
      letterScores,
    };
  } finally {
    client.dispose();
  }
}

window.bedsideGpuCheck = { adapter, run };
document.getElementById('status')?.replaceChildren('Ready: window.bedsideGpuCheck');

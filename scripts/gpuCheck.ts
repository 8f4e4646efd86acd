/**
 * `npm run gpu:check`: does wllama put GGUF layers on this machine's GPU, and does it compute the same
 * there? Opens the harness page gpucheck.html (harness/, served by vite.harness.config.ts) in headless
 * Chromium with WebGPU enabled, prints the adapter, its features and limits, then loads the bundled model
 * and a synthetic f16 Llama twice each, all layers on WebGPU and CPU only, and compares greedy text and
 * letter scores and the speed of each. Without a shader-f16 adapter (llama.cpp's WebGPU backend needs
 * it) it says so and exits 0: nothing to compare.
 */
import { resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright';
import { createServer, type ViteDevServer } from 'vite';
import type { ModelSpec } from '../core/engine';
import { chromiumArgs, chromiumPath } from '../e2e/chromium.ts';
import type { AdapterFacts, PlacementRun } from '../core/gpuCheckHarness';
import { placementLabel } from '../models/backendLabel';
import { ALL_GPU_LAYERS } from '../models/gpuLayers';
import { gguf, readGgufHeader } from '../testing/gguf';
import { encodeGguf } from '../testing/ggufWriter';
import { SYNTHETIC_SHAPES, spmVocabFromMetadata, syntheticLlamaGguf } from '../testing/syntheticLlama';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PROMPT = 'Question: Which organ produces insulin?\nA. Liver\nB. Pancreas\nC. Kidney\nD. Spleen';
const SYNTHETIC_PATH = '/gpu-check/synthetic-60m-f16.gguf';
/** Letter log-probs on the two paths may differ by f16 rounding, not by more. */
const SCORE_TOLERANCE = 0.05;

export const SKIPPED = 'skipped: no shader-f16 adapter';

/** The adapter, its features and limits, as the report prints them. */
export function formatAdapter(a: AdapterFacts): string {
  if (!a.gpu) return 'Adapter   none (navigator.gpu gave no adapter)';
  const name = [a.gpu.vendor, a.gpu.architecture, a.gpu.description].filter(Boolean).join(' · ') || '(no details)';
  const limits = Object.entries(a.limits)
    .map(([k, v]) => `  ${k.padEnd(42)} ${v.toLocaleString('en-US')}`)
    .join('\n');
  return [
    `Adapter   ${name}${a.gpu.isFallbackAdapter ? ' (software, CPU-emulated)' : ''}`,
    `Features  ${a.features.join(', ') || '(none)'}`,
    `shader-f16 ${a.gpu.shaderF16 ? 'yes' : 'no'}`,
    'Limits',
    limits,
  ].join('\n');
}

export interface Comparison {
  sameText: boolean;
  /** Largest difference between the two paths' log-prob of any letter. */
  maxScoreDiff: number;
  sameBestLetter: boolean;
}

export function compareRuns(gpu: PlacementRun, cpu: PlacementRun): Comparison {
  const diffs = gpu.letterScores.map((s, i) => Math.abs(s.logprob - (cpu.letterScores[i]?.logprob ?? Number.NaN)));
  const best = (r: PlacementRun) => r.letterScores.reduce((a, b) => (b.logprob > a.logprob ? b : a)).choice;
  return { sameText: gpu.text === cpu.text, maxScoreDiff: Math.max(...diffs), sameBestLetter: best(gpu) === best(cpu) };
}

function formatRun(label: string, r: PlacementRun): string {
  const placement = r.compute ? placementLabel(r.compute) : 'unknown';
  const scores = r.letterScores.map((s) => `${s.choice.trim()} ${s.logprob.toFixed(3)}`).join('  ');
  return [
    `  ${label.padEnd(9)} ${placement}${r.compute?.kind === 'cpu' ? ` (${r.compute.reason})` : ''}`,
    `            load ${r.loadMs.toFixed(0)} ms · prefill ${r.prefillTokensPerSecond.toFixed(1)} tok/s · decode ${r.decodeTokensPerSecond.toFixed(1)} tok/s (${r.completionTokens} tokens)`,
    `            greedy ${JSON.stringify(r.text.slice(0, 80))}`,
    `            letters ${scores}`,
  ].join('\n');
}

async function syntheticF16(): Promise<Buffer> {
  const donor = await readGgufHeader(resolve(repoRoot, 'public/models/stories260K/stories260K.gguf'));
  const spec = syntheticLlamaGguf(
    SYNTHETIC_SHAPES.find((s) => s.id === '60m')!,
    'f16',
    spmVocabFromMetadata(donor.metadata),
    3,
  );
  return Buffer.concat([
    ...encodeGguf({ ...spec, metadata: new Map([...spec.metadata, ['general.name', gguf.str('synthetic-60m-f16')]]) }),
  ]);
}

async function checkModel(page: Page, spec: Omit<ModelSpec, 'gpuLayers' | 'gpuLayersChoice'>): Promise<boolean> {
  const run = (gpuLayers: number) =>
    page.evaluate(([s, prompt]) => window.bedsideGpuCheck.run(s, prompt, 32), [
      { ...spec, gpuLayers, gpuLayersChoice: gpuLayers === 0 ? ('cpu' as const) : ('all' as const) },
      PROMPT,
    ] as const);
  const gpu = await run(ALL_GPU_LAYERS);
  const cpu = await run(0);
  const c = compareRuns(gpu, cpu);
  const onGpu = gpu.compute?.kind === 'webgpu';
  console.log(`\n${spec.name} (${spec.quant})`);
  console.log(formatRun('all GPU', gpu));
  console.log(formatRun('CPU only', cpu));
  console.log(
    `  compare   greedy text ${c.sameText ? 'identical' : 'DIFFERS'} · letter log-probs max |Δ| ${c.maxScoreDiff.toFixed(4)} · best letter ${c.sameBestLetter ? 'same' : 'DIFFERS'}`,
  );
  if (onGpu && cpu.decodeTokensPerSecond > 0)
    console.log(`  speed     decode GPU/CPU ${(gpu.decodeTokensPerSecond / cpu.decodeTokensPerSecond).toFixed(2)}×`);
  if (!onGpu) console.log('  note      llama.cpp put no layer on the GPU although all were asked for');
  return onGpu && c.sameBestLetter && c.maxScoreDiff <= SCORE_TOLERANCE;
}

export async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { 'chromium-arg': { type: 'string', multiple: true } }, strict: true });
  let server: ViteDevServer | undefined;
  let browser: Browser | undefined;
  try {
    const configFile = resolve(repoRoot, 'vite.harness.config.ts');
    server = await createServer({ configFile, logLevel: 'warn', server: { host: '127.0.0.1', port: 0 } });
    await server.listen();
    const address = server.httpServer?.address();
    if (!address || typeof address !== 'object') throw new Error('The dev server has no address.');
    const origin = `http://127.0.0.1:${address.port}`;
    const args = [...chromiumArgs, '--enable-unsafe-webgpu', '--ignore-gpu-blocklist', ...(values['chromium-arg'] ?? [])];
    browser = await chromium.launch({ executablePath: chromiumPath, args });
    const context = await browser.newContext();
    // Nothing leaves this machine: only the local server answers.
    await context.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => route.abort('blockedbyclient'),
    );
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
    await page.goto(`${origin}/gpucheck.html`);
    await page.waitForFunction(() => 'bedsideGpuCheck' in window, undefined, { timeout: 120_000 });

    console.log(`Chromium ${browser.version()} · ${args.join(' ')}`);
    const adapter = await page.evaluate(() => window.bedsideGpuCheck.adapter());
    console.log(formatAdapter(adapter));
    if (!adapter.gpu?.shaderF16) {
      console.log(
        `\n${SKIPPED}${adapter.gpu ? '' : ' (no WebGPU adapter at all)'}: llama.cpp's WebGPU backend needs shader-f16, so wllama runs on the CPU here.`,
      );
      return 0;
    }

    const synthetic = await syntheticF16();
    await context.route(`${origin}${SYNTHETIC_PATH}`, (route) =>
      route.fulfill({ status: 200, headers: { 'Content-Type': 'application/octet-stream' }, body: synthetic }),
    );
    const base = { backend: 'wllama' as const, contextSize: 512 };
    const ok = [
      await checkModel(page, {
        ...base,
        id: 'stories260K',
        name: 'TinyStories 260K (bundled)',
        quant: 'f32',
        url: `${origin}/models/stories260K/stories260K.gguf`,
      }),
      await checkModel(page, {
        ...base,
        id: 'synthetic-60m-f16',
        name: 'Synthetic Llama 60M',
        quant: 'f16',
        url: `${origin}${SYNTHETIC_PATH}`,
      }),
    ];
    console.log(ok.every(Boolean) ? '\nGPU check passed.' : '\nGPU check FAILED: see above.');
    return ok.every(Boolean) ? 0 : 1;
  } catch (e) {
    console.error(`gpu:check failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exit(await main(process.argv.slice(2)));
}

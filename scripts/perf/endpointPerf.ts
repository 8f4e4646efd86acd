/**
 * What the endpoint engine costs on top of the HTTP it sends, and what concurrency buys, against a real
 * llama-server on 127.0.0.1 with the bundled model:
 * - `endpoint_harness_ratio`: a Bedside run (runBench over the endpoint engine: planning, scoring,
 *   results) in items/s, divided by a bare loop sending the same requests, recorded from that engine,
 *   with the same shape (an item's tokenize calls together, then its decodes in turn) and concurrency;
 * - `endpoint_concurrency_speedup`: the Bedside run at concurrency 4 divided by concurrency 1.
 *
 *   npx tsx scripts/perf/endpointPerf.ts [--items 100] [--repeats 5]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { RunConfig } from '../../core/run';
import type { SuiteItem } from '../../core/suite';
import { mcqLettered, optionLetters, promptRef, renderPrompt } from '../../benchmarks/prompts/templates';
import { letterLogprobChoices } from '../../benchmarks/scoring/letterLogprob';
import { runBench } from '../../benchmarks/runner/runBench';
import { createEndpointEngine } from '../../workers/engines/endpoint/endpointEngine';
import { builtLlamaServer } from '../llamaServer/binary';
import { startLlamaServer } from '../llamaServer/llamaServerProcess';

const ROOT = resolve(import.meta.dirname, '../..');
const MODEL = join(ROOT, 'public/models/stories260K/stories260K.gguf');

export interface EndpointPerf {
  items: number;
  concurrency: number;
  /** The best of the repeats, items per second: on a shared machine the least disturbed run is the truest. */
  bedsideItemsPerSecond: number;
  bareLoopItemsPerSecond: number;
  bedsideItemsPerSecondAtOne: number;
  endpointHarnessRatio: number;
  endpointConcurrencySpeedup: number;
  requestsPerItem: number;
}

interface RecordedRequest {
  path: string;
  body: string;
}

function medqaItems(n: number): SuiteItem[] {
  const lines = readFileSync(join(ROOT, 'public/suites/medqa-usmle-4.jsonl'), 'utf8').split('\n').filter(Boolean);
  return lines.slice(1, n + 1).map((line) => JSON.parse(line) as SuiteItem);
}

/** Up to `concurrency` tasks at once, in order; resolves when all have. */
async function pool<T>(tasks: readonly T[], concurrency: number, run: (task: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) await run(tasks[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

export async function measureEndpointPerf(options: { items?: number; repeats?: number; concurrency?: number } = {}): Promise<EndpointPerf> {
  const binary = builtLlamaServer();
  if (!binary) throw new Error('llama-server is not built: run npx tsx scripts/llamaServer/build.ts first.');
  const n = options.items ?? 100;
  const repeats = options.repeats ?? 5;
  const concurrency = options.concurrency ?? 4;
  const items = medqaItems(n);
  const server = await startLlamaServer({ binary, model: MODEL, parallel: concurrency, contextPerSlot: 2048 });
  try {
    // Each item's requests, as the engine sends them: recorded by a fetch that forwards and notes.
    let recording: RecordedRequest[] | null = null;
    const recordingFetch: typeof fetch = (input, init) => {
      if (recording && typeof init?.body === 'string') recording.push({ path: new URL(String(input)).pathname, body: init.body });
      return fetch(input, init);
    };
    const engine = createEndpointEngine({ fetch: recordingFetch });
    await engine.load(
      {
        id: 'endpoint:stories260K',
        name: 'stories260K',
        backend: 'endpoint',
        quant: 'f32',
        endpoint: { baseUrl: server.url, modelId: 'stories260K.gguf', concurrency },
      },
      () => undefined,
    );
    const perItem: RecordedRequest[][] = [];
    for (const item of items) {
      recording = [];
      await engine.scoreChoices(renderPrompt(mcqLettered, item), letterLogprobChoices(optionLetters(item)));
      perItem.push(recording);
    }
    recording = null;

    const config: RunConfig = {
      suite: { id: 'medqa-usmle-4', version: 1, sha256: 'perf' },
      prompt: await promptRef(mcqLettered),
      mode: 'letter-logprob',
      generation: { temperature: 0, topP: 1, maxTokens: 16 },
      seed: 0,
      selection: { kind: 'limit', n },
      nShot: 0,
    };
    const bedside = async (lanes: number) => {
      const started = performance.now();
      await runBench({
        engine,
        items,
        config,
        template: mcqLettered,
        done: new Set(),
        sink: { put: () => undefined },
        now: () => performance.now(),
        concurrency: lanes,
      });
      return (n * 1000) / (performance.now() - started);
    };
    const send = async (r: RecordedRequest) => {
      const response = await fetch(`${server.url}${r.path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: r.body,
      });
      await response.json();
    };
    const bare = async () => {
      const started = performance.now();
      await pool(perItem, concurrency, async (requests) => {
        await Promise.all(requests.filter((r) => r.path === '/tokenize').map(send));
        for (const r of requests.filter((x) => x.path !== '/tokenize')) await send(r);
      });
      return (n * 1000) / (performance.now() - started);
    };
    const runs = { bedside: [] as number[], bare: [] as number[], one: [] as number[] };
    // Alternated (bare first on even repeats, Bedside first on odd), so drift in the machine's load
    // and in the server's caches falls on both sides alike.
    for (let i = 0; i < repeats; i++) {
      if (i % 2 === 0) runs.bare.push(await bare());
      runs.bedside.push(await bedside(concurrency));
      if (i % 2 === 1) runs.bare.push(await bare());
      runs.one.push(await bedside(1));
    }
    const bedsideRate = Math.max(...runs.bedside);
    const bareRate = Math.max(...runs.bare);
    const oneRate = Math.max(...runs.one);
    return {
      items: n,
      concurrency,
      bedsideItemsPerSecond: bedsideRate,
      bareLoopItemsPerSecond: bareRate,
      bedsideItemsPerSecondAtOne: oneRate,
      endpointHarnessRatio: bedsideRate / bareRate,
      endpointConcurrencySpeedup: bedsideRate / oneRate,
      requestsPerItem: perItem.reduce((s, r) => s + r.length, 0) / n,
    };
  } finally {
    await server.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { items: { type: 'string' }, repeats: { type: 'string' } } });
  const result = await measureEndpointPerf({
    items: values.items ? Number(values.items) : undefined,
    repeats: values.repeats ? Number(values.repeats) : undefined,
  });
  console.log(JSON.stringify(result, null, 2));
}

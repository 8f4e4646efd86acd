/**
 * What the endpoint engine costs on top of the HTTP it sends, and what concurrency buys, against a real
 * llama-server on 127.0.0.1 with the bundled model:
 * - `endpoint_harness_ratio`: a Bedside run (runBench over the endpoint engine: planning, scoring,
 *   results) in items/s, divided by a bare loop sending the same requests, recorded from that engine,
 *   with the same shape (an item's tokenize calls together, then its decodes in turn) and concurrency;
 *   the median over back-to-back pairs;
 * - `endpoint_concurrency_speedup`: the Bedside run at concurrency 4 divided by concurrency 1, per repeat,
 *   the median.
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
import { buildLlamaServer } from '../llamaServer/build';
import { startLlamaServer } from '../llamaServer/llamaServerProcess';
import type { EndpointPerfSection } from './perfReport';
import { summarize } from './stats';

const ROOT = resolve(import.meta.dirname, '../..');
const MODEL = join(ROOT, 'public/models/stories260K/stories260K.gguf');

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

export async function measureEndpointPerf(
  options: { items?: number; repeats?: number; concurrency?: number; log?: (line: string) => void } = {},
): Promise<EndpointPerfSection> {
  // Built once per machine (10-25 minutes); cached outside the repository afterwards.
  const binary = buildLlamaServer(options.log);
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
    const caps = await engine.load(
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
    const runs = { bedside: [] as number[], bare: [] as number[], one: [] as number[], pairs: [] as number[], speedups: [] as number[] };
    // Bare and Bedside back to back, alternating which goes first; the median of their per-pair ratios
    // cancels the drift of a shared machine, as the page harness's overhead does (benchPerf.ts).
    for (let i = 0; i < repeats; i++) {
      let bareRate: number;
      let bedsideRate: number;
      if (i % 2 === 0) {
        bareRate = await bare();
        bedsideRate = await bedside(concurrency);
      } else {
        bedsideRate = await bedside(concurrency);
        bareRate = await bare();
      }
      const oneRate = await bedside(1);
      runs.bare.push(bareRate);
      runs.bedside.push(bedsideRate);
      runs.one.push(oneRate);
      runs.pairs.push(bedsideRate / bareRate);
      runs.speedups.push(bedsideRate / oneRate);
    }
    return {
      server: `${caps.info.engineVersion}, ${concurrency} slots, 1 thread`,
      model: 'stories260K',
      suite: 'medqa-usmle-4',
      items: n,
      concurrency,
      requestsPerItem: perItem.reduce((sum, r) => sum + r.length, 0) / n,
      bedside: summarize(runs.bedside),
      bare: summarize(runs.bare),
      bedsideAtOne: summarize(runs.one),
      pairRatio: summarize(runs.pairs),
      concurrencySpeedup: summarize(runs.speedups),
    };
  } finally {
    await server.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { items: { type: 'string' }, repeats: { type: 'string' } } });
  const section = await measureEndpointPerf({
    items: values.items ? Number(values.items) : undefined,
    repeats: values.repeats ? Number(values.repeats) : undefined,
    log: (line) => console.error(line),
  });
  console.log(
    JSON.stringify(
      { endpoint_harness_ratio: section.pairRatio.median, endpoint_concurrency_speedup: section.concurrencySpeedup.median, ...section },
      null,
      2,
    ),
  );
}

/**
 * Native llama.cpp baseline (through node-llama-cpp's prebuilt CPU binary) for the wllama comparison.
 *
 *   npm run perf:native -- MODEL.gguf [MODEL2.gguf …] [--all] [--threads 2] [--prompt-tokens 64]
 *                          [--decode-tokens 32] [--repeats 5] [--prompt TEXT] [--mmap] [--precision fast|exact]
 *
 * Prints JSON to stdout (one object, or an array for several models); progress goes to stderr.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { LlamaContext, LlamaModel, Token } from 'node-llama-cpp';
import type { Precision, PrecisionSetting } from '../../core/engine';
import { getNativeLlama, listenToNativeLog, loggedDuring } from '../../testing/nativeLlama';
import { precisionFromLoadLog } from '../../workers/engines/wllamaPrecision';
import { nativePrecisionOptions } from '../native/nativeEngine';
import { summarize, type Stat } from './stats';
import { SYNTHETIC_MODELS_DIR, type SyntheticModelEntry } from './writeSyntheticModels';

export interface NativeBenchOptions {
  modelPath: string;
  /** Threads for both prompt processing and decoding; give wllama the same `n_threads`. */
  threads?: number;
  /** Source text; it is cut (or repeated) to exactly `promptTokens` tokens. */
  prompt?: string;
  /** Prompt length in tokens, BOS included (what llama.cpp reports as prompt tokens). */
  promptTokens?: number;
  /** Tokens to generate greedily, the first one included. */
  decodeTokens?: number;
  repeats?: number;
  /**
   * Off by default: wllama copies the whole file into WASM memory, and with mmap native "load" would
   * only map the file and move the page-in cost into the first prompt.
   */
  useMmap?: boolean;
  /** exact: f32 KV cache, no flash attention (what wllama runs for benchmarks); fast (default): llama.cpp's defaults. */
  precision?: Precision;
}

export interface NativeBenchRun {
  /** loadModel + createContext: what an app waits for before it can send a prompt. */
  loadMs: number;
  modelLoadMs: number;
  contextCreateMs: number;
  /** Prompt evaluation up to the first sampled token (greedy sampling of one token is negligible). */
  promptMs: number;
  promptTokensPerSecond: number;
  /** From the first generated token to the last: decodeTokens − 1 forward passes, as llama.cpp's "eval time". */
  decodeMs: number;
  decodeTokensPerSecond: number;
  /**
   * Median gap between consecutive tokens. On a 2-core box with 2 threads a few tokens stall for tens
   * of ms (spinning compute threads losing their core); this shows the typical token despite them.
   */
  decodeMedianTokenMs: number;
  /** llama.cpp's own llama_perf_context counters for the same run: compute only, no JS in between. */
  llamaCpp: { promptEvalMs: number; promptEvalTokens: number; evalMs: number; evalRuns: number };
}

export interface NativeBenchResult {
  engine: 'llama.cpp via node-llama-cpp';
  llamaCppRelease: string;
  binary: string;
  modelPath: string;
  fileBytes: number;
  threads: number;
  useMmap: boolean;
  /** The KV type and flash attention llama.cpp ran with, from its load log. */
  precision: PrecisionSetting;
  contextSize: number;
  /** Feed exactly this text to another engine (with BOS added) to get the same prompt tokens. */
  promptText: string;
  promptTokenIds: number[];
  promptTokens: number;
  decodeTokens: number;
  repeats: number;
  generatedText: string;
  /** Times: min is the best run. Rates: max is the best run. */
  loadMs: Stat;
  promptMs: Stat;
  promptTokensPerSecond: Stat;
  decodeMs: Stat;
  decodeTokensPerSecond: Stat;
  decodeMedianTokenMs: Stat;
  llamaCppPromptTokensPerSecond: Stat;
  llamaCppDecodeTokensPerSecond: Stat;
  /** Highest process RSS sampled after load, prompt and decode in this model's runs (native memory included). */
  peakRssBytes: number;
  /** getrusage maxrss of the whole process so far: only per-model if the process benches one model. */
  processMaxRssBytes: number;
  runs: NativeBenchRun[];
}

export const DEFAULT_PROMPT =
  'Once upon a time, there was a little girl named Lily. She loved to play outside in the park with her friends. ' +
  'One day, she saw a big red ball near the tree. She ran to the ball and picked it up. Her mom smiled and said, ' +
  '"Be careful, Lily, and share the ball with your friends." Lily nodded and gave the ball to her friend Tom. ' +
  'They played together all day and laughed until the sun went down.';

async function llamaCppTimings(context: LlamaContext): Promise<NativeBenchRun['llamaCpp']> {
  // printTimings() writes through llama.cpp's log, at info level.
  const perfLines: string[] = [];
  const stop = listenToNativeLog((message) => {
    if (message.includes('llama_perf_context_print')) perfLines.push(message);
  });
  try {
    await context.printTimings();
    const text = perfLines.join('\n');
    const prompt = /prompt eval time =\s*([\d.]+) ms \/\s*(\d+) tokens/.exec(text);
    const evalLine = /\beval time =\s*([\d.]+) ms \/\s*(\d+) runs/.exec(text.replace(/prompt eval time/g, ''));
    if (prompt === null || evalLine === null) throw new Error(`unexpected llama.cpp timings output:\n${text}`);
    return {
      promptEvalMs: Number(prompt[1]),
      promptEvalTokens: Number(prompt[2]),
      evalMs: Number(evalLine[1]),
      evalRuns: Number(evalLine[2]),
    };
  } finally {
    stop();
  }
}

/**
 * Finds text whose tokenization (plus BOS) is exactly `count` tokens. Detokenized pieces do not always
 * re-tokenize to the same count at the cut, so nearby cuts are tried.
 */
export function promptOfExactLength(model: LlamaModel, source: string, count: number): { text: string; tokens: Token[] } {
  const bos = model.tokens.bos;
  if (bos === null) throw new Error('model has no BOS token');
  const want = count - 1;
  let pool = model.tokenize(source);
  if (pool.length === 0) throw new Error('prompt tokenizes to nothing');
  while (pool.length < want + 16) pool = model.tokenize(`${model.detokenize(pool)} ${source}`);
  for (let delta = 0; delta <= 8; delta++) {
    for (const cut of [want - delta, want + delta]) {
      const text = model.detokenize(pool.slice(0, cut));
      const tokens = model.tokenize(text);
      if (tokens.length === want) return { text, tokens: [bos, ...tokens] };
    }
  }
  throw new Error(`no cut of the prompt tokenizes to ${want} tokens`);
}

function sampleRss(peak: { bytes: number }): void {
  peak.bytes = Math.max(peak.bytes, process.memoryUsage.rss());
}

export async function runNativeBench(options: NativeBenchOptions): Promise<NativeBenchResult> {
  const threads = options.threads ?? 2;
  const promptTokens = options.promptTokens ?? 64;
  const decodeTokens = options.decodeTokens ?? 32;
  const repeats = options.repeats ?? 5;
  const useMmap = options.useMmap ?? false;
  if (decodeTokens < 2) throw new Error('decodeTokens must be at least 2 to time decoding');
  const contextSize = Math.ceil((promptTokens + decodeTokens) / 256) * 256;
  const llama = await getNativeLlama();
  const peak = { bytes: 0 };
  const runs: NativeBenchRun[] = [];
  let prompt: { text: string; tokens: Token[] } | undefined;
  let generatedText = '';
  const asked = options.precision ?? 'fast';
  let precision: PrecisionSetting | undefined;

  // Each repeat reloads the model, so load time is sampled as often as the rest (page cache is warm after the first).
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const model = await llama.loadModel({ modelPath: options.modelPath, gpuLayers: 0, useMmap });
    const t1 = performance.now();
    const { value: context, lines } = await loggedDuring(
      () =>
        model.createContext({
          contextSize,
          batchSize: Math.max(promptTokens, 32),
          threads,
          sequences: 1,
          performanceTracking: true,
          ...nativePrecisionOptions(asked),
        }),
      /compute buffer size/,
    );
    const t2 = performance.now();
    sampleRss(peak);
    precision ??= precisionFromLoadLog(lines, asked);
    try {
      prompt ??= promptOfExactLength(model, options.prompt ?? DEFAULT_PROMPT, promptTokens);
      const generated: Token[] = [];
      const at: number[] = [];
      const start = performance.now();
      for await (const token of context.getSequence().evaluate(prompt.tokens, { temperature: 0 })) {
        at.push(performance.now());
        generated.push(token);
        if (generated.length === 1) sampleRss(peak);
        if (generated.length === decodeTokens) break;
      }
      sampleRss(peak);
      if (generated.length !== decodeTokens) throw new Error(`generation stopped after ${generated.length} tokens`);
      if (r === 0) generatedText = model.detokenize(generated);
      const firstAt = at[0] ?? NaN;
      const promptMs = firstAt - start;
      const decodeMs = (at[at.length - 1] ?? NaN) - firstAt;
      const gaps = at.slice(1).map((t, i) => t - (at[i] ?? NaN));
      runs.push({
        loadMs: t2 - t0,
        modelLoadMs: t1 - t0,
        contextCreateMs: t2 - t1,
        promptMs,
        promptTokensPerSecond: (promptTokens / promptMs) * 1000,
        decodeMs,
        decodeTokensPerSecond: ((decodeTokens - 1) / decodeMs) * 1000,
        decodeMedianTokenMs: summarize(gaps).median,
        llamaCpp: await llamaCppTimings(context),
      });
    } finally {
      await context.dispose();
      await model.dispose();
    }
  }
  if (prompt === undefined || precision === undefined) throw new Error('repeats must be at least 1');

  return {
    engine: 'llama.cpp via node-llama-cpp',
    llamaCppRelease: llama.llamaCppRelease.release,
    binary: `${llama.buildType} ${llama.gpu === false ? 'cpu' : llama.gpu}`,
    modelPath: options.modelPath,
    fileBytes: statSync(options.modelPath).size,
    threads,
    useMmap,
    precision,
    contextSize,
    promptText: prompt.text,
    promptTokenIds: prompt.tokens.map(Number),
    promptTokens,
    decodeTokens,
    repeats,
    generatedText,
    loadMs: summarize(runs.map((x) => x.loadMs)),
    promptMs: summarize(runs.map((x) => x.promptMs)),
    promptTokensPerSecond: summarize(runs.map((x) => x.promptTokensPerSecond)),
    decodeMs: summarize(runs.map((x) => x.decodeMs)),
    decodeTokensPerSecond: summarize(runs.map((x) => x.decodeTokensPerSecond)),
    decodeMedianTokenMs: summarize(runs.map((x) => x.decodeMedianTokenMs)),
    llamaCppPromptTokensPerSecond: summarize(runs.map((x) => (x.llamaCpp.promptEvalTokens / x.llamaCpp.promptEvalMs) * 1000)),
    llamaCppDecodeTokensPerSecond: summarize(runs.map((x) => (x.llamaCpp.evalRuns / x.llamaCpp.evalMs) * 1000)),
    peakRssBytes: peak.bytes,
    processMaxRssBytes: process.resourceUsage().maxRSS * 1024,
    runs,
  };
}

function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      all: { type: 'boolean', default: false },
      threads: { type: 'string', default: '2' },
      'prompt-tokens': { type: 'string', default: '64' },
      'decode-tokens': { type: 'string', default: '32' },
      repeats: { type: 'string', default: '5' },
      prompt: { type: 'string' },
      mmap: { type: 'boolean', default: false },
      precision: { type: 'string', default: 'fast' },
    },
  });
  const precision = values.precision;
  if (precision !== 'exact' && precision !== 'fast') throw new Error(`--precision must be exact or fast, not "${precision}"`);
  const paths = [...positionals];
  if (values.all) {
    const manifest = JSON.parse(readFileSync(join(SYNTHETIC_MODELS_DIR, 'models.json'), 'utf8')) as SyntheticModelEntry[];
    paths.push(...manifest.map((e) => join(SYNTHETIC_MODELS_DIR, e.file)));
  }
  if (paths.length === 0) throw new Error('give GGUF paths, or --all for the synthetic set (npm run perf:models first)');

  const results: NativeBenchResult[] = [];
  for (const modelPath of paths) {
    const result = await runNativeBench({
      modelPath,
      threads: positiveInt(values.threads, 'threads'),
      promptTokens: positiveInt(values['prompt-tokens'], 'prompt-tokens'),
      decodeTokens: positiveInt(values['decode-tokens'], 'decode-tokens'),
      repeats: positiveInt(values.repeats, 'repeats'),
      ...(values.prompt === undefined ? {} : { prompt: values.prompt }),
      useMmap: values.mmap,
      precision,
    });
    const f = (s: Stat) => `${s.median.toFixed(1)} (best ${s.max.toFixed(1)})`;
    console.error(
      `${modelPath}: load ${result.loadMs.median.toFixed(0)} ms, prompt ${f(result.promptTokensPerSecond)} tok/s, ` +
        `decode ${f(result.decodeTokensPerSecond)} tok/s, median token ${result.decodeMedianTokenMs.median.toFixed(2)} ms`,
    );
    results.push(result);
  }
  console.log(JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
  await (await getNativeLlama()).dispose();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();

import { describe, expect, it } from 'vitest';
import { PERF_SCHEMA, renderPerfMarkdown, validatePerfReport, type PerfReport } from './perfReport';
import { summarize } from './stats';

const exact = { precision: 'exact' as const, kvCacheType: 'f32' as const, flashAttention: false };

const s = (...values: number[]) => summarize(values);
const rates = (prompt: number, decode: number) => ({
  promptTokensPerSecond: s(prompt, prompt * 1.1),
  decodeTokensPerSecond: s(decode, decode * 1.1),
});

function handMade(): PerfReport {
  const shell = [
    { file: 'assets/index-abc.js', bytes: 110_000, gzipBytes: 39_000 },
    { file: 'assets/index-abc.css', bytes: 4_600, gzipBytes: 1_500 },
  ];
  return {
    schema: PERF_SCHEMA,
    generatedAt: '2026-01-01T00:00:00.000Z',
    durationSeconds: 412,
    repeats: 5,
    machine: {
      cpus: 2,
      cpuModel: 'AMD EPYC',
      memoryBytes: 24 * 2 ** 30,
      node: 'v20.0.0',
      browser: 'Chromium 156',
      llamaCppRelease: 'b1',
      wllama: 'wllama b2',
    },
    harness_overhead_ratio: 0.97,
    letter_logprob_vs_prefill: 1.08,
    option_logprob_vs_prefill: 1.6,
    wasm_vs_native_decode_ratio: 0.14,
    endpoint_harness_ratio: 0.975,
    endpoint_concurrency_speedup: 1.45,
    shell_gzip_bytes: 40_500,
    budgets: [
      { id: 'harness_overhead_ratio', label: 'overhead', value: 0.97, op: '>=', threshold: 0.95, pass: true },
      { id: 'letter_logprob_vs_prefill', label: 'letter cost', value: 1.08, op: '<=', threshold: 1.2, pass: true },
      { id: 'option_logprob_vs_prefill', label: 'option cost', value: 1.6, op: '<=', threshold: 1.5, pass: false },
      { id: 'shell_gzip_bytes', label: 'shell', value: 40_500, op: '<=', threshold: 122_880, pass: true },
      { id: 'endpoint_harness_ratio', label: 'endpoint overhead', value: 0.975, op: '>=', threshold: 0.9, pass: true },
    ],
    harness: {
      model: 'stories260K',
      suite: 'medqa-usmle-4',
      items: 200,
      threads: 2,
      fullRun: { ms: s(6900, 7000), itemsPerSecond: s(28.6, 29), harnessMs: s(30, 40) },
      bare: { ms: s(6700, 6800), itemsPerSecond: s(29.4, 29.9) },
      pairRatio: s(0.97, 0.99),
    },
    scoringModes: {
      suite: 'medqa-usmle-4',
      items: 200,
      maxTokens: 32,
      generativeItems: 100,
      letterLogprobMsPerItem: s(33, 35),
      generativeMsPerItem: s(106, 110),
      generativeMeanCompletionTokens: 32,
      letterPrefillMsPerItem: s(31, 32),
      optionSuite: 'pubmedqa',
      optionItems: 50,
      optionLogprobMsPerItem: s(80, 82),
      optionPrefillMsPerItem: s(50, 51),
    },
    engineVsNative: [
      {
        model: 'llama-60m-q8_0.gguf',
        threads: 1,
        precision: exact,
        samePrecision: true,
        promptTokens: 64,
        decodeTokens: 32,
        samePrompt: true,
        wllama: rates(37, 30),
        native: rates(780, 215),
        decodeRatio: 0.14,
        promptRatio: 0.05,
      },
    ],
    scale: [
      {
        model: 'llama-1m-f16.gguf',
        weightType: 'f16',
        parameters: 984_192,
        fileBytes: 1_984_448,
        engine: 'wllama',
        threads: 1,
        precision: exact,
        loadMs: s(90, 100),
        peakMemoryBytes: 300 * 2 ** 20,
        ...rates(995, 286),
      },
      {
        model: 'llama-1m-f16.gguf',
        weightType: 'f16',
        parameters: 984_192,
        fileBytes: 1_984_448,
        engine: 'native',
        threads: 1,
        precision: exact,
        loadMs: s(10, 12),
        peakMemoryBytes: null,
        ...rates(16000, 2700),
      },
    ],
    pageWeight: {
      shell,
      shellGzipBytes: 40_500,
      worker: { file: 'assets/engine.worker-x.js', bytes: 21_000, gzipBytes: 8_700 },
      engines: [{ file: 'assets/wllama-x.wasm', bytes: 10_000_000, gzipBytes: 2_800_000, engines: ['wllama'] }],
      engineRequestsBeforeLoad: [],
      engineRequestsAfterLoad: ['assets/wllama-x.wasm'],
      timeToInteractiveMs: s(200, 210, 230),
    },
    bundledModel: { replyTokens: 128, coldLoadMs: s(700, 800), cachedLoadMs: s(300, 350), decodeTokensPerSecond: s(300, 350) },
    endpoint: {
      server: 'llama-server b0-80fb11a, 4 slots, 1 thread',
      model: 'stories260K',
      suite: 'medqa-usmle-4',
      items: 100,
      concurrency: 4,
      requestsPerItem: 6,
      bedside: s(11.5, 11.7),
      bare: s(11.8, 12),
      bedsideAtOne: s(8, 8.1),
      pairRatio: s(0.96, 0.99),
      concurrencySpeedup: s(1.4, 1.5),
    },
    notes: ['hand-made'],
  };
}

describe('validatePerfReport', () => {
  it('accepts a complete report, through a JSON round trip', () => {
    const result = validatePerfReport(JSON.parse(JSON.stringify(handMade())));
    expect(result).toEqual({ ok: true, report: handMade() });
  });

  it('names each broken field', () => {
    const broken = JSON.parse(JSON.stringify(handMade())) as Record<string, unknown>;
    delete broken.wasm_vs_native_decode_ratio;
    broken.harness_overhead_ratio = 'fast';
    (broken.scale as { engine: string }[])[0]!.engine = 'webgpu';
    (broken.harness as { fullRun: { ms: { median: number } } }).fullRun.ms.median = 1;
    const result = validatePerfReport(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        'report.wasm_vs_native_decode_ratio: missing',
        'report.harness_overhead_ratio: expected a finite number, got "fast"',
        expect.stringMatching(/^report\.scale\[0\]\.engine: expected one of/),
        'report.harness.fullRun.ms: expected min ≤ median ≤ max',
      ]),
    );
  });

  it('rejects headline numbers that disagree with their sections', () => {
    const report = handMade();
    report.shell_gzip_bytes = 1;
    report.endpoint_harness_ratio = 1.2;
    report.budgets[2]!.pass = true;
    const result = validatePerfReport(report);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'report.shell_gzip_bytes: differs from pageWeight.shellGzipBytes',
      'report.endpoint_harness_ratio: differs from endpoint.pairRatio.median',
      'report.budgets[2].pass: 1.6 <= 1.5 is false',
    ]);
  });

  it('rejects a non-finite rate', () => {
    const report = handMade();
    report.wasm_vs_native_decode_ratio = Number.NaN;
    expect(validatePerfReport(report).ok).toBe(false);
  });
});

describe('summarize', () => {
  it('gives min, median (mean of the middle two when even) and max', () => {
    expect(summarize([5, 1, 3])).toEqual({ min: 1, median: 3, max: 5, n: 3 });
    expect(summarize([4, 1, 3, 2])).toEqual({ min: 1, median: 2.5, max: 4, n: 4 });
  });
});

describe('renderPerfMarkdown', () => {
  it('shows every budget with its status, the tables and the plot', () => {
    const md = renderPerfMarkdown(handMade());
    expect(md).toContain('| option cost | 1.600 | <= 1.5 | **MISS** |');
    expect(md).toContain('| letter cost | 1.080 | <= 1.2 | pass |');
    expect(md).toContain('| overhead | 0.970 | >= 0.95 | pass |');
    expect(md).toContain('| shell | 39.6 KiB | <= 120.0 KiB | pass |');
    expect(md).toContain('| endpoint overhead | 0.975 | >= 0.9 | pass |');
    expect(md).toContain('| Bedside endpoint run, 4 in flight (planning, scoring, results) | 11.50 / 11.60 |');
    expect(md).toContain('Back-to-back pairs, Bedside ÷ bare items/s: 0.960 / 0.975 (min / median). 4 in flight ÷ 1: 1.400 / 1.450');
    expect(md).toContain(
      '| llama-60m-q8_0.gguf | exact: f32 KV cache, no flash attention | 1 | 64 | 37.0 / 38.9 | 780.0 / 819.0 | 30.0 / 31.5 | 215.0 / 225.8 | 0.14 | 0.05 | yes |',
    );
    // Each scale row names the precision its engine ran at.
    expect(md).toMatch(/\| llama-1m-f16\.gguf \| .* \| native \| exact: f32 KV cache, no flash attention \| 1 \|/);
    expect(md).toContain('![tokens per second against parameters](perf-scale.svg)');
    expect(md).toContain('| **shell total** |  |  | **39.6 KiB** |');
  });
});

import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../e2e/chromium.ts';
import { catalog } from '../models/catalog';
import { parseBenchArgs, UsageError } from './benchmarkCli';
import { ensureBuilt, runCli } from './testing/cli';
const otherModel = catalog.find((m) => m.id !== 'stories260K')?.id ?? 'stories260K';

describe('parseBenchArgs', () => {
  it('fills in the defaults', () => {
    expect(parseBenchArgs(['--suite', 'medqa-usmle-4'])).toEqual({
      suite: { kind: 'builtin', id: 'medqa-usmle-4' },
      modelId: 'stories260K',
      selection: { kind: 'all' },
      seed: 1234,
      mode: undefined,
      maxTokens: 32,
      out: undefined,
      chromiumArgs: [],
      build: true,
      port: undefined,
      engine: 'browser',
      modelFile: undefined,
      gpuLayers: 'auto',
      precision: 'exact',
      nShot: 0,
      includeImageItems: false,
    });
  });

  it('reads every flag', () => {
    const args = parseBenchArgs([
      '--suite-file',
      'my.jsonl',
      '--model',
      otherModel,
      '--quick',
      '40',
      '--seed',
      '7',
      '--mode',
      'generative',
      '--max-tokens',
      '64',
      '--out',
      'x.json',
      '--chromium-arg=--enable-unsafe-webgpu',
      '--chromium-arg=--use-angle=vulkan',
      '--no-build',
      '--port',
      '4300',
      '--precision',
      'fast',
    ]);
    expect(args).toEqual({
      suite: { kind: 'file', path: 'my.jsonl' },
      modelId: otherModel,
      selection: { kind: 'stratified', n: 40 },
      seed: 7,
      mode: 'generative',
      maxTokens: 64,
      out: 'x.json',
      chromiumArgs: ['--enable-unsafe-webgpu', '--use-angle=vulkan'],
      build: false,
      port: 4300,
      engine: 'browser',
      modelFile: undefined,
      gpuLayers: 'auto',
      precision: 'fast',
      nShot: 0,
      includeImageItems: false,
    });
  });

  it('maps --limit to the first N items', () => {
    expect(parseBenchArgs(['--suite', 'pubmedqa', '--limit', '20'])).toMatchObject({ selection: { kind: 'limit', n: 20 } });
  });

  it('reads --num-fewshot where the suite offers it, and --include-image-items', () => {
    expect(parseBenchArgs(['--suite', 'cmmlu-medical', '--num-fewshot', '5'])).toMatchObject({ nShot: 5, includeImageItems: false });
    expect(parseBenchArgs(['--suite', 'headqa-es', '--include-image-items'])).toMatchObject({ nShot: 0, includeImageItems: true });
  });

  it('returns help whatever else is given', () => {
    expect(parseBenchArgs(['--help'])).toBe('help');
    expect(parseBenchArgs(['--suite', 'nope', '--help'])).toBe('help');
  });

  it.each([
    [['--suite', 'nope'], /Unknown suite "nope"\. Valid suites: medqa-usmle-4, .*pubmedqa/],
    [[], /Name a suite/],
    [['--suite', 'pubmedqa', '--suite-file', 'a.jsonl'], /either --suite or --suite-file/],
    [['--suite', 'pubmedqa', '--limit', '5', '--quick', '5'], /either --limit or --quick/],
    [['--suite', 'pubmedqa', '--limit', '0'], /--limit expects an integer ≥ 1, got "0"/],
    [['--suite', 'pubmedqa', '--limit', '2.5'], /--limit expects an integer/],
    [['--suite', 'pubmedqa', '--quick', 'ten'], /--quick expects an integer/],
    [['--suite', 'pubmedqa', '--seed=-1'], /--seed expects an integer ≥ 0/],
    [['--suite', 'pubmedqa', '--max-tokens', '0'], /--max-tokens expects an integer ≥ 1/],
    [['--suite', 'pubmedqa', '--port', '70000'], /--port expects an integer from 1 to 65535/],
    [['--suite', 'pubmedqa', '--mode', 'vibes'], /Unknown mode "vibes"\. Valid modes: letter-logprob, option-logprob, generative/],
    [['--suite', 'pubmedqa', '--model', 'gpt-9'], /Unknown model "gpt-9"\. Catalog models: stories260K, /],
    [['--suite', 'pubmedqa', '--frob'], /Unknown option '--frob'/],
    [['--suite', 'pubmedqa', '--mode', 'letter-logprob'], /not scored in letter-logprob mode.*Use --mode option-logprob/],
    [['--suite', 'medqa-usmle-4', '--mode', 'option-logprob'], /not scored in option-logprob mode.*Use --mode letter-logprob/],
    [['--suite', 'pubmedqa', '--engine', 'gpu'], /Unknown engine "gpu"/],
    [['--suite', 'pubmedqa', '--engine', 'native', '--mode', 'generative'], /native engine scores log-prob modes only/],
    [['--suite', 'pubmedqa', 'extra'], /positional argument/],
    [['--suite', 'pubmedqa', '--precision', 'half'], /--precision expects exact or fast, got "half"/],
    [['--suite', 'medqa-usmle-4', '--num-fewshot', '5'], /medqa-usmle-4 offers zero-shot runs only/],
    [['--suite', 'cmmlu-medical', '--num-fewshot', '3'], /offers zero-shot or 5-shot runs, not 3-shot/],
    [['--suite', 'cmmlu-medical', '--num-fewshot', '5', '--mode', 'generative'], /generative runs are zero-shot/],
    // A value that starts with a dash must be attached with `=`.
    [['--suite', 'pubmedqa', '--chromium-arg', '--enable-unsafe-webgpu'], /--chromium-arg=-XYZ/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(UsageError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });
});

describe.skipIf(!existsSync(chromiumPath))('npm run bench exits', () => {
  beforeAll(ensureBuilt, 120_000);

  it('exits 2 for a mode the suite does not define, naming the allowed one', async () => {
    const { code, output } = await runCli('benchmarkCli.ts', [
      '--suite',
      'pubmedqa',
      '--mode',
      'letter-logprob',
      '--limit',
      '3',
      '--no-build',
    ]);
    expect(code).toBe(2);
    expect(output).toContain('option-logprob');
  }, 60_000);

  it('exits non-zero on an unknown suite and names the valid ones', async () => {
    const { code, output } = await runCli('benchmarkCli.ts', ['--suite', 'nope', '--no-build']);
    expect(code).not.toBe(0);
    expect(output).toMatch(/Unknown suite "nope"\. Valid suites: .*medqa-usmle-4.*pubmedqa/);
  }, 60_000);
});
